"""Planets: a small built-in catalog with sources for every value, and readers and filters for user
tables such as the NASA Exoplanet Archive's planetary-systems composite table."""

from .builtin import builtin_catalog, get_planet, list_planets
from .filters import filter_catalog
from .habitable_zone import habitable_zone
from .nasa import read_nasa_csv
from .planet import Planet
from .table import Catalog, SkippedRow

__all__ = [
    "Catalog",
    "Planet",
    "SkippedRow",
    "builtin_catalog",
    "filter_catalog",
    "get_planet",
    "habitable_zone",
    "list_planets",
    "read_nasa_csv",
]
