"""CSV rows with their line numbers, skipping ``#`` comment lines (as NASA Exoplanet Archive exports have)."""

import csv
from pathlib import Path

from ..errors import FileFormatError

__all__ = ["read_rows"]


def read_rows(path):
    """The header and the data rows of a CSV file with ``#`` comments.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    header : list of str
        Column names, stripped.
    rows : list of (int, dict)
        (line number in the file, {column: stripped cell}) per data row; missing trailing cells are ``""``.

    Raises
    ------
    FileFormatError
        If the file cannot be read as text or has no header row.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise FileFormatError(f"{path}: cannot read ({err})") from None
    numbered = [
        (i + 1, line)
        for i, line in enumerate(text.splitlines())
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise FileFormatError(f"{path}: no header row (the file is empty or only comments)")
    try:
        parsed = list(csv.reader(line for _, line in numbered))
    except csv.Error as err:
        raise FileFormatError(f"{path}: not valid CSV ({err})") from None
    header = [h.strip() for h in parsed[0]]
    rows = []
    for (line_no, _), cells in zip(numbered[1:], parsed[1:], strict=True):
        cells = [c.strip() for c in cells] + [""] * max(0, len(header) - len(cells))
        rows.append((line_no, dict(zip(header, cells, strict=False))))
    return header, rows
