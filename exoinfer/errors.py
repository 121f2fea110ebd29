"""Exceptions that carry the offending value, so that every edge (CLI, config loader, library call)
can report a one-line message naming the value and what is allowed."""

__all__ = ["ExoinferError", "FileFormatError", "InputError", "ModelError"]


class ExoinferError(Exception):
    """Base class of every error exoinfer raises on purpose."""


class InputError(ExoinferError, ValueError):
    """A user-supplied value is outside what is allowed.

    Parameters
    ----------
    name : str
        Name of the quantity (``mass``, ``w_core``, a CSV column ...).
    value : object
        The offending value, reported verbatim.
    allowed : str
        What would have been accepted, in words (``"a finite number > 0"``).
    """

    def __init__(self, name, value, allowed):
        self.name = name
        self.value = value
        self.allowed = allowed
        super().__init__(f"{name} = {_show(value)} is not allowed: expected {allowed}")


class ModelError(ExoinferError, LookupError):
    """An unknown or ill-defined structure model, material or layer."""


class FileFormatError(ExoinferError):
    """A file exoinfer reads is missing, corrupt or of the wrong kind."""


def _show(value):
    """A value as a user would write it: numbers plainly (no numpy reprs), strings quoted."""
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        value = value.item()
    if isinstance(value, float):
        return f"{value:.10g}"
    return repr(value)
