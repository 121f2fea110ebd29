"""What was measured: observables with Gaussian, asymmetric-Gaussian or one-sided (limit) uncertainties.

Any quantity the structure model outputs can be constrained: its parameters (``mass``, ``teq``), its
observables (``radius``, ``k2``, ``moi``) and its derived quantities (``d_core``, ``r_mantle``,
``p_center`` ...); the names are those of :mod:`exoinfer.vocabulary`.

Each :class:`Measurement` contributes one term to the log-likelihood of a predicted value x:

- ``gaussian`` with errors (lower, upper): a split normal (two half-Gaussians of widths ``lower`` below
  and ``upper`` above the value, joined at their mode), the usual reading of an asymmetric error bar
  quoted as value +upper/-lower. With equal errors it is the ordinary Gaussian;
- ``upper`` limit L with width s: ln Phi((L - x) / s), the probability that a Gaussian measurement of x
  falls below L; s = 0 makes it a hard cut (0 below, -inf above). ``lower`` is its mirror image.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.special import log_ndtr

from ..errors import FileFormatError, InputError
from ..vocabulary import describe

__all__ = ["Measurement", "Observation"]

#: Physical ranges of observables that a layered, self-gravitating fluid body can have: k2 of a fluid
#: body lies in (0, 3/2] (3/2 for a uniform sphere, smaller for any central concentration) and C/MR^2 in
#: (0, 0.4] (0.4 for a uniform sphere).
PHYSICAL_RANGE = {"k2": (0.0, 1.5), "moi": (0.0, 0.4)}

KINDS = ("gaussian", "upper", "lower")


@dataclass(frozen=True)
class Measurement:
    """One measured quantity.

    Parameters
    ----------
    name : str
        Vocabulary name (``radius``, ``k2``, ``d_core`` ...).
    value : float
        Measured value, or the limit for ``upper`` and ``lower``; in the quantity's unit (Earth masses,
        Earth radii, K, GPa).
    lower, upper : float
        1-sigma errors below and above the value (``gaussian``: both > 0); for a limit, ``upper`` is the
        width of its soft edge (0: a hard cut) and ``lower`` is unused.
    kind : {"gaussian", "upper", "lower"}
    """

    name: str
    value: float
    lower: float = 0.0
    upper: float = 0.0
    kind: str = "gaussian"

    def __post_init__(self):
        describe(
            self.name
        )  # KeyError for a name outside the vocabulary; Observation turns it into InputError
        if self.kind not in KINDS:
            raise InputError(f"{self.name} kind", self.kind, " or ".join(KINDS))
        if not math.isfinite(self.value):
            raise InputError(self.name, self.value, "a finite number")
        if self.kind == "gaussian":
            for side, err in (("lower", self.lower), ("upper", self.upper)):
                if not (math.isfinite(err) and err > 0):
                    raise InputError(f"{self.name} {side} error", err, "a finite uncertainty > 0")
        elif not (math.isfinite(self.upper) and self.upper >= 0):
            raise InputError(f"{self.name} limit width", self.upper, "a finite width >= 0")
        low, high = PHYSICAL_RANGE.get(self.name, (-math.inf, math.inf))
        if not (low < self.value <= high):
            raise InputError(self.name, self.value, f"a value in ({low:g}, {high:g}]")
        if self.name in ("mass", "radius", "teq") and self.value <= 0:
            raise InputError(self.name, self.value, "a number > 0")

    @property
    def sigma(self):
        """Symmetric 1-sigma error (the mean of the two sides) for quick checks and tables."""
        return 0.5 * (self.lower + self.upper) if self.kind == "gaussian" else self.upper

    def log_likelihood(self, x):
        """ln p(measurement | predicted x), elementwise; NaN predictions give -inf."""
        x = np.asarray(x, dtype=float)
        with np.errstate(invalid="ignore"):
            if self.kind == "gaussian":
                width = np.where(x < self.value, self.lower, self.upper)
                norm = math.log(math.sqrt(2.0 / math.pi) / (self.lower + self.upper))
                out = norm - 0.5 * ((x - self.value) / width) ** 2
            else:
                sign = 1.0 if self.kind == "upper" else -1.0
                if self.upper > 0:
                    out = log_ndtr(sign * (self.value - x) / self.upper)
                else:
                    out = np.where(sign * (self.value - x) >= 0, 0.0, -np.inf)
        return np.where(np.isfinite(x), out, -np.inf)

    def sample(self, n, rng):
        """Draws of the measured quantity given this measurement (split normal; limits: not defined)."""
        if self.kind != "gaussian":
            raise InputError(self.name, self.kind, "a Gaussian measurement to draw from")
        below = rng.random(n) < self.lower / (self.lower + self.upper)
        half = np.abs(rng.standard_normal(n))
        return np.where(below, self.value - self.lower * half, self.value + self.upper * half)

    def text(self):
        """Human-readable form: ``radius = 1.00 +0.02/-0.02``, ``k2 < 0.9``."""
        if self.kind == "gaussian":
            if self.lower == self.upper:
                return f"{self.name} = {self.value:.4g} ± {self.upper:.3g}"
            return f"{self.name} = {self.value:.4g} +{self.upper:.3g}/-{self.lower:.3g}"
        edge = f" (width {self.upper:.3g})" if self.upper > 0 else ""
        return f"{self.name} {'<' if self.kind == 'upper' else '>'} {self.value:.4g}{edge}"

    def as_dict(self):
        return {
            "name": self.name,
            "value": self.value,
            "lower": self.lower,
            "upper": self.upper,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Observation:
    """The measurements of one planet.

    Parameters
    ----------
    measurements : sequence of Measurement
        At most one per quantity.
    name : str, optional
        Planet name, carried into the posterior's attributes.

    Examples
    --------
    >>> obs = Observation.from_values(mass=(1.0, 0.05), radius=(1.0, 0.02), teq=(255.0, 5.0))
    >>> obs.names
    ('mass', 'radius', 'teq')
    >>> obs.with_measurement(Measurement("k2", 0.933, 0.093, 0.093)).names
    ('mass', 'radius', 'teq', 'k2')
    """

    measurements: tuple
    name: str = "planet"
    references: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "measurements", tuple(self.measurements))
        names = [m.name for m in self.measurements]
        if len(set(names)) != len(names):
            raise InputError("observation", names, "at most one measurement per quantity")
        if not names:
            raise InputError("observation", "nothing", "at least one measured quantity")

    @property
    def names(self):
        return tuple(m.name for m in self.measurements)

    def __contains__(self, name):
        return name in self.names

    def __getitem__(self, name):
        for m in self.measurements:
            if m.name == name:
                return m
        raise KeyError(name)

    def with_measurement(self, measurement):
        """A copy with ``measurement`` added (or replacing the one of the same quantity)."""
        kept = [m for m in self.measurements if m.name != measurement.name]
        return Observation((*kept, measurement), self.name, self.references)

    def without(self, *names):
        """A copy without the measurements of ``names``."""
        return Observation([m for m in self.measurements if m.name not in names], self.name, self.references)

    def log_likelihood(self, quantities):
        """Sum of the measurements' terms; ``quantities`` maps names to predicted arrays."""
        total = 0.0
        for m in self.measurements:
            total = total + m.log_likelihood(quantities[m.name])
        return total

    def describe(self):
        """A JSON-serializable record for provenance attributes."""
        return {"planet": self.name, "measurements": [m.as_dict() for m in self.measurements]}

    def text(self):
        return "; ".join(m.text() for m in self.measurements)

    @classmethod
    def from_values(cls, name="planet", **values):
        """From ``quantity=(value, error)`` or ``quantity=(value, (lower, upper))`` keywords."""
        measurements = []
        for key, (value, err) in values.items():
            lower, upper = (err, err) if np.isscalar(err) else err
            measurements.append(_measurement(key, value, lower, upper, "gaussian"))
        return cls(measurements, name)

    @classmethod
    def from_planet(cls, planet):
        """The measured quantities of a catalog :class:`~exoinfer.catalog.Planet` (mass, radius, and
        teq, k2 and moi where known; values without errors are skipped, with a note in references)."""
        measurements = []
        for key in ("mass", "radius", "teq", "k2", "moi"):
            value, err = getattr(planet, key), getattr(planet, f"{key}_err")
            if value is None or err is None or min(err) <= 0:
                continue
            measurements.append(_measurement(key, value, err[0], err[1], "gaussian"))
        return cls(measurements, planet.name, dict(planet.references))

    @classmethod
    def from_config(cls, config, source="observation"):
        """From a parsed YAML mapping::

        planet: Earth analog                    # optional
        observables:
          mass: {value: 1.0, error: 0.05}       # M_E; symmetric error
          radius: {value: 1.0, error: [0.02, 0.03]}   # lower, upper
          teq: {value: 255, error: 5}
          k2: {value: 0.933, error: 0.093}
          d_core: {upper_limit: 0.6}            # optional 'width' softens the limit
        """
        if not isinstance(config, dict) or not isinstance(config.get("observables"), dict):
            raise FileFormatError(f"{source}: expected a mapping with 'observables' (name: {{value, error}})")
        unknown = set(config) - {"planet", "observables"}
        if unknown:
            raise FileFormatError(f"{source}: unknown keys {sorted(unknown)}; allowed: planet, observables")
        measurements = [_from_entry(name, entry, source) for name, entry in config["observables"].items()]
        return cls(measurements, str(config.get("planet", "planet")))

    @classmethod
    def from_yaml(cls, path):
        """Read :meth:`from_config`'s format from a YAML file."""
        import yaml

        try:
            config = yaml.safe_load(open(path).read())  # noqa: SIM115
        except OSError as err:
            raise FileFormatError(f"observation file {path}: {err.strerror}") from None
        except yaml.YAMLError as err:
            raise FileFormatError(
                f"observation file {path}: not valid YAML ({str(err).splitlines()[0]})"
            ) from None
        return cls.from_config(config, f"observation file {path}")


def _measurement(name, value, lower, upper, kind):
    try:
        return Measurement(str(name), float(value), float(lower), float(upper), kind)
    except KeyError:
        raise InputError(
            "observable", name, "a quantity name such as mass, radius, teq, k2, moi, d_core"
        ) from None
    except (TypeError, ValueError) as err:
        if isinstance(err, InputError):
            raise
        raise InputError(str(name), value, "a number") from None


def _from_entry(name, entry, source):
    if not isinstance(entry, dict):
        raise FileFormatError(
            f"{source}: {name}: expected {{value, error}} or {{upper_limit}} / {{lower_limit}}"
        )
    keys = set(entry)
    if keys == {"value", "error"}:
        err = entry["error"]
        lower, upper = (err, err) if np.isscalar(err) else tuple(err)
        return _measurement(name, entry["value"], lower, upper, "gaussian")
    for kind in ("upper", "lower"):
        if f"{kind}_limit" in keys and keys <= {f"{kind}_limit", "width"}:
            return _measurement(name, entry[f"{kind}_limit"], 0.0, entry.get("width", 0.0), kind)
    raise FileFormatError(
        f"{source}: {name}: keys {sorted(keys)}; expected value+error, or upper_limit/lower_limit (+width)"
    )
