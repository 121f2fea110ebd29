"""The Zarr store of a simulation set: layout, creation, checks on reopening, growth, and reading.

Layout (Zarr format 3, one group)::

    <name>        float32 (n,), chunks (chunk_size,)   every parameter and output, by vocabulary name
    status        int8    (n,), chunks (chunk_size,)   Status code per planet; -1 where never simulated
    chunk_done    bool    (n_chunks,), chunks (1,)     True once every array of chunk k is written

Values are float32: about 7 significant digits, far finer than any measurement and than the structure
model's own accuracy (1e-4 in radius, 1e-3 in k2); it halves the size of sets of millions of planets and
is what networks train in. The parameters are rounded to float32 *before* they are simulated, so the
stored parameters are exactly the ones the stored outputs belong to.

Completion is one Zarr chunk (one file) per simulation chunk, written by the client after the worker has
written the chunk's data: a run killed mid-chunk leaves that chunk "not done" and it is redone, and no two
writers ever share a file.
"""

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import FileFormatError, InputError
from ..structure import Status, StructureResult
from ..vocabulary import describe as describe_quantity

__all__ = ["SimulationSet", "chunk_bounds", "chunk_count", "open_simulations"]

#: Identifies an exoinfer simulation set among Zarr groups.
FORMAT = "exoinfer-simulation-set"
FORMAT_VERSION = 1
FLOAT = np.float32
STATUS = "status"
DONE = "chunk_done"
#: Status of a planet whose chunk has not been written.
STATUS_NOT_SIMULATED = -1
#: Attributes that define the set: a store made with other values is refused, never mixed.
IDENTITY = ("model", "prior", "seed", "chunk_size")
#: Rows read at once by :meth:`SimulationSet.arrays` and :meth:`SimulationSet.status_counts`.
READ_BLOCK = 1 << 20

CHUNK_RULE = (
    "chunk k holds planets [k * chunk_size, min((k + 1) * chunk_size, n)); its parameters are the first "
    "rows of prior.sample(chunk_size, numpy.random.default_rng([seed, k])), rounded to float32"
)


