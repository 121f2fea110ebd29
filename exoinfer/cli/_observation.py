"""The observation of one planet from command-line flags, a YAML file or the built-in catalog."""

from ..catalog import get_planet
from ..errors import InputError
from ._args import parse_error

__all__ = ["add_observation_arguments", "observation_from_args"]

#: Observables with their own pair of flags (--NAME and --NAME-err) and their units for the help text.
FLAGGED = {"mass": "M_E", "radius": "R_E (6371 km)", "teq": "K", "k2": "fluid Love number", "moi": "C/MR^2"}


def add_observation_arguments(parser):
    group = parser.add_argument_group(
        "the planet (--planet, --observation, or flags; flags add to or replace what the first two give)"
    )
    group.add_argument("--planet", help="a built-in planet (see `exoinfer classify --planet all`)")
    group.add_argument(
        "--observation", help="YAML file with the measured observables (configs/observations/)"
    )
    for name, unit in FLAGGED.items():
        group.add_argument(f"--{name}", type=float, help=f"measured {name} [{unit}]")
        group.add_argument(f"--{name}-err", help="its 1-sigma error, or 'lower,upper'")
    group.add_argument(
        "--observe",
        action="append",
        default=[],
        metavar="SPEC",
        help="any model output: NAME=VALUE,ERR | NAME=VALUE,LOWER,UPPER | NAME<LIMIT[,WIDTH] | "
        "NAME>LIMIT[,WIDTH] (repeatable), e.g. 'd_core<0.6'",
    )
    group.add_argument("--name", help="planet name for the output (default: --planet's, or 'planet')")


def observation_from_args(args):
    """The :class:`Observation` the flags describe.

    Raises
    ------
    InputError
        For a value without its error, a negative or zero error, a malformed ``--observe``, or no
        measurement at all.
    """
    from ..inference import Observation  # imported on use (scipy): the command line starts faster

    if args.planet and args.observation:
        raise InputError("--planet/--observation", args.observation, "one of --planet and --observation")
    if args.planet:
        observation = Observation.from_planet(get_planet(args.planet))
    elif args.observation:
        observation = Observation.from_yaml(args.observation)
    else:
        observation = None
    measurements = [_flagged(args, name) for name in FLAGGED if getattr(args, name) is not None]
    measurements += [_parse_spec(spec) for spec in args.observe]
    for name in FLAGGED:
        if getattr(args, f"{name}_err") is not None and getattr(args, name) is None:
            raise InputError(f"--{name}-err", getattr(args, f"{name}_err"), f"--{name} given with it")
    if observation is None:
        if not measurements:
            raise InputError("planet", None, "--planet NAME, --observation FILE, or --mass/--radius flags")
        observation = Observation(measurements, args.name or "planet")
    else:
        for m in measurements:
            observation = observation.with_measurement(m)
    if args.name:
        observation = Observation(observation.measurements, args.name, observation.references)
    return observation


def _flagged(args, name):
    from ..inference import Measurement

    value, err_text = getattr(args, name), getattr(args, f"{name}_err")
    if err_text is None:
        raise InputError(f"--{name}-err", None, f"an uncertainty for --{name} (a measurement needs one)")
    lower, upper = parse_error(f"--{name}-err", err_text)
    return Measurement(name, value, lower, upper)


def _parse_spec(spec):
    """``NAME=VALUE,ERR``, ``NAME=VALUE,LOWER,UPPER``, ``NAME<LIMIT[,WIDTH]`` or ``NAME>LIMIT[,WIDTH]``."""
    allowed = "NAME=VALUE,ERR | NAME=VALUE,LOWER,UPPER | NAME<LIMIT[,WIDTH] | NAME>LIMIT[,WIDTH]"
    for op, kind in (("=", "gaussian"), ("<", "upper"), (">", "lower")):
        name, sep, rest = spec.partition(op)
        if not sep or not name.strip():
            continue
        try:
            numbers = [float(v) for v in rest.split(",")]
        except ValueError:
            raise InputError("--observe", spec, allowed) from None
        if kind == "gaussian" and len(numbers) in (2, 3):
            lower, upper = (numbers[1], numbers[1]) if len(numbers) == 2 else numbers[1:]
            return _measurement(spec, name.strip(), numbers[0], lower, upper, kind)
        if kind != "gaussian" and len(numbers) in (1, 2):
            width = numbers[1] if len(numbers) == 2 else 0.0
            return _measurement(spec, name.strip(), numbers[0], 0.0, width, kind)
        raise InputError("--observe", spec, allowed)
    raise InputError("--observe", spec, allowed)


def _measurement(spec, name, value, lower, upper, kind):
    from ..inference import Measurement

    try:
        return Measurement(name, value, lower, upper, kind)
    except KeyError:
        raise InputError(
            "--observe", spec, "a quantity name such as radius, k2, moi, d_core, p_center"
        ) from None
