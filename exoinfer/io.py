"""Reading and writing the plain CSV tables that exoinfer's commands take and give.

Reads are strict (a non-numeric cell is an error that names its row and column); writes are atomic (a
temporary file renamed into place), so an interrupted or failed run never leaves a half-written file.
"""

import contextlib
import csv
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from .errors import FileFormatError, InputError

__all__ = ["atomic_path", "read_numeric_table", "staged_folder", "write_table"]


def read_numeric_table(path, required):
    """Read the columns ``required`` of a CSV file as float arrays.

    Parameters
    ----------
    path : str or Path
        A CSV file with a header row.
    required : sequence of str
        Column names that must be present; other columns are ignored.

    Returns
    -------
    dict of str to ndarray

    Raises
    ------
    FileFormatError
        If the file is missing, unreadable, empty or lacks a required column.
    InputError
        If a required cell is empty or not a number (the message names the row, counting the header as
        row 1, and the column).
    """
    path = Path(path)
    try:
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if not header:
                raise FileFormatError(f"{path}: empty file or no header row")
            if missing:
                raise FileFormatError(
                    f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(header)}"
                )
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise FileFormatError(f"{path}: cannot read as CSV ({err})") from None
    columns = {name: np.empty(len(rows)) for name in required}
    for i, row in enumerate(rows):
        for name in required:
            cell = (row.get(name) or "").strip()
            try:
                columns[name][i] = float(cell)
            except ValueError:
                raise InputError(f"{path.name} row {i + 2} column {name}", cell, "a number") from None
    return columns


def _current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: The process umask, read once at import (reading it means setting it, which is not thread-safe).
_UMASK = _current_umask()


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path next to ``path``; on success it is renamed to ``path``, else removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); give it the permissions an ordinary open() would.
    os.chmod(tmp, 0o666 & ~_UMASK)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # again: some writers (safetensors) replace the file they are given
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)


@contextlib.contextmanager
def staged_folder(out):
    """Yield a temporary folder next to ``out`` for a set of files; on success they all move into ``out``
    (created if need be; other files there are left alone), on failure none does."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, 0o777 & ~_UMASK)  # mkdtemp makes it private
        yield tmp
        out.mkdir(exist_ok=True)
        for path in tmp.iterdir():
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_table(path, columns, float_format="%.10g"):
    """Write equal-length columns (dict of name to 1-D array) as a CSV file, atomically."""
    names = list(columns)
    data = [np.asarray(columns[n]) for n in names]
    with atomic_path(path) as tmp, tmp.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in zip(*data, strict=True):
            writer.writerow([_format(v, float_format) for v in row])


def _format(value, float_format):
    if isinstance(value, (float, np.floating)):
        return "nan" if np.isnan(value) else float_format % value
    return str(value)
