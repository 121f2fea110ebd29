"""The ``exoinfer`` command line: thin wrappers that parse, call the library and print.

Each command group lives in its own module with a ``register(subparsers)`` function that adds its
sub-command(s) and sets ``func`` on the parser. Errors that exoinfer raises on purpose (bad input, unknown
models, corrupt files) are printed as one line on stderr with exit code 2; nothing else is caught, so a
bug still shows its traceback.
"""

import argparse
import sys
import warnings

from ..errors import ExoinferError

__all__ = ["main"]

#: Command modules, in the order ``exoinfer --help`` lists them.
COMMANDS = (
    "demo",
    "forward",
    "models",
    "infer",
    "evidence",
    "compare",
    "simulate",
    "train",
    "calibrate",
    "degeneracy",
    "classify",
    "teq",
    "mr_diagram",
)

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser():
    """The argument parser with every registered command."""
    from importlib import import_module

    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="exoinfer",
        description="Posteriors of exoplanet interiors from mass, radius, Teq, k2 and other observables.",
    )
    parser.add_argument("--version", action="version", version=f"exoinfer {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f".{name}", __name__).register(subparsers)
    return parser


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    """Warnings as one line for the command line user (no source line, no file path)."""
    print(f"warning: {message}", file=sys.stderr)


def main(argv=None):
    """Entry point of the ``exoinfer`` console script; returns the exit code."""
    warnings.showwarning = _one_line_warning
    parser = build_parser()
    args = parser.parse_args(argv)
    # Kept so that what a command makes can record the command that made it.
    args.command_line = ["exoinfer", *(sys.argv[1:] if argv is None else argv)]
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args) or 0
    except ExoinferError as err:
        print(f"exoinfer {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"exoinfer {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
