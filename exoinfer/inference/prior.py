"""Priors over a structure model's parameters: the one object that MCMC samples and that draws the
simulation sets the networks learn from, so that every method answers the same question.

Parameterization. A model with layers L_1..L_K (the last one possibly an envelope) has the parameters
``mass``, ``w_<L_1>`` .. ``w_<L_K>`` and, with an envelope, ``teq``. The mass fractions live on a simplex;
the prior density :meth:`Prior.log_prob` is taken with respect to the Lebesgue measure of every parameter
except the last *solid* mass fraction, which is determined by the others.

Unconstrained space. :meth:`Prior.to_unconstrained` maps parameters to a vector z in R^d (d = number of free
parameters) and :meth:`Prior.from_unconstrained` back, with log|det dparams/dz|. Samplers work in z:
log p(z) = log_prob(params(z)) + log|det|. Bounded scalars map through logit; the solid fractions through
the additive log-ratio z_i = ln(x_i / x_last) of the solid composition x = w_solid / (1 - w_gas); the
envelope fraction through the logit of its position in [ln gas_min, ln gas_max].
"""

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.special import expit, gammaln, logit

from ..errors import InputError

__all__ = ["CompositionPrior", "LogUniform", "Prior", "Uniform", "load_prior"]


@dataclass(frozen=True)
class Uniform:
    """Uniform on [low, high]."""

    low: float
    high: float

    def __post_init__(self):
        if not (np.isfinite(self.low) and np.isfinite(self.high) and self.low < self.high):
            raise InputError("prior bounds", (self.low, self.high), "finite low < high")

    def sample(self, n, rng):
        return rng.uniform(self.low, self.high, n)

    def log_prob(self, x):
        inside = (x >= self.low) & (x <= self.high)
        return np.where(inside, -np.log(self.high - self.low), -np.inf)

    def to_unconstrained(self, x):
        return logit((x - self.low) / (self.high - self.low))

    def from_unconstrained(self, z):
        """Value and log|dx/dz|."""
        u = expit(z)
        return self.low + (self.high - self.low) * u, np.log(self.high - self.low) + _log_sigmoid_derivative(
            z
        )

    def describe(self):
        return {"distribution": "uniform", "low": self.low, "high": self.high}


@dataclass(frozen=True)
class LogUniform:
    """Uniform in ln x on [low, high], low > 0."""

    low: float
    high: float

    def __post_init__(self):
        if not (0 < self.low < self.high < np.inf):
            raise InputError("prior bounds", (self.low, self.high), "0 < low < high < inf")

    @property
    def _log_width(self):
        return np.log(self.high / self.low)

    def sample(self, n, rng):
        return np.exp(rng.uniform(np.log(self.low), np.log(self.high), n))

    def log_prob(self, x):
        with np.errstate(divide="ignore", invalid="ignore"):
            inside = (x >= self.low) & (x <= self.high)
            return np.where(inside, -np.log(x) - np.log(self._log_width), -np.inf)

    def to_unconstrained(self, x):
        return logit(np.log(x / self.low) / self._log_width)

    def from_unconstrained(self, z):
        x = self.low * np.exp(self._log_width * expit(z))
        return x, np.log(x) + np.log(self._log_width) + _log_sigmoid_derivative(z)

    def describe(self):
        return {"distribution": "log-uniform", "low": self.low, "high": self.high}


_DISTRIBUTIONS = {"uniform": Uniform, "log-uniform": LogUniform}


def _distribution(name, spec):
    if (
        not isinstance(spec, dict)
        or spec.get("distribution") not in _DISTRIBUTIONS
        or set(spec) != {"distribution", "low", "high"}
    ):
        raise InputError(f"prior of {name}", spec, "{distribution: uniform|log-uniform, low: ..., high: ...}")
    return _DISTRIBUTIONS[spec["distribution"]](float(spec["low"]), float(spec["high"]))


