"""Mass-radius curves of fixed compositions: the pure-layer and Earth-like curves of a model."""

import numpy as np

__all__ = ["EARTH_LIKE", "composition_curves", "mass_radius_curve"]

#: Earth's core mass fraction (Zeng et al. 2016 use 32.5% Fe for "Earth-like").
EARTH_LIKE = {"core": 0.325, "mantle": 0.675}


def mass_radius_curve(model, fractions, masses, teq=None):
    """Radii [R_E] of planets of one composition at each of ``masses`` [M_E].

    Parameters
    ----------
    model : StructureModel
    fractions : dict of str to float
        Mass fraction per layer name; layers left out are absent.
    masses : array_like
    teq : float, optional
        Equilibrium temperature [K], required by models with an envelope.

    Returns
    -------
    ndarray
        Radii, NaN where a planet cannot be built (see the statuses of ``model.simulate``).
    """
    masses = np.asarray(masses, dtype=float)
    unknown = set(fractions) - set(model.layer_names)
    if unknown:
        raise ValueError(
            f"{sorted(unknown)} are not layers of {model.name!r} ({', '.join(model.layer_names)})"
        )
    params = {"mass": masses}
    params.update(
        {f"w_{name}": np.full(masses.shape, fractions.get(name, 0.0)) for name in model.layer_names}
    )
    if model.uses_teq:
        params["teq"] = np.full(masses.shape, np.nan if teq is None else teq)
    return model.simulate(params).radius


def composition_curves(model, masses, teq=500.0, gas_fraction=0.01):
    """The characteristic curves of a model: each solid layer alone, Earth-like (when the model has a core
    and a mantle), and, with an envelope, Earth-like with ``gas_fraction`` of H/He at ``teq``.

    Returns
    -------
    dict of str to ndarray
        Label to radii [R_E] at ``masses``.
    """
    curves = {}
    solid_layers = [layer.name for layer in model.layers if not layer.is_envelope]
    for name in solid_layers:
        curves[f"100% {name}"] = mass_radius_curve(model, {name: 1.0}, masses, teq)
    if set(EARTH_LIKE) <= set(solid_layers):
        curves["Earth-like"] = mass_radius_curve(model, EARTH_LIKE, masses, teq)
        if model.uses_teq:
            gas = model.layers[-1].name
            mixture = {k: v * (1.0 - gas_fraction) for k, v in EARTH_LIKE.items()} | {gas: gas_fraction}
            curves[f"Earth-like + {gas_fraction:.0%} {gas}, {teq:g} K"] = mass_radius_curve(
                model, mixture, masses, teq
            )
    return curves
