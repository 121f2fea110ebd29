"""``exoinfer teq``: equilibrium temperature from the star and the orbit."""

from ..errors import InputError
from ..teq import (
    REDISTRIBUTION,
    equilibrium_temperature,
    greenhouse_surface_temperature,
    luminosity_from_radius_teff,
    redistribution_factor,
)
from ._args import planets_from_names


def register(subparsers):
    parser = subparsers.add_parser(
        "teq",
        help="equilibrium temperature from stellar luminosity (or radius and Teff) and orbital distance",
        description=(
            "Teq = [f (1 - A) L / (4 pi sigma a^2)]^(1/4), with f = 1/4 for full heat redistribution, 1/2 "
            "for the day side only, 2/3 for none (Cowan & Agol 2011). --greenhouse adds a one-layer "
            "atmosphere of infrared emissivity eps: Ts = Teq (2 / (2 - eps))^(1/4) (Marshall & Plumb 2008)."
        ),
    )
    parser.add_argument("--planet", help="built-in planet whose orbit and star to use")
    parser.add_argument("--distance", type=float, help="semi-major axis [AU]")
    parser.add_argument("--luminosity", type=float, help="stellar luminosity [L_sun]")
    parser.add_argument("--log-luminosity", type=float, help="log10 of L / L_sun (the NASA archive's st_lum)")
    parser.add_argument("--star-radius", type=float, help="stellar radius [R_sun] (with --star-teff)")
    parser.add_argument("--star-teff", type=float, help="stellar effective temperature [K]")
    parser.add_argument("--albedo", type=float, default=0.0, help="Bond albedo (default 0)")
    parser.add_argument(
        "--redistribution",
        default="full",
        help=f"{', '.join(REDISTRIBUTION)} or a factor f in (0, 1] (default full = 1/4)",
    )
    parser.add_argument(
        "--greenhouse", type=float, metavar="EPS", help="infrared emissivity of a one-layer atmosphere"
    )
    parser.set_defaults(func=run)


def run(args):
    distance, luminosity, source = _inputs(args)
    f = redistribution_factor(_number_or_name(args.redistribution))
    teq = equilibrium_temperature(distance, luminosity, albedo=args.albedo, redistribution=f)
    print(f"{source}: a = {distance:g} AU, L = {luminosity:.6g} L_sun, A = {args.albedo:g}, f = {f:.4g}")
    print(f"Teq = {teq:.1f} K")
    if args.greenhouse is not None:
        ts = greenhouse_surface_temperature(teq, args.greenhouse)
        print(f"Ts  = {ts:.1f} K (one-layer greenhouse, emissivity {args.greenhouse:g})")
    return 0


def _number_or_name(text):
    try:
        return float(text)
    except ValueError:
        return text


def _inputs(args):
    source = "star and orbit"
    distance, luminosity = args.distance, args.luminosity
    radius, teff = args.star_radius, args.star_teff
    if args.planet:
        planet = planets_from_names([args.planet])[0]
        source = planet.name
        distance = distance if distance is not None else planet.semi_major_axis
        luminosity = luminosity if luminosity is not None else planet.star_luminosity
        radius = radius if radius is not None else planet.star_radius
        teff = teff if teff is not None else planet.star_teff
    if args.log_luminosity is not None:
        luminosity = 10.0**args.log_luminosity
    if distance is None:
        raise InputError("--distance", None, "the orbital distance in AU")
    if luminosity is None:
        if radius is None or teff is None:
            raise InputError("--luminosity", None, "a luminosity in L_sun, or --star-radius and --star-teff")
        luminosity = float(luminosity_from_radius_teff(radius, teff))
    return distance, luminosity, source
