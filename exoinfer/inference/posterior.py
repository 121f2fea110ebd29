"""Posteriors as ArviZ InferenceData: the one container every backend returns.

Groups:

- ``posterior``: the sampled parameters (``mass``, ``w_*``, ``teq``) and, for every draw, the model's
  outputs and derived quantities (``radius``, ``k2``, ``moi``, ``p_center``, ``r_*``, ``d_*``, ``p_*``),
  each with dimensions (chain, draw);
- ``observed_data``: each measured value, its errors and kind as variables ``<name>``,
  ``<name>_err_lower``, ``<name>_err_upper`` and the kind in the variable's attributes;
- ``sample_stats``: whatever the backend records (``lp``, acceptance, SMC's log evidence ...);
- attributes: method, model name and version, prior, observation, seed, settings and the exoinfer
  version (nested records as JSON strings, since NetCDF attributes are flat).

Files are NetCDF (``.nc``), written atomically.
"""

import datetime
import json

import numpy as np

from ..errors import FileFormatError
from ..io import atomic_path

__all__ = ["build_posterior", "import_arviz", "load_posterior", "posterior_frame", "save_posterior"]


def import_arviz():
    """ArviZ, imported on use (it is slow to import) without its refactoring announcement."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, module="arviz")
        import arviz

    # Walkers of an ensemble sampler are chains, often more of them than kept draws early in a run.
    warnings.filterwarnings("ignore", message="More chains .* than draws", category=UserWarning)
    # ArviZ JIT-compiles a few statistics with numba when it is installed (it is, for the structure
    # kernel): seconds of compilation in every process for no gain at these sizes.
    arviz.Numba.disable_numba()
    return arviz


def build_posterior(
    problem,
    samples,
    method,
    *,
    quantities=None,
    sample_stats=None,
    seed=None,
    settings=None,
    extra_attrs=None,
):
    """Assemble the Posterior of ``problem`` from a backend's draws.

    Parameters
    ----------
    problem : Problem
    samples : dict of str to ndarray
        Every parameter of the model, shape (chain, draw).
    method : str
        Backend name (``emcee``, ``pymc-smc`` ...).
    quantities : dict of str to ndarray, optional
        Outputs already computed for these draws (e.g. emcee blobs), shape (chain, draw); when None the
        draws are simulated again in one batch.
    sample_stats : dict of str to ndarray, optional
        Per-draw statistics, shape (chain, draw).
    seed : int, optional
    settings : dict, optional
        The backend's settings, recorded as JSON.
    extra_attrs : dict, optional
        More scalar attributes (e.g. ``log_evidence``).

    Returns
    -------
    arviz.InferenceData
    """
    az = import_arviz()

    samples = {name: np.asarray(samples[name], dtype=float) for name in problem.parameter_names}
    shape = next(iter(samples.values())).shape
    if quantities is None:
        flat = {k: v.ravel() for k, v in samples.items()}
        quantities = {k: v.reshape(shape) for k, v in problem.simulate(flat).items() if k != "status"}
    posterior = dict(samples)
    for name in problem.output_names:
        posterior[name] = np.asarray(quantities[name], dtype=float).reshape(shape)
    attrs = _attributes(problem, method, seed, settings)
    attrs.update(extra_attrs or {})
    idata = az.from_dict(posterior=posterior, sample_stats=sample_stats or None, attrs=attrs)
    idata.add_groups(observed_data=_observed_dataset(problem.observation))
    for group in idata.groups():
        idata[group].attrs.update(attrs)
    return idata


def _observed_dataset(observation):
    import xarray as xr

    variables = {}
    for m in observation.measurements:
        variables[m.name] = xr.DataArray(m.value, attrs={"kind": m.kind})
        variables[f"{m.name}_err_lower"] = xr.DataArray(m.lower)
        variables[f"{m.name}_err_upper"] = xr.DataArray(m.upper)
    return xr.Dataset(variables)


def _attributes(problem, method, seed, settings):
    from .. import __version__

    record = problem.describe()
    return {
        "method": method,
        "model": problem.model.name,
        "model_version": problem.model.version,
        "planet": problem.observation.name,
        "model_record": json.dumps(record["model"]),
        "prior": json.dumps(record["prior"]),
        "observation": json.dumps(record["observation"]),
        "ignored_measurements": json.dumps(record["ignored_measurements"]),
        "seed": -1 if seed is None else int(seed),
        "settings": json.dumps(settings or {}),
        "exoinfer_version": __version__,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "inference_library": "exoinfer",
    }


def save_posterior(idata, path):
    """Write ``idata`` to NetCDF at ``path`` atomically (a failed write leaves no file)."""
    with atomic_path(path) as tmp:
        idata.to_netcdf(str(tmp), engine="h5netcdf")
    return path


def load_posterior(path):
    """Read a Posterior written by :func:`save_posterior`.

    Raises
    ------
    FileFormatError
        If the file is missing, not NetCDF, or not an exoinfer posterior.
    """
    az = import_arviz()

    try:
        idata = az.from_netcdf(str(path), engine="h5netcdf")
    except FileNotFoundError:
        raise FileFormatError(f"posterior file {path}: no such file") from None
    except (OSError, ValueError, KeyError) as err:
        raise FileFormatError(f"posterior file {path}: not a readable NetCDF posterior ({err})") from None
    if "posterior" not in idata.groups() or "method" not in idata.posterior.attrs:
        raise FileFormatError(f"posterior file {path}: no exoinfer posterior group in it")
    return idata


def posterior_frame(idata, names=None):
    """Draws flattened over chains: dict of name to 1-D array (default: every posterior variable)."""
    names = names or list(idata.posterior.data_vars)
    return {name: idata.posterior[name].values.reshape(-1) for name in names}
