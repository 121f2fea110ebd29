"""Materials that change phase with pressure, e.g. a silicate mantle or water ice."""

import numpy as np

from .base import Material
from .table import P_TABLE_MAX, P_TABLE_MIN, TABLE_SIZE, LogPressureTable

__all__ = ["PhaseSequence"]


class PhaseSequence(Material):
    """Phases that replace each other at given pressures, with a density jump at each transition.

    Transitions are sharp, as in PREM. The structure solver treats them exactly: it integrates each phase
    with that phase's own smooth curve and splits a step where it crosses a transition (see
    :mod:`exoinfer.structure.integration`), so the jumps cost no accuracy.

    Parameters
    ----------
    name : str
    phases : sequence of Material
        From low to high pressure.
    transitions : sequence of float
        Transition pressures [Pa], increasing, one fewer than ``phases``.
    reference : str, optional
    """

    def __init__(self, name, phases, transitions, reference=""):
        if len(transitions) != len(phases) - 1 or np.any(np.diff(transitions) <= 0):
            raise ValueError(f"{name!r}: need one increasing transition pressure between each pair of phases")
        self.name = name
        self.phases = tuple(phases)
        self.transitions = tuple(float(t) for t in transitions)
        self.p_max = self.phases[-1].p_max
        self.reference = reference or "; ".join(ph.reference for ph in self.phases)
        self._table = None

    def phase_index(self, pressure):
        """Index of the stable phase at ``pressure`` [Pa] (0 = lowest-pressure phase)."""
        return np.searchsorted(self.transitions, pressure, side="right")

    def density_in_phase(self, pressure, phase, temperature=300.0):
        """Density [kg m^-3] of phase ``phase`` (int array) at ``pressure``, even outside its stability
        range: the smooth continuation the solver integrates within one step."""
        if self._table is None:
            ln_p = np.linspace(np.log(P_TABLE_MIN), np.log(P_TABLE_MAX), TABLE_SIZE)
            curves = [np.log(ph.density(np.exp(ln_p), temperature)) for ph in self.phases]
            self._table = LogPressureTable(ln_p[0], ln_p[-1], np.array(curves))
        return self._table(pressure, phase)

    def density(self, pressure, temperature=300.0):
        pressure = np.asarray(pressure, dtype=float)
        return self.density_in_phase(pressure, self.phase_index(pressure), temperature)
