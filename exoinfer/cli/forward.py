"""``exoinfer forward``: the structure of one planet, or of every planet in a CSV table."""

import json
import sys

import numpy as np

from ..errors import InputError
from ..io import read_numeric_table, write_table
from ..structure import DEFAULT_MODEL, Status, get_model
from ._progress import progress

#: Planets per batch when a table is processed (one progress-bar tick each).
BATCH = 20_000


def register(subparsers):
    parser = subparsers.add_parser(
        "forward",
        help="radius, k2, moment of inertia and layers of planets of given mass and composition",
        description=(
            "Solve hydrostatic structure. One planet: --mass and --fractions (and --teq for models with an "
            "envelope). A table: --input CSV with columns mass, the model's w_* and teq, and --output CSV."
        ),
    )
    parser.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"model name or YAML file (default {DEFAULT_MODEL})"
    )
    parser.add_argument("--mass", type=float, help="planet mass [Earth masses]")
    parser.add_argument(
        "--fractions", help="mass fractions, innermost layer first, comma-separated, e.g. 0.325,0.675,0,0"
    )
    parser.add_argument("--teq", type=float, help="equilibrium temperature [K], for models with an envelope")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--input", help="CSV table of planets (one per row)")
    parser.add_argument("--output", help="CSV file to write, with the inputs and every output column")
    parser.set_defaults(func=run)


def run(args):
    model = get_model(args.model)
    if args.input or args.output:
        if not (args.input and args.output):
            raise InputError(
                "--input/--output", args.input or args.output, "both an input and an output CSV file"
            )
        return _run_table(model, args.input, args.output)
    if args.mass is None or args.fractions is None:
        raise InputError(
            "--mass/--fractions", None, "--mass and --fractions for one planet, or --input and --output"
        )
    return _run_one(model, args)


def _parse_fractions(model, text):
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != len(model.layer_names):
        layers = ", ".join(model.layer_names)
        raise InputError(
            "--fractions", text, f"{len(model.layer_names)} comma-separated numbers, one per layer ({layers})"
        )
    return values


def _run_one(model, args):
    columns = {
        "mass": [args.mass],
        **dict(zip(model.fraction_names, _parse_fractions(model, args.fractions), strict=True)),
    }
    if model.uses_teq:
        if args.teq is None:
            raise InputError(
                "--teq", None, f"an equilibrium temperature in K: {model.name!r} has an envelope"
            )
        columns["teq"] = [args.teq]
    columns = model.as_parameter_columns(columns)
    model.check(columns)
    result = model.simulate(columns)
    record = _record(model, result)
    if args.json:
        print(json.dumps(record, indent=2))
    else:
        _print_record(record)
    return 0 if record["status"] == Status.OK.label else 1


def _record(model, result):
    ok = bool(result.ok[0])
    thickness = result.thickness_fraction[0]
    value = lambda x: float(x) if ok else None  # noqa: E731
    return {
        "model": model.name,
        "parameters": {k: float(v[0]) for k, v in result.parameters.items()},
        "status": Status(result.status[0]).label,
        "radius": value(result.radius[0]),
        "k2": value(result.k2[0]),
        "moi": value(result.moi[0]),
        "p_center": value(result.p_center[0]),
        "layers": [
            {
                "name": name,
                "outer_radius": value(result.layer_radius[0, k]),
                "thickness_fraction": value(thickness[k]),
                "top_pressure": value(result.layer_pressure[0, k]),
            }
            for k, name in enumerate(model.layer_names)
        ],
        "units": {
            "radius": "R_E (6371 km)",
            "outer_radius": "R_E",
            "p_center": "GPa",
            "top_pressure": "GPa",
            "mass": "M_E",
            "teq": "K",
        },
    }


def _print_record(record):
    params = ", ".join(f"{k} = {v:g}" for k, v in record["parameters"].items())
    print(f"model {record['model']}: {params}")
    print(f"status  {record['status']}")
    if record["radius"] is None:
        return
    print(f"radius  {record['radius']:.5f} R_E   k2 {record['k2']:.5f}   C/MR^2 {record['moi']:.5f}", end="")
    print(f"   Pc {record['p_center']:.2f} GPa")
    print(f"{'layer':>8} {'outer radius [R_E]':>19} {'thickness / R':>14} {'P at top [GPa]':>15}")
    for layer in record["layers"]:
        radius, thickness, pressure = (
            layer["outer_radius"],
            layer["thickness_fraction"],
            layer["top_pressure"],
        )
        print(f"{layer['name']:>8} {radius:19.5f} {thickness:14.5f} {pressure:15.4g}")


def _run_table(model, source, target):
    columns = read_numeric_table(source, model.parameter_names)
    model.check(columns, where=lambda i: f"{source} row {i + 2}")
    n = len(columns["mass"])
    parts = []
    with progress(n, f"{model.name}") as advance:
        for start in range(0, n, BATCH):
            part = model.simulate({k: v[start : start + BATCH] for k, v in columns.items()})
            parts.append(part.columns())
            advance(len(part))
    table = {
        k: np.concatenate([p[k] for p in parts]) if parts else np.zeros(0)
        for k in (parts[0] if parts else columns)
    }
    table["status"] = np.array([Status(s).label for s in table["status"]]) if n else np.zeros(0)
    write_table(target, table)
    counts = {label: int(np.sum(table["status"] == label)) for label in np.unique(table["status"])}
    print(
        f"{n} planets -> {target}: " + ", ".join(f"{c} {label}" for label, c in counts.items()),
        file=sys.stderr,
    )
    return 0
