"""Trace plots: each chain's draws against the draw index and each chain's marginal density, per variable,
with R-hat and bulk ESS in the panel titles (ArviZ's ``plot_trace`` with exoinfer's labels and units)."""

import numpy as np

from ..errors import InputError
from ._figures import pyplot
from .corner import is_constant, model_of, posterior_title, quantity_label

__all__ = ["plot_trace"]


def plot_trace(idata, names=None, *, title=None, figsize=None):
    """Per-chain traces (right) and marginal densities (left) of posterior variables.

    Parameters
    ----------
    idata : InferenceData
    names : sequence of str, optional
        Variables to show; by default the model's sampled parameters that vary (a mass fraction fixed at 0
        is left out), or every varying ``mass``, ``w_*`` and ``teq`` when the model is unknown.
    title : str, optional
        By default the planet, model and method from the attributes.
    figsize : (float, float), optional

    Returns
    -------
    matplotlib Figure
        Two axes per variable, row by row (density, then trace).

    Raises
    ------
    InputError
        If a name is not a posterior variable, or none of the names varies.

    Notes
    -----
    R-hat is the rank-normalized split R-hat and ESS the bulk effective sample size (Vehtari et al. 2021,
    Bayesian Analysis 16, 667), both from ArviZ; R-hat needs at least two chains.
    """
    import warnings

    from ..inference.posterior import import_arviz

    az = import_arviz()
    names = _names(idata, names)
    plt = pyplot()
    figsize = figsize or (10.0, 1.0 + 1.9 * len(names))
    fig, axes = plt.subplots(len(names), 2, figsize=figsize, squeeze=False, layout="constrained")
    n_chains = idata.posterior.sizes.get("chain", 1)
    with warnings.catch_warnings():
        # ArviZ 0.x calls a matplotlib API deprecated in 3.11, once per artist: noise for the user.
        warnings.filterwarnings("ignore", message="Passing a dict or None as alias_mapping")
        # legend=True puts the chain legend in the first trace panel; a dozen chains would bury it.
        az.plot_trace(idata, var_names=names, compact=False, legend=1 < n_chains <= 8, axes=axes, show=False)
    rhat, ess = _diagnostics(az, idata, names, n_chains)
    for row, name in enumerate(names):
        label = quantity_label(name)
        density, trace = axes[row]
        density.set_title(f"{label}: marginal per chain", fontsize=10)
        density.set_xlabel(label, fontsize=9)
        density.set_ylabel("density", fontsize=9)
        stats = [f"ESS {ess[name]:.0f}"]
        if np.isfinite(rhat[name]):
            stats.insert(0, f"$\\hat{{R}}$ = {rhat[name]:.3f}")
        trace.set_title(f"{label}: trace   ({', '.join(stats)})", fontsize=10)
        trace.set_ylabel(label, fontsize=9)
        trace.set_xlabel("draw" if row == len(names) - 1 else "", fontsize=9)
        for ax in (density, trace):
            ax.tick_params(labelsize=8)
    fig.suptitle(title if title is not None else _title(idata, n_chains), fontsize=12)
    return fig


def _names(idata, names):
    present = list(idata.posterior.data_vars)
    if names is None:
        model = model_of(idata)
        if model is not None:
            candidates = list(model.parameter_names)
        else:
            candidates = [n for n in present if n in ("mass", "teq") or n.startswith("w_")]
        names = [n for n in candidates if n in present and not is_constant(idata.posterior[n].values)]
    else:
        names = list(names)
        for name in names:
            if name not in present:
                raise InputError("posterior variable", name, f"one of {', '.join(present)}")
        names = [n for n in names if not is_constant(idata.posterior[n].values)]
    if not names:
        raise InputError("names", "constant variables only", "at least one variable that varies")
    return names


def _diagnostics(az, idata, names, n_chains):
    import warnings

    with warnings.catch_warnings():
        # ArviZ warns about too few draws or chains; the numbers are shown, and judged by the reader.
        warnings.simplefilter("ignore")
        ess = az.ess(idata, var_names=names, method="bulk")
        rhat = az.rhat(idata, var_names=names) if n_chains > 1 else None
    return (
        {n: float(rhat[n]) if rhat is not None else np.nan for n in names},
        {n: float(ess[n]) for n in names},
    )


def _title(idata, n_chains):
    method = idata.posterior.attrs.get("method")
    n_draws = idata.posterior.sizes.get("draw", 0)
    text = posterior_title([idata], what="Traces")
    return text + f"\n{method + ': ' if method else ''}{n_chains} chains x {n_draws} draws"
