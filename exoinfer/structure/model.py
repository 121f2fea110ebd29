"""A layered structure model: layers from the EOS library, names from the vocabulary, batched simulate."""

import numpy as np

from ..constants import EARTH_MASS, EARTH_RADIUS, GPA
from ..errors import InputError, ModelError
from ..vocabulary import mass_fraction_name
from .result import StructureResult
from .solver import Physics, SolverSettings, solve
from .status import Status

__all__ = ["FRACTION_SUM_TOLERANCE", "StructureModel"]

#: Mass fractions must sum to 1 within this.
FRACTION_SUM_TOLERANCE = 1.0e-6


class StructureModel:
    """A planet of concentric layers, innermost first, built by hydrostatic equilibrium.

    Parameters
    ----------
    name : str
        Identifier (``core-mantle-water-gas``).
    layers : sequence of Layer
        Innermost first; at most one envelope, outermost.
    surface_pressure : float, optional
        Pressure [Pa] at which the radius of a planet without an envelope is taken (default 1 bar).
        With an envelope, its transit pressure is used instead.
    description : str, optional
    version : str, optional
        Bumped when the model's physics changes, so stored results can be traced.
    settings : SolverSettings, optional
        Resolution and tolerances of the solver.

    Examples
    --------
    >>> from exoinfer.eos import get_material
    >>> rocky = StructureModel("rocky", [Layer("core", get_material("fe-hcp")),
    ...                                  Layer("mantle", get_material("silicate-mantle"))])
    >>> rocky.parameter_names
    ('mass', 'w_core', 'w_mantle')
    >>> result = rocky.simulate({"mass": [1.0], "w_core": [0.325], "w_mantle": [0.675]})
    >>> bool(0.95 < result.radius[0] < 1.02)
    True
    """

    def __init__(self, name, layers, *, surface_pressure=1.0e5, description="", version="1", settings=None):
        self.name = name
        self.layers = tuple(layers)
        self.surface_pressure = float(surface_pressure)
        self.description = description
        self.version = str(version)
        self.settings = settings or SolverSettings()
        self._check_layers()
        solids = tuple((layer.material, layer.temperature) for layer in self.layers if not layer.is_envelope)
        envelope = self.layers[-1].material if self.layers[-1].is_envelope else None
        self._physics = Physics(solids, envelope, self.surface_pressure)
        self._kernel_arrays = None

    def _check_layers(self):
        if not self.layers:
            raise ModelError(f"model {self.name!r} has no layers")
        names = [layer.name for layer in self.layers]
        if len(set(names)) != len(names):
            raise ModelError(f"model {self.name!r}: layer names must be unique, got {names}")
        if any(layer.is_envelope for layer in self.layers[:-1]):
            raise ModelError(f"model {self.name!r}: an envelope can only be the outermost layer")
        if all(layer.is_envelope for layer in self.layers):
            raise ModelError(f"model {self.name!r}: needs at least one solid layer under the envelope")
        if not self.surface_pressure > 0:
            raise ModelError(f"model {self.name!r}: surface_pressure must be > 0 Pa")

    def __repr__(self):
        return f"StructureModel({self.name!r}, layers={list(self.layer_names)})"

    @property
    def layer_names(self):
        """Layer names, innermost first."""
        return tuple(layer.name for layer in self.layers)

    @property
    def fraction_names(self):
        """Mass-fraction parameter names, innermost first (``w_core`` ...)."""
        return tuple(mass_fraction_name(n) for n in self.layer_names)

    @property
    def uses_teq(self):
        """True if the model has an envelope, whose temperature profile depends on ``teq``."""
        return self._physics.envelope is not None

    @property
    def parameter_names(self):
        """Names of the inputs of :meth:`simulate`: ``mass``, the ``w_*`` and, with an envelope, ``teq``."""
        return ("mass", *self.fraction_names) + (("teq",) if self.uses_teq else ())

    @property
    def top_pressure(self):
        """Pressure [Pa] at which radii are reported."""
        return self._physics.top_pressure

    def describe(self):
        """A JSON-serializable record of the model for provenance attributes."""
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "radius_pressure_pa": self.top_pressure,
            "layers": [
                {
                    "name": layer.name,
                    "material": getattr(layer.material, "name", type(layer.material).__name__),
                    "reference": getattr(layer.material, "reference", ""),
                    "temperature_k": None if layer.is_envelope else layer.temperature,
                }
                for layer in self.layers
            ],
        }

    def as_parameter_columns(self, parameters):
        """Parameters as a dict of equal-length float arrays.

        ``parameters`` is a mapping from name to array-like, or a 2-D array whose columns follow
        :attr:`parameter_names`. Extra mapping keys are ignored.

        Raises
        ------
        InputError
            If a parameter is missing or the columns differ in length.
        """
        if not hasattr(parameters, "keys"):
            table = np.atleast_2d(np.asarray(parameters, dtype=float))
            if table.shape[1] != len(self.parameter_names):
                raise InputError(
                    "parameters", f"array of shape {table.shape}", f"columns {self.parameter_names}"
                )
            return {name: table[:, i] for i, name in enumerate(self.parameter_names)}
        missing = [name for name in self.parameter_names if name not in parameters]
        if missing:
            raise InputError(
                missing[0], None, f"a value for every parameter of {self.name!r}: {self.parameter_names}"
            )
        columns = {
            name: np.atleast_1d(np.asarray(parameters[name], dtype=float)) for name in self.parameter_names
        }
        try:
            shape = np.broadcast_shapes(*(c.shape for c in columns.values()))
        except ValueError:
            raise InputError(
                "parameters", {k: v.shape for k, v in columns.items()}, "equal lengths"
            ) from None
        return {name: np.broadcast_to(c, shape).ravel().astype(float) for name, c in columns.items()}

    def invalid_rows(self, columns):
        """Boolean mask of the rows that cannot be simulated (see :meth:`check`)."""
        return self._problem(columns)[0]

    def check(self, columns, where=None):
        """Raise :class:`InputError` naming the first invalid value, or return None.

        ``where(i)`` labels row ``i`` in the message (e.g. ``"planets.csv row 7"``) for tables.
        """
        invalid, describe = self._problem(columns)
        if invalid.any():
            i = int(np.argmax(invalid))
            err = describe(i)
            if where is not None:
                err = InputError(f"{where(i)}: {err.name}", err.value, err.allowed)
            raise err

    def _problem(self, columns):
        mass = columns["mass"]
        fractions = np.column_stack([columns[n] for n in self.fraction_names])
        total = fractions.sum(axis=1)
        solid = fractions[:, : len(self._physics.solids)].sum(axis=1)
        checks = [
            (
                ~(np.isfinite(mass) & (mass > 0)),
                lambda i: InputError("mass", mass[i], "a finite number > 0 (Earth masses)"),
            ),
        ]
        for k, name in enumerate(self.fraction_names):
            w = fractions[:, k]
            checks.append(
                (
                    ~(np.isfinite(w) & (w >= 0)),
                    lambda i, w=w, name=name: InputError(name, w[i], "a finite fraction >= 0"),
                )
            )
        checks.append(
            (
                ~(np.abs(total - 1.0) <= FRACTION_SUM_TOLERANCE),
                lambda i: InputError(
                    " + ".join(self.fraction_names), total[i], f"1 within {FRACTION_SUM_TOLERANCE:g}"
                ),
            )
        )
        checks.append(
            (~(solid > 0), lambda i: InputError("solid mass fraction", solid[i], "> 0 (some solid layer)"))
        )
        if self.uses_teq:
            teq = columns["teq"]
            checks.append(
                (
                    ~(np.isfinite(teq) & (teq > 0)),
                    lambda i: InputError("teq", teq[i], "a finite temperature > 0 K"),
                )
            )
        invalid = np.zeros(mass.shape, dtype=bool)
        first = {}
        for bad, message in checks:
            new = bad & ~invalid
            for i in np.flatnonzero(new):
                first.setdefault(i, message)
            invalid |= bad
        return invalid, lambda i: first[i](i)

    def simulate(self, parameters, settings=None):
        """Build a batch of planets.

        Parameters
        ----------
        parameters : mapping or ndarray
            ``mass`` [M_E], the mass fractions ``w_*`` (summing to 1) and, with an envelope, ``teq`` [K];
            see :meth:`as_parameter_columns`.
        settings : SolverSettings, optional
            Overrides the model's solver settings (e.g. ``model.settings.refined()``).

        Returns
        -------
        StructureResult
            Invalid rows get ``Status.INVALID_INPUT`` and NaN outputs; nothing is raised for them.
        """
        columns = self.as_parameter_columns(parameters)
        invalid = self.invalid_rows(columns)
        n = invalid.size
        good = np.flatnonzero(~invalid)
        fractions = np.column_stack([columns[k] for k in self.fraction_names])[good]
        fractions = fractions / fractions.sum(axis=1, keepdims=True)
        teq = columns["teq"][good] if self.uses_teq else np.full(good.size, np.nan)
        if self._kernel_arrays is None:
            self._kernel_arrays = self._physics.kernel_arrays()
        mass = columns["mass"][good] * EARTH_MASS
        raw = solve(self._physics, mass, fractions, teq, settings or self.settings, self._kernel_arrays)
        return self._result(columns, good, n, raw)

    def _result(self, columns, good, n, raw):
        def scatter(values, scale):
            out = np.full((n, *values.shape[1:]), np.nan)
            out[good] = values / scale
            return out

        status = np.full(n, Status.INVALID_INPUT, dtype=np.int8)
        status[good] = raw["status"]
        return StructureResult(
            model=self.name,
            layer_names=self.layer_names,
            parameters=columns,
            radius=scatter(raw["radius"], EARTH_RADIUS),
            k2=scatter(raw["k2"], 1.0),
            moi=scatter(raw["moi"], 1.0),
            p_center=scatter(raw["p_center"], GPA),
            layer_radius=scatter(raw["layer_radius"], EARTH_RADIUS),
            layer_pressure=scatter(raw["layer_pressure"], GPA),
            status=status,
        )
