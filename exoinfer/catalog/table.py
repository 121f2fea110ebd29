"""A catalog read from a file: the planets that could be used and a report of the rows that could not."""

from dataclasses import dataclass

import numpy as np

__all__ = ["Catalog", "SkippedRow"]


@dataclass(frozen=True)
class SkippedRow:
    """A row left out, with where it was and why.

    Attributes
    ----------
    line : int
        Line number in the file (1 = first line, comments included); 0 for rows removed by a filter.
    name : str
        The planet's name, or ``""`` if the row had none.
    reason : str
    """

    line: int
    name: str
    reason: str

    def __str__(self):
        where = f"line {self.line}" if self.line else "filter"
        return f"{where}: {self.name or '(no name)'}: {self.reason}"


@dataclass(frozen=True)
class Catalog:
    """Planets and the rows that were skipped, in file order.

    Attributes
    ----------
    planets : tuple of Planet
    skipped : tuple of SkippedRow
    source : str
        Where the planets came from (a path, or ``"built-in"``).
    """

    planets: tuple
    skipped: tuple = ()
    source: str = ""

    def __len__(self):
        return len(self.planets)

    def __iter__(self):
        return iter(self.planets)

    @property
    def names(self):
        return tuple(p.name for p in self.planets)

    def arrays(self):
        """Columns for batch processing: ``mass``, ``mass_err`` (n, 2), ``radius``, ``radius_err`` (n, 2),
        ``teq`` (NaN where unknown), ``semi_major_axis``, ``star_luminosity``, ``star_teff``."""

        def column(attr):
            return np.array([np.nan if getattr(p, attr) is None else getattr(p, attr) for p in self.planets])

        def pairs(attr):
            return np.array(
                [(0.0, 0.0) if getattr(p, attr) is None else getattr(p, attr) for p in self.planets]
            ).reshape(-1, 2)

        return {
            "mass": column("mass"),
            "mass_err": pairs("mass_err"),
            "radius": column("radius"),
            "radius_err": pairs("radius_err"),
            "teq": column("teq"),
            "semi_major_axis": column("semi_major_axis"),
            "star_luminosity": column("star_luminosity"),
            "star_teff": column("star_teff"),
        }

    def report(self, limit=20):
        """Lines describing the skipped rows (at most ``limit``, then a count of the rest)."""
        lines = [str(s) for s in self.skipped[:limit]]
        if len(self.skipped) > limit:
            lines.append(f"... and {len(self.skipped) - limit} more")
        return lines
