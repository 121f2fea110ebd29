"""A planet as the catalogs hand it out: measured values with asymmetric 1-sigma errors and references."""

import math
from dataclasses import dataclass, field, fields

__all__ = ["Planet"]


@dataclass(frozen=True)
class Planet:
    """One planet's observables, in Earth units.

    Every error is a (lower, upper) pair of non-negative 1-sigma uncertainties, so a value quoted as
    ``8.17 (+0.43 / -0.43)`` has ``mass_err == (0.43, 0.43)``. Quantities that were not measured are None,
    with their errors.

    Attributes
    ----------
    name : str
    mass : float
        [M_E].
    mass_err : tuple of float
        (lower, upper) [M_E].
    radius : float
        [R_E] (R_E = 6371 km).
    radius_err : tuple of float
    teq, teq_err : float or None, tuple or None
        Equilibrium temperature [K].
    k2, k2_err : float or None, tuple or None
        Fluid Love number of degree 2.
    moi, moi_err : float or None, tuple or None
        Moment of inertia factor C / (M R^2).
    semi_major_axis : float or None
        [AU].
    star_luminosity : float or None
        [L_sun] (linear, not the archive's log10).
    star_radius : float or None
        [R_sun].
    star_teff : float or None
        [K].
    references : dict of str to str
        Quantity name (``mass``, ``radius``, ``teq``, ``k2``, ``moi``, ``orbit``, ``star``) -> source.
    """

    name: str
    mass: float
    mass_err: tuple
    radius: float
    radius_err: tuple
    teq: float | None = None
    teq_err: tuple | None = None
    k2: float | None = None
    k2_err: tuple | None = None
    moi: float | None = None
    moi_err: tuple | None = None
    semi_major_axis: float | None = None
    star_luminosity: float | None = None
    star_radius: float | None = None
    star_teff: float | None = None
    references: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if not self.name:
            raise ValueError("a planet needs a name")
        for name in ("mass", "radius"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
                raise ValueError(f"{self.name}: {name} = {value!r} must be a finite number > 0")
        for f in fields(self):
            if f.name.endswith("_err"):
                err = getattr(self, f.name)
                if err is None:
                    continue
                if len(err) != 2 or not all(math.isfinite(e) and e >= 0 for e in err):
                    raise ValueError(f"{self.name}: {f.name} = {err!r} must be a (lower, upper) pair >= 0")
                object.__setattr__(self, f.name, (float(err[0]), float(err[1])))

    def as_dict(self):
        """Plain dict of every attribute (errors as lists), e.g. for JSON."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        out["references"] = dict(self.references)
        return out
