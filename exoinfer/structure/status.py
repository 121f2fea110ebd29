"""Per-planet outcome codes of the structure solver. Failure is data: a planet that cannot be built gets
NaN outputs and one of these codes; the batch carries on."""

from enum import IntEnum

__all__ = ["Status"]


class Status(IntEnum):
    """Why a planet was, or was not, built."""

    #: Converged hydrostatic solution.
    OK = 0
    #: Non-finite or negative mass, fractions that are negative or do not sum to 1, bad Teq.
    INVALID_INPUT = 1
    #: The shooting on central pressure found no solution within its iteration limit.
    NO_SOLUTION = 2
    #: The envelope reaches beyond the Bondi radius G M mu / (2 R Teq): it would escape as a Parker wind,
    #: not sit in hydrostatic equilibrium (or its isothermal part never reaches the transit pressure).
    UNBOUND_ENVELOPE = 3
    #: A layer reaches pressures beyond the range its equation of state is trusted for.
    EOS_RANGE = 4

    @property
    def label(self):
        """Lower-case name for tables and CSV files (``"no_solution"``)."""
        return self.name.lower()
