"""Matplotlib set-up and atomic saving shared by the plot modules."""

from pathlib import Path

from ..errors import InputError
from ..io import atomic_path

__all__ = ["FIGURE_FORMATS", "check_figure_path", "pyplot", "save_figure"]

#: File suffixes :func:`save_figure` writes.
FIGURE_FORMATS = (".png", ".pdf", ".svg")


def pyplot():
    """matplotlib.pyplot, switched to the Agg backend when no interactive one is in use."""
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg") and not matplotlib.is_interactive():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def check_figure_path(path):
    """Raise :class:`InputError` unless ``path`` ends in a supported figure suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FIGURE_FORMATS:
        raise InputError("figure file", str(path), f"a name ending in {', '.join(FIGURE_FORMATS)}")
    return suffix


def save_figure(fig, path, dpi=150):
    """Save ``fig`` to ``path`` (PNG, PDF or SVG by suffix) atomically, then close it."""
    suffix = check_figure_path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=suffix[1:], dpi=dpi, bbox_inches="tight")
    pyplot().close(fig)
    return Path(path)