def load_prior(model, source=None):
    """The prior of ``model`` from a YAML file path, or its default when ``source`` is None.

    Raises
    ------
    FileFormatError
        If the file is missing or not valid YAML.
    InputError
        If a component is malformed.
    """
    if source is None:
        return Prior.default(model)
    import yaml

    from ..errors import FileFormatError

    try:
        config = yaml.safe_load(open(source).read())  # noqa: SIM115
    except OSError as err:
        raise FileFormatError(f"prior file {source}: {err.strerror}") from None
    except yaml.YAMLError as err:
        raise FileFormatError(f"prior file {source}: not valid YAML ({str(err).splitlines()[0]})") from None
    if config is not None and not isinstance(config, dict):
        raise FileFormatError(f"prior file {source}: expected a mapping of mass, teq, composition")
    return Prior.from_config(model, config)


def _log_sigmoid_derivative(z):
    """ln(d expit / dz) = -softplus(-z) - softplus(z), computed stably."""
    return -np.logaddexp(0.0, -z) - np.logaddexp(0.0, z)


@dataclass(frozen=True)
class CompositionPrior:
    """Mass fractions: solids Dirichlet(alpha) on their simplex, the envelope (if any) log-uniform.

    With an envelope of fraction g, the solid fractions are (1 - g) x with x ~ Dirichlet(alpha). With
    alpha = 1 the solid composition is uniform on the simplex (the default, as in ExoMDN).

    Attributes
    ----------
    solid_names : tuple of str
        ``w_*`` names of the solid layers, innermost first.
    envelope_name : str or None
        ``w_*`` name of the envelope.
    alpha : tuple of float
        Dirichlet concentration per solid layer.
    gas : LogUniform or None
        Prior of the envelope fraction.
    """

    solid_names: tuple
    envelope_name: str | None = None
    alpha: tuple | None = None
    gas: LogUniform | None = None

    def __post_init__(self):
        alpha = self.alpha or (1.0,) * len(self.solid_names)
        if len(alpha) != len(self.solid_names) or min(alpha) <= 0:
            raise InputError("dirichlet alpha", alpha, f"{len(self.solid_names)} positive numbers")
        object.__setattr__(self, "alpha", tuple(float(a) for a in alpha))
        if (self.envelope_name is None) != (self.gas is None):
            raise InputError(
                "envelope prior", self.gas, "a gas-fraction prior exactly when there is an envelope"
            )

    @property
    def names(self):
        return self.solid_names + ((self.envelope_name,) if self.envelope_name else ())

    @property
    def n_free(self):
        """Free coordinates: all fractions but the last solid one."""
        return len(self.names) - 1

    def sample(self, n, rng):
        x = rng.dirichlet(self.alpha, n) if len(self.solid_names) > 1 else np.ones((n, 1))
        out = {}
        gas = self.gas.sample(n, rng) if self.gas else np.zeros(n)
        for k, name in enumerate(self.solid_names):
            out[name] = x[:, k] * (1.0 - gas)
        if self.envelope_name:
            out[self.envelope_name] = gas
        return out

    def _split(self, params):
        gas = params[self.envelope_name] if self.envelope_name else 0.0
        solid = np.column_stack([params[n] for n in self.solid_names])
        return np.asarray(gas, dtype=float), solid / (1.0 - np.asarray(gas, dtype=float))[..., None]

    def log_prob(self, params):
        """Log density w.r.t. Lebesgue measure on all fractions but the last solid one."""
        gas, x = self._split(params)
        alpha = np.array(self.alpha)
        k = len(self.solid_names)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = np.column_stack([params[n] for n in self.names]).sum(axis=1)
            inside = np.all(x >= 0, axis=1) & (np.abs(total - 1.0) < 1e-6)
            log_dir = gammaln(alpha.sum()) - gammaln(alpha).sum() + np.sum((alpha - 1) * np.log(x), axis=1)
            if k == 1:
                log_dir = np.zeros_like(gas, dtype=float) + 0.0
            # (x_1..x_{k-1}, g) -> (w_1..w_{k-1}, g): w_i = (1 - g) x_i, Jacobian (1 - g)^(k - 1).
            log_p = log_dir - (k - 1) * np.log1p(-gas)
            if self.gas:
                log_p = log_p + self.gas.log_prob(gas)
        return np.where(inside, log_p, -np.inf)

    def to_unconstrained(self, params):
        gas, x = self._split(params)
        columns = [np.log(x[:, i] / x[:, -1]) for i in range(len(self.solid_names) - 1)]
        if self.gas:
            columns.append(self.gas.to_unconstrained(gas))
        return np.column_stack(columns) if columns else np.zeros((np.size(gas), 0))

    def from_unconstrained(self, z):
        """Fractions and log|det d(free fractions)/dz| for z of shape (n, n_free)."""
        k = len(self.solid_names)
        n = z.shape[0]
        logits = np.column_stack([z[:, : k - 1], np.zeros(n)])
        log_x = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
        x = np.exp(log_x)
        # d(x_1..x_{k-1}) / d(z_1..z_{k-1}) for the softmax with a fixed last logit: det = prod_i x_i (all k).
        log_det = log_x.sum(axis=1)
        gas = np.zeros(n)
        if self.gas:
            gas, log_det_gas = self.gas.from_unconstrained(z[:, k - 1])
            log_det = log_det + log_det_gas + (k - 1) * np.log1p(-gas)
        out = {name: x[:, i] * (1.0 - gas) for i, name in enumerate(self.solid_names)}
        if self.envelope_name:
            out[self.envelope_name] = gas
        return out, log_det

    def describe(self):
        record = {"solids": list(self.solid_names), "dirichlet_alpha": list(self.alpha)}
        if self.gas:
            record[self.envelope_name] = self.gas.describe()
        return record