def chunk_count(n, chunk_size):
    """Number of chunks of a set of ``n`` planets (the last one may be partial)."""
    return -(-n // chunk_size)


def chunk_bounds(k, n, chunk_size):
    """First and one-past-last planet index of chunk ``k``."""
    start = k * chunk_size
    return start, min(start + chunk_size, n)


def output_names(model):
    """Names of the outputs of ``model.simulate`` (``StructureResult.columns()`` less parameters and
    status), taken from an empty result so that no planet has to be solved."""
    n_layers = len(model.layer_names)
    empty = np.zeros(0)
    result = StructureResult(
        model=model.name,
        layer_names=model.layer_names,
        parameters={},
        radius=empty,
        k2=empty,
        moi=empty,
        p_center=empty,
        layer_radius=np.zeros((0, n_layers)),
        layer_pressure=np.zeros((0, n_layers)),
        status=np.zeros(0, dtype=np.int8),
    )
    return tuple(name for name in result.columns() if name != STATUS)


def identity(model, prior, seed, chunk_size):
    """The attributes that define a set, as they read back from JSON."""
    return _as_json(
        {"model": model.describe(), "prior": prior.describe(), "seed": seed, "chunk_size": chunk_size}
    )


def _as_json(value):
    """``value`` as it reads back from Zarr's JSON attributes (tuples become lists ...)."""
    return json.loads(json.dumps(value))


def _zarr():
    import zarr  # imported on use: the library starts without the simulation stack

    return zarr


# ----------------------------------------------------------------------------------------------------
# creating and reopening for writing


def check_store(path, model, prior, seed, chunk_size, n):
    """Raise unless ``path`` is free (absent or an empty directory) or holds this set with at most ``n``
    planets. Reads only: run before any cluster starts, so a refused store costs nothing.

    Returns
    -------
    bool
        True if the store exists.

    Raises
    ------
    FileFormatError
        If ``path`` is not an exoinfer simulation set, or one made with another model, prior, seed or
        chunk size.
    InputError
        If the store already holds more than ``n`` planets (sets grow, never shrink).
    """
    path = Path(path)
    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        return False
    group = _open_group(path, "r")
    attrs = _checked_attrs(group, path)
    _check_identity(attrs, identity(model, prior, seed, chunk_size), path)
    if n < attrs["n"]:
        raise InputError(
            "n", n, f">= {attrs['n']}: {path} already holds {attrs['n']} planets (sets only grow)"
        )
    return True


def prepare_store(path, model, prior, seed, chunk_size, n):
    """Create the store for ``n`` planets, or reopen it and grow it to ``n`` (see :func:`check_store`)."""
    path = Path(path)
    if not check_store(path, model, prior, seed, chunk_size, n):
        _create(path, model, identity(model, prior, seed, chunk_size), n)
        return
    group = _open_group(path, "r+")
    _grow(group, dict(group.attrs), n)


def _create(path, model, attrs, n):
    """Build the whole store under a temporary name and rename it into place: an interrupted creation
    never leaves a store without its attributes at ``path``."""
    zarr = _zarr()
    chunk_size = attrs["chunk_size"]
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.creating")
    path.parent.mkdir(parents=True, exist_ok=True)
    group = zarr.open_group(str(tmp), mode="w-", zarr_format=3)
    names = (*model.parameter_names, *output_names(model))
    for name in names:
        quantity = describe_quantity(name)
        group.create_array(
            name,
            shape=(n,),
            chunks=(chunk_size,),
            dtype=FLOAT,
            fill_value=np.nan,
            attributes={"unit": quantity.unit, "description": quantity.description},
        )
    group.create_array(
        STATUS,
        shape=(n,),
        chunks=(chunk_size,),
        dtype=np.int8,
        fill_value=STATUS_NOT_SIMULATED,
        attributes={"codes": {s.label: int(s) for s in Status}, "not_simulated": STATUS_NOT_SIMULATED},
    )
    group.create_array(DONE, shape=(chunk_count(n, chunk_size),), chunks=(1,), dtype=bool, fill_value=False)
    group.attrs.update(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            **attrs,
            "n": n,
            "parameter_names": list(model.parameter_names),
            "output_names": list(output_names(model)),
            "dtype": np.dtype(FLOAT).name,
            "chunks": CHUNK_RULE,
            "exoinfer_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    os.rename(tmp, path)


def _grow(group, attrs, n):
    """Resize every array to ``n`` planets. The chunk that held the old last, partial chunk gets more
    planets, so it is marked not done first: a run killed at any step of this redoes it, and the
    attribute ``n`` is written last."""
    old_n, chunk_size = attrs["n"], attrs["chunk_size"]
    if n != old_n and old_n % chunk_size:
        group[DONE][old_n // chunk_size] = False
    for name in (*attrs["parameter_names"], *attrs["output_names"], STATUS):
        if group[name].shape != (n,):
            group[name].resize((n,))
    if group[DONE].shape != (chunk_count(n, chunk_size),):
        group[DONE].resize((chunk_count(n, chunk_size),))
    if n != old_n:
        group.attrs["n"] = n


def _check_identity(attrs, wanted, path):
    for key in IDENTITY:
        if attrs.get(key) != wanted[key]:
            raise FileFormatError(
                f"{path} was made with {_difference(key, attrs.get(key), wanted[key])}; "
                "use another output path, or the same model, prior, seed and chunk size to resume or extend"
            )


def _difference(key, stored, wanted):
    """The first differing entry of two JSON values, in words: ``prior mass.high 25.0, not 30.0``."""
    if isinstance(stored, dict) and isinstance(wanted, dict):
        for sub in sorted(set(stored) | set(wanted)):
            if stored.get(sub) != wanted.get(sub):
                return _difference(f"{key}.{sub}", stored.get(sub), wanted.get(sub))
    head, _, rest = key.partition(".")
    return f"{head} {rest + ' ' if rest else ''}{json.dumps(stored)}, not {json.dumps(wanted)}"


# ----------------------------------------------------------------------------------------------------
# opening


def _open_group(path, mode):
    zarr = _zarr()
    if not Path(path).is_dir():
        raise FileFormatError(f"{path}: not a simulation set (not a Zarr directory)")
    try:
        return zarr.open_group(str(path), mode=mode, zarr_format=3)
    except Exception as err:  # zarr raises several unrelated types for "not a group"
        raise FileFormatError(f"{path}: not a simulation set ({type(err).__name__}: {err})") from None


def _checked_attrs(group, path):
    attrs = dict(group.attrs)
    if attrs.get("format") != FORMAT:
        raise FileFormatError(f"{path}: a Zarr group, but not an exoinfer simulation set")
    if attrs.get("format_version") != FORMAT_VERSION:
        raise FileFormatError(
            f"{path}: simulation set format {attrs.get('format_version')}, "
            f"this exoinfer reads {FORMAT_VERSION}"
        )
    names = (*attrs["parameter_names"], *attrs["output_names"], STATUS, DONE)
    missing = [name for name in names if name not in group]
    if missing:
        raise FileFormatError(f"{path}: corrupt simulation set, missing array(s) {', '.join(missing)}")
    return attrs


def open_simulations(path):
    """Open a simulation set for reading.

    Parameters
    ----------
    path : str or Path
        A store written by :func:`exoinfer.simulate.simulate_set`.

    Returns
    -------
    SimulationSet

    Raises
    ------
    FileFormatError
        If ``path`` is missing, not a Zarr group, or not an exoinfer simulation set.
    """
    group = _open_group(path, "r")
    return SimulationSet(path, group, _checked_attrs(group, path))


class SimulationSet:
    """A simulation set on disk: planets drawn from a prior and built by a structure model.

    Reads see only completed chunks, as of when the set was opened.

    Attributes
    ----------
    path : Path
    attrs : dict
        The store's attributes: ``model`` and ``prior`` (their ``describe()`` records), ``seed``,
        ``chunk_size``, ``n`` (planets the set is declared to hold), ``parameter_names``,
        ``output_names``, ``exoinfer_version``, ``created_at`` ...
    names : tuple of str
        Parameters, outputs and ``status``.
    n : int
        Planets in completed chunks.
    """

    def __init__(self, path, group, attrs):
        self.path = Path(path)
        self._group = group
        self.attrs = attrs
        self.parameter_names = tuple(attrs["parameter_names"])
        self.output_names = tuple(attrs["output_names"])
        self.names = (*self.parameter_names, *self.output_names, STATUS)
        self.chunk_size = attrs["chunk_size"]
        self.n_total = attrs["n"]
        self.done = np.asarray(group[DONE][:], dtype=bool)[: chunk_count(self.n_total, self.chunk_size)]
        bounds = (chunk_bounds(k, self.n_total, self.chunk_size) for k in self.done_chunks)
        self.n = int(sum(stop - start for start, stop in bounds))

    def __repr__(self):
        return (
            f"SimulationSet({str(self.path)!r}, model={self.attrs['model']['name']!r}, "
            f"{self.n} of {self.n_total} planets complete)"
        )

    @property
    def done_chunks(self):
        """Indices of the completed chunks."""
        return np.flatnonzero(self.done)

    @property
    def complete(self):
        """True when every chunk is done."""
        return bool(self.done.all())

    def _blocks(self):
        """Row ranges of completed planets, consecutive chunks merged up to ``READ_BLOCK`` rows."""
        per_block = max(1, READ_BLOCK // self.chunk_size)
        run = []
        for k in self.done_chunks:
            if run and (k != run[-1] + 1 or len(run) == per_block):
                yield self._rows(run)
                run = []
            run.append(k)
        if run:
            yield self._rows(run)

    def _rows(self, chunks):
        return chunk_bounds(chunks[0], self.n_total, self.chunk_size)[0], chunk_bounds(
            chunks[-1], self.n_total, self.chunk_size
        )[1]

    def arrays(self, names=None, ok_only=True, max_rows=None):
        """Columns of the completed planets.

        Parameters
        ----------
        names : sequence of str, optional
            Which columns (default: all of :attr:`names`).
        ok_only : bool
            Keep only the planets with status ``OK`` (the others have NaN outputs).
        max_rows : int, optional
            Return at most this many rows (the first ones, in planet order).

        Returns
        -------
        dict of str to ndarray
            float32 columns (``status`` int8), all of one length.
        """
        names = list(self.names if names is None else names)
        unknown = [name for name in names if name not in self.names]
        if unknown:
            raise InputError("column", unknown[0], f"one of {', '.join(self.names)}")
        parts = {name: [] for name in names}
        left = np.inf if max_rows is None else max_rows
        for start, stop in self._blocks():
            if left <= 0:
                break
            keep = self._group[STATUS][start:stop] == Status.OK if ok_only else slice(None)
            for name in names:
                parts[name].append(self._group[name][start:stop][keep][: int(min(left, stop - start))])
            left -= len(parts[names[0]][-1]) if names else 0
        return {name: np.concatenate(parts[name]) if parts[name] else self._empty(name) for name in names}

    def _empty(self, name):
        return np.zeros(0, dtype=self._group[name].dtype)

    def status_counts(self):
        """Completed planets per status label, e.g. ``{"ok": 99990, "no_solution": 10}``."""
        counts = {}
        for start, stop in self._blocks():
            codes, n = np.unique(self._group[STATUS][start:stop], return_counts=True)
            for code, count in zip(codes, n, strict=True):
                label = Status(int(code)).label
                counts[label] = counts.get(label, 0) + int(count)
        return counts
