"""Argument parsing shared by the composition commands: uncertainties, planet lists, catalog options."""

import numpy as np

from ..catalog import builtin_catalog, filter_catalog, get_planet, read_nasa_csv
from ..errors import InputError

__all__ = ["add_catalog_arguments", "load_catalog", "parse_error", "parse_pair", "planets_from_names"]


def parse_pair(option, text, what="two comma-separated numbers"):
    """``"a,b"`` -> (a, b) floats; InputError naming ``option`` otherwise."""
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 2 or not all(np.isfinite(values)):
        raise InputError(option, text, what)
    return values


def parse_error(option, text):
    """A 1-sigma error ``"0.5"`` or an asymmetric ``"lower,upper"`` pair -> (lower, upper) >= 0."""
    if text is None:
        return (0.0, 0.0)
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) == 1:
        values = values * 2
    if len(values) != 2 or not all(np.isfinite(v) and v >= 0 for v in values):
        raise InputError(option, text, "an uncertainty >= 0, or 'lower,upper' (both >= 0)")
    return tuple(values)


def planets_from_names(names):
    """Built-in planets by name; ``all`` (alone) gives every one. Names may also be comma-separated."""
    flat = [n.strip() for item in names for n in item.split(",") if n.strip()]
    if flat == ["all"]:
        return list(builtin_catalog().planets)
    if not flat:
        raise InputError("--planet", "", "one or more built-in planet names, or 'all'")
    return [get_planet(n) for n in flat]


def add_catalog_arguments(parser):
    """--catalog and its filters."""
    group = parser.add_argument_group("catalog (NASA Exoplanet Archive planetary-systems composite CSV)")
    group.add_argument("--catalog", help="CSV exported from the archive (lines starting with # are ignored)")
    group.add_argument(
        "--no-errors",
        action="store_true",
        help="keep rows without mass or radius uncertainties (treated as exact) instead of skipping them",
    )
    group.add_argument("--max-mass-err", type=float, help="largest relative mass error kept, e.g. 0.2")
    group.add_argument("--max-radius-err", type=float, help="largest relative radius error kept, e.g. 0.1")
    group.add_argument(
        "--hz",
        choices=("conservative", "optimistic"),
        help="keep only planets in their star's habitable zone (Kopparapu et al. 2014)",
    )


def load_catalog(args, report):
    """Read and filter ``args.catalog``; ``report(line)`` receives the skipped-row report."""
    catalog = read_nasa_csv(args.catalog, require_errors=not args.no_errors)
    catalog = filter_catalog(catalog, args.max_mass_err, args.max_radius_err, args.hz)
    if catalog.skipped:
        report(f"{args.catalog}: {len(catalog)} planets kept, {len(catalog.skipped)} rows skipped:")
        for line in catalog.report(limit=15):
            report(f"  {line}")
    if not len(catalog):
        raise InputError("--catalog", args.catalog, "a table with at least one usable planet")
    return catalog
