"""What a structure model returns for a batch of planets."""

from dataclasses import dataclass

import numpy as np

from ..vocabulary import boundary_pressure_name, outer_radius_name, thickness_fraction_name
from .status import Status

__all__ = ["StructureResult"]


@dataclass(frozen=True)
class StructureResult:
    """Per-planet outputs of :meth:`StructureModel.simulate`, in user units.

    Attributes
    ----------
    model : str
        Name of the model that made them.
    layer_names : tuple of str
        Innermost first.
    parameters : dict of str to ndarray
        The inputs, by parameter name (``mass`` [M_E], ``w_*``, ``teq`` [K]).
    radius : ndarray
        Planet radius [R_E]; with an envelope, at its transit pressure.
    k2 : ndarray
        Fluid Love number.
    moi : ndarray
        Moment of inertia factor C / (M R^2).
    p_center : ndarray
        Central pressure [GPa].
    layer_radius : ndarray, shape (n, n_layers)
        Outer radius of each layer [R_E]; an absent layer has the radius of the one below.
    layer_pressure : ndarray, shape (n, n_layers)
        Pressure at the top of each layer [GPa].
    status : ndarray of int8
        :class:`Status` per planet; outputs of planets that are not ``OK`` are NaN.
    """

    model: str
    layer_names: tuple
    parameters: dict
    radius: np.ndarray
    k2: np.ndarray
    moi: np.ndarray
    p_center: np.ndarray
    layer_radius: np.ndarray
    layer_pressure: np.ndarray
    status: np.ndarray

    def __len__(self):
        return self.radius.size

    @property
    def ok(self):
        """Boolean mask of the planets that were built."""
        return self.status == Status.OK

    @property
    def thickness_fraction(self):
        """Thickness of each layer over the planet radius, shape (n, n_layers)."""
        inner = np.column_stack([np.zeros(len(self)), self.layer_radius[:, :-1]])
        return (self.layer_radius - inner) / self.radius[:, None]

    def derived(self):
        """Derived quantities by vocabulary name: ``r_*``, ``d_*``, ``p_*`` (all but the surface) and
        ``p_center``."""
        out = {"p_center": self.p_center}
        thickness = self.thickness_fraction
        for k, layer in enumerate(self.layer_names):
            out[outer_radius_name(layer)] = self.layer_radius[:, k]
            out[thickness_fraction_name(layer)] = thickness[:, k]
            if k < len(self.layer_names) - 1:
                out[boundary_pressure_name(layer)] = self.layer_pressure[:, k]
        return out

    def columns(self):
        """Every input and output as flat columns by vocabulary name, plus ``status``: one row per planet."""
        return {
            **self.parameters,
            "radius": self.radius,
            "k2": self.k2,
            "moi": self.moi,
            **self.derived(),
            "status": self.status,
        }

    def status_counts(self):
        """Number of planets per status label, e.g. ``{"ok": 99990, "no_solution": 10}``."""
        codes, counts = np.unique(self.status, return_counts=True)
        return {Status(c).label: int(n) for c, n in zip(codes, counts, strict=True)}
