"""The built-in catalog: solar-system terrestrial planets and well-characterized small exoplanets, every
value with its errors and source (``exoinfer/data/catalog/planets.csv``), so ``--planet NAME`` works
offline."""

import difflib
import re
from functools import cache
from importlib import resources

from ..errors import FileFormatError, InputError
from .csvrows import read_rows
from .planet import Planet
from .table import Catalog

__all__ = ["builtin_catalog", "get_planet", "list_planets", "normalize_name"]

_VALUES = ("teq", "k2", "moi")
_REFERENCES = ("mass", "radius", "teq", "k2", "moi", "orbit", "star")


def normalize_name(name):
    """Case-, space-, hyphen- and underscore-insensitive key: ``"TRAPPIST-1 e"`` -> ``"trappist1e"``."""
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


@cache
def builtin_catalog():
    """The built-in planets as a :class:`Catalog` (read once)."""
    path = resources.files("exoinfer") / "data" / "catalog" / "planets.csv"
    with resources.as_file(path) as real:
        _, rows = read_rows(real)
    return Catalog(tuple(_planet(line, row) for line, row in rows), (), "built-in")


def list_planets():
    """Names of the built-in planets, in catalog order."""
    return list(builtin_catalog().names)


def get_planet(name):
    """The built-in planet called ``name`` (case, spaces, hyphens and underscores ignored).

    Raises
    ------
    InputError
        If there is none; the message lists close names (or all of them).
    """
    planets = {normalize_name(p.name): p for p in builtin_catalog().planets}
    key = normalize_name(name)
    if key in planets:
        return planets[key]
    close = difflib.get_close_matches(key, planets, n=4, cutoff=0.6)
    names = [planets[k].name for k in close] or list_planets()
    raise InputError("planet", name, f"a built-in planet such as {', '.join(names)}")


def _planet(line, row):
    try:
        values = {v: _number(row[v]) for v in _VALUES}
        return Planet(
            name=row["name"],
            mass=float(row["mass"]),
            mass_err=_pair(row, "mass"),
            radius=float(row["radius"]),
            radius_err=_pair(row, "radius"),
            **{v: values[v] for v in _VALUES},
            **{f"{v}_err": _pair(row, v) if values[v] is not None else None for v in _VALUES},
            semi_major_axis=_number(row["semi_major_axis"]),
            star_luminosity=_number(row["star_luminosity"]),
            star_radius=_number(row["star_radius"]),
            star_teff=_number(row["star_teff"]),
            references={q: row[f"ref_{q}"] for q in _REFERENCES if row.get(f"ref_{q}")},
        )
    except (KeyError, ValueError) as err:
        raise FileFormatError(f"built-in catalog line {line}: {err}") from None


def _number(cell):
    return float(cell) if cell else None


def _pair(row, quantity):
    lower, upper = row[f"{quantity}_err_lower"], row[f"{quantity}_err_upper"]
    if not lower and not upper:
        return None
    return (float(lower or upper), float(upper or lower))