class Prior:
    """The joint prior of a structure model's parameters: independent mass, composition and Teq.

    Parameters
    ----------
    model : StructureModel
    mass : Uniform or LogUniform
        Prior of the planet mass [M_E].
    composition : CompositionPrior
    teq : Uniform or LogUniform, optional
        Prior of the equilibrium temperature [K]; required when the model has an envelope.

    Examples
    --------
    >>> from exoinfer.structure import get_model
    >>> prior = Prior.default(get_model("core-mantle-water-gas"))
    >>> params = prior.sample(4, np.random.default_rng(0))
    >>> z = prior.to_unconstrained(params)
    >>> back, _ = prior.from_unconstrained(z)
    >>> bool(np.allclose(back["w_gas"], params["w_gas"]))
    True
    """

    def __init__(self, model, mass, composition, teq=None):
        self.model = model
        self.mass = mass
        self.composition = composition
        self.teq = teq
        if set(composition.names) != set(model.fraction_names):
            raise InputError("prior fractions", composition.names, f"the model's {model.fraction_names}")
        if model.uses_teq and teq is None:
            raise InputError("teq prior", None, f"a prior for teq: {model.name!r} has an envelope")

    #: Defaults: mass 0.1-25 M_E log-uniform and Teq 100-1000 K uniform (the ranges of ExoMDN, Baumeister &
    #: Tosi 2023); solids uniform on their simplex; envelope fraction log-uniform in [1e-5, 0.2], the range
    #: of the envelope fractions of Lopez & Fortney (2014) extended down to 10 ppm.
    DEFAULTS: ClassVar[dict] = {"mass": (0.1, 25.0), "teq": (100.0, 1000.0), "gas": (1e-5, 0.2)}

    @classmethod
    def default(cls, model, **overrides):
        """The documented default prior of ``model``; keyword overrides replace components."""
        solids = tuple(f"w_{layer.name}" for layer in model.layers if not layer.is_envelope)
        envelope = f"w_{model.layers[-1].name}" if model.uses_teq else None
        parts = {
            "mass": LogUniform(*cls.DEFAULTS["mass"]),
            "composition": CompositionPrior(
                solids, envelope, gas=LogUniform(*cls.DEFAULTS["gas"]) if envelope else None
            ),
            "teq": Uniform(*cls.DEFAULTS["teq"]) if model.uses_teq else None,
        }
        parts.update(overrides)
        return cls(model, **parts)

    @classmethod
    def from_config(cls, model, config):
        """A prior from a parsed YAML mapping; components left out keep their defaults.

        Format (all keys optional)::

            mass: {distribution: log-uniform, low: 0.1, high: 25.0}      # M_E
            teq: {distribution: uniform, low: 100.0, high: 1000.0}        # K
            composition:
              dirichlet_alpha: [1.0, 1.0, 1.0]                            # one per solid layer
              envelope: {distribution: log-uniform, low: 1.0e-5, high: 0.2}
        """
        config = dict(config or {})
        unknown = set(config) - {"mass", "teq", "composition"}
        if unknown:
            raise InputError("prior keys", sorted(unknown), "mass, teq and composition")
        overrides = {}
        for key in ("mass", "teq"):
            if key in config:
                overrides[key] = _distribution(key, config[key])
        default = cls.default(model)
        if "composition" in config:
            comp = dict(config["composition"] or {})
            extra = set(comp) - {"dirichlet_alpha", "envelope"}
            if extra:
                raise InputError("composition keys", sorted(extra), "dirichlet_alpha and envelope")
            base = default.composition
            gas = _distribution("envelope", comp["envelope"]) if "envelope" in comp else base.gas
            if gas is not None and not isinstance(gas, LogUniform):
                raise InputError("envelope prior", comp["envelope"], "a log-uniform distribution")
            alpha = tuple(comp.get("dirichlet_alpha", base.alpha))
            overrides["composition"] = CompositionPrior(
                base.solid_names, base.envelope_name, alpha, gas if base.envelope_name else None
            )
        return cls.default(model, **overrides)

    @property
    def parameter_names(self):
        return self.model.parameter_names

    @property
    def free_names(self):
        """Names of the coordinates of the unconstrained space, in order."""
        solids = self.composition.solid_names
        names = ["mass"] + [f"alr_{n}" for n in solids[:-1]]
        if self.composition.envelope_name:
            names.append(f"logit_{self.composition.envelope_name}")
        if self.teq is not None:
            names.append("teq")
        return tuple(names)

    @property
    def dim(self):
        return len(self.free_names)

    def sample(self, n, rng):
        """``n`` draws as a dict of arrays by parameter name."""
        out = {"mass": self.mass.sample(n, rng), **self.composition.sample(n, rng)}
        if self.teq is not None:
            out["teq"] = self.teq.sample(n, rng)
        return {name: out[name] for name in self.parameter_names}

    def log_prob(self, params):
        """Log prior density (see the module docstring for the reference measure); -inf outside."""
        log_p = self.mass.log_prob(np.asarray(params["mass"], dtype=float)) + self.composition.log_prob(
            params
        )
        if self.teq is not None:
            log_p = log_p + self.teq.log_prob(np.asarray(params["teq"], dtype=float))
        return log_p

    def to_unconstrained(self, params):
        """Parameters (dict of arrays) to z, shape (n, dim)."""
        columns = [self.mass.to_unconstrained(np.asarray(params["mass"], dtype=float))[:, None]]
        columns.append(self.composition.to_unconstrained(params))
        if self.teq is not None:
            columns.append(self.teq.to_unconstrained(np.asarray(params["teq"], dtype=float))[:, None])
        return np.column_stack(columns)

    def from_unconstrained(self, z):
        """z of shape (n, dim) to (parameters, log|det d(free parameters)/dz|)."""
        z = np.atleast_2d(np.asarray(z, dtype=float))
        mass, log_det = self.mass.from_unconstrained(z[:, 0])
        n_comp = self.composition.n_free
        fractions, log_det_comp = self.composition.from_unconstrained(z[:, 1 : 1 + n_comp])
        out = {"mass": mass, **fractions}
        log_det = log_det + log_det_comp
        if self.teq is not None:
            out["teq"], log_det_teq = self.teq.from_unconstrained(z[:, 1 + n_comp])
            log_det = log_det + log_det_teq
        return {name: out[name] for name in self.parameter_names}, log_det

    def describe(self):
        """A JSON-serializable record for provenance attributes."""
        record = {
            "model": self.model.name,
            "mass": self.mass.describe(),
            "composition": self.composition.describe(),
        }
        if self.teq is not None:
            record["teq"] = self.teq.describe()
        return record
