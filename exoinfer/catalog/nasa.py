"""Read the NASA Exoplanet Archive's planetary-systems composite table (``pscomppars``) exported as CSV.

Columns used: ``pl_name``, ``pl_bmasse`` (best mass estimate [M_E]) with ``pl_bmasseerr1`` (+, upper)
and ``pl_bmasseerr2`` (-, lower, a negative number in the archive), ``pl_rade`` [R_E] with its errors,
``pl_eqt`` [K] with its errors, ``pl_orbsmax`` [AU], ``st_lum`` (log10 of L / L_sun in the archive),
``st_rad`` [R_sun] and ``st_teff`` [K]; ``pl_bmasselim`` / ``pl_radelim`` flag limits (1 upper, -1
lower). Lines starting with ``#`` (the archive's header notes) are skipped.

A row is kept only with a name, a measured positive mass and radius (not limits) and, unless told
otherwise, their uncertainties. Every other row is reported with its line number and the reason, and
an unreadable optional cell drops the row rather than being guessed; an empty optional cell is simply
unknown.
"""

import math

from ..errors import FileFormatError
from .csvrows import read_rows
from .planet import Planet
from .table import Catalog, SkippedRow

__all__ = ["ERROR_COLUMNS", "REQUIRED_COLUMNS", "read_nasa_csv"]

REQUIRED_COLUMNS = ("pl_name", "pl_bmasse", "pl_rade")
ERROR_COLUMNS = ("pl_bmasseerr1", "pl_bmasseerr2", "pl_radeerr1", "pl_radeerr2")
_OPTIONAL = ("pl_eqt", "pl_eqterr1", "pl_eqterr2", "pl_orbsmax", "st_lum", "st_rad", "st_teff")
_REFERENCE = "NASA Exoplanet Archive, planetary systems composite parameters"


class _Skip(Exception):
    """A row that cannot be used; the message says why."""


def read_nasa_csv(path, require_errors=True):
    """Planets of a NASA Exoplanet Archive composite-table CSV, and a report of the rows left out.

    Parameters
    ----------
    path : str or Path
    require_errors : bool, optional
        Skip rows without mass or radius uncertainties (default). If False, a missing uncertainty is 0.

    Returns
    -------
    Catalog
        ``planets`` in file order; ``skipped`` names each left-out row's line and reason.

    Raises
    ------
    FileFormatError
        If the file is unreadable or lacks a required column (the message lists them).
    """
    header, rows = read_rows(path)
    needed = REQUIRED_COLUMNS + (ERROR_COLUMNS if require_errors else ())
    missing = [c for c in needed if c not in header]
    if missing:
        hint = "" if not set(missing) <= set(ERROR_COLUMNS) else " (or read it with require_errors=False)"
        raise FileFormatError(f"{path}: missing column(s) {', '.join(missing)}{hint}")
    planets, skipped, seen = [], [], {}
    for line, row in rows:
        name = row.get("pl_name", "")
        try:
            if not name:
                raise _Skip("no planet name (pl_name is empty)")
            if name in seen:
                raise _Skip(f"duplicate of line {seen[name]}")
            planets.append(_planet(row, require_errors))
            seen[name] = line
        except _Skip as why:
            skipped.append(SkippedRow(line, name, str(why)))
    return Catalog(tuple(planets), tuple(skipped), str(path))


def _planet(row, require_errors):
    for column, what in (("pl_bmasselim", "mass"), ("pl_radelim", "radius")):
        flag = _number(row, column)
        if flag:
            raise _Skip(f"the {what} is an {'upper' if flag > 0 else 'lower'} limit ({column} = {flag:g})")
    mass = _required(row, "pl_bmasse", "mass")
    radius = _required(row, "pl_rade", "radius")
    optional = {c: _number(row, c) for c in _OPTIONAL}
    teq = optional["pl_eqt"]
    if teq is not None and teq <= 0:
        raise _Skip(f"pl_eqt = {teq:g} is not a temperature > 0 K")
    log_lum = optional["st_lum"]
    references = {"mass": _REFERENCE, "radius": _REFERENCE}
    if teq is not None:
        references["teq"] = _REFERENCE
    return Planet(
        name=row["pl_name"],
        mass=mass,
        mass_err=_errors(row, "pl_bmasse", "mass", require_errors),
        radius=radius,
        radius_err=_errors(row, "pl_rade", "radius", require_errors),
        teq=teq,
        teq_err=_errors(row, "pl_eqt", "teq", False) if teq is not None else None,
        semi_major_axis=_positive_or_none(optional["pl_orbsmax"]),
        # The archive gives log10(L / L_sun).
        star_luminosity=None if log_lum is None else 10.0**log_lum,
        star_radius=_positive_or_none(optional["st_rad"]),
        star_teff=_positive_or_none(optional["st_teff"]),
        references=references,
    )


def _number(row, column):
    """The cell as a float, None if empty or absent; _Skip if it is not a number."""
    cell = row.get(column, "")
    if cell == "":
        return None
    try:
        value = float(cell)
    except ValueError:
        raise _Skip(f"{column} = {cell!r} is not a number") from None
    if not math.isfinite(value):
        raise _Skip(f"{column} = {cell!r} is not a finite number")
    return value


def _required(row, column, what):
    value = _number(row, column)
    if value is None:
        raise _Skip(f"no {what} ({column} is empty)")
    if value <= 0:
        raise _Skip(f"{column} = {value:g} is not a {what} > 0")
    return value


def _errors(row, column, what, required):
    upper, lower = _number(row, f"{column}err1"), _number(row, f"{column}err2")
    if upper is None or lower is None:
        if required:
            raise _Skip(f"no {what} uncertainty ({column}err1/err2 empty)")
        upper = 0.0 if upper is None else upper
        lower = 0.0 if lower is None else lower
    # err2 is negative in the archive; a positive one is read as a magnitude all the same.
    return (abs(lower), abs(upper))


def _positive_or_none(value):
    return value if value is not None and value > 0 else None
