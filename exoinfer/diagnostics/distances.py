"""Distances between posteriors of one planet: how far an amortized estimate (MDN, NPE) lies from the
exact-likelihood reference (MCMC), quantity by quantity and jointly.

For each quantity and each posterior against the reference:

- the difference of the medians (posterior minus reference) in standard deviations of the reference;
- the ratios of the widths of the central 68% and 95% intervals (posterior / reference): 1 is the same
  width, 2 twice as wide (under-confident), 0.5 half as wide (over-confident);
- the 1-D Wasserstein distance W1 (the earth mover's distance, the area between the two cumulative
  distributions) in standard deviations of the reference: 0 for identical marginals, ``|shift|`` for a
  shifted copy, ``sqrt(2/pi) |s - 1|`` for a Gaussian ``s`` times as wide;

and jointly over the quantities compared, the accuracy of a classifier two-sample test (C2ST; Lopez-Paz &
Oquab 2017, ICLR, "Revisiting classifier two-sample tests"; used for posteriors by Lueckmann et al. 2021,
AISTATS, "Benchmarking simulation-based inference"): a classifier learns to tell draws of the posterior
from draws of the reference, and its cross-validated accuracy is 0.5 when they are indistinguishable and 1
when fully separable. It sees the joint draws, so it also notices wrong correlations, which no marginal
figure shows. A 1-sigma shift of one Gaussian quantity gives about 0.69 (Phi(1/2)).

The reference is, by default, the first posterior sampled by MCMC (method ``emcee`` or ``pymc-*``), the
exact-likelihood answer the others are judged against, or the first posterior when none is MCMC.

Quantities that are absent from, entirely NaN in, or constant in a posterior (e.g. the mass fraction of a
layer fixed at 0) are skipped for that pair, with the reason recorded.
"""

from dataclasses import asdict, dataclass, field

import numpy as np

from ..errors import InputError

__all__ = [
    "MCMC_METHODS",
    "C2STResult",
    "Comparison",
    "MarginalDistance",
    "PairComparison",
    "c2st_accuracy",
    "choose_reference",
    "compare_posteriors",
    "is_mcmc",
]

#: Methods that sample the exact likelihood (``pymc-*`` matches every PyMC sampler).
MCMC_METHODS = ("emcee", "pymc-*")

#: C2ST defaults: at most this many draws of each posterior (a classifier on 2 x 5,000 draws fits in about
#: a second on two cores), and this many cross-validation folds.
C2ST_MAX_DRAWS = 5000
C2ST_FOLDS = 5
#: Fewer usable draws than this per posterior and the C2ST is not run (each fold needs draws of both).
C2ST_MIN_DRAWS = 50


@dataclass(frozen=True)
class MarginalDistance:
    """One quantity of one posterior against the reference.

    Attributes
    ----------
    name : str
    median_shift : float
        (median - reference median) / reference standard deviation.
    width68_ratio, width95_ratio : float
        Width of the central 68% (95%) interval over that of the reference.
    wasserstein : float
        1-D Wasserstein distance W1 between the two samples / reference standard deviation.
    reference_sd : float
        The reference's standard deviation, in the quantity's unit.
    """

    name: str
    median_shift: float
    width68_ratio: float
    width95_ratio: float
    wasserstein: float
    reference_sd: float


@dataclass(frozen=True)
class C2STResult:
    """A classifier two-sample test of one posterior against the reference.

    Attributes
    ----------
    accuracy : float
        Mean cross-validated accuracy: 0.5 indistinguishable, 1 fully separable; NaN when too few draws.
    names : tuple of str
        The quantities whose joint draws the classifier saw.
    n_draws : int
        Draws of each posterior used (equal numbers, a seeded subsample).
    folds : int
    classifier : str
    """

    accuracy: float
    names: tuple
    n_draws: int
    folds: int
    classifier: str = "histogram gradient boosting (scikit-learn), inputs standardized by the reference"


@dataclass(frozen=True)
class PairComparison:
    """One posterior (``label``) against the reference.

    Attributes
    ----------
    label, reference : str
    marginals : dict of str to MarginalDistance
        Per compared quantity, in the order of the comparison's names.
    c2st : C2STResult or None
        None when no quantity could be compared.
    skipped : dict of str to str
        Quantities left out of this pair, with the reason.
    """

    label: str
    reference: str
    marginals: dict
    c2st: C2STResult | None
    skipped: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """Summaries of every posterior and the distances of each to the reference.

    Attributes
    ----------
    reference : str
        Label of the reference posterior.
    labels : tuple of str
        Every posterior, reference included, in the order given.
    methods : dict of str to str
        Label to the posterior's ``method`` attribute.
    names : tuple of str
        The quantities summarized and compared.
    summaries : dict of str to tuple of SummaryRow
        Per label: median and 68%/95% intervals of each name present (with finite draws) in it.
    pairs : dict of str to PairComparison
        Per label other than the reference.
    seed : int
        Seed of the C2ST subsampling, folds and classifier.
    """

    reference: str
    labels: tuple
    methods: dict
    names: tuple
    summaries: dict
    pairs: dict
    seed: int

    def summary(self, label, name):
        """The :class:`SummaryRow` of ``name`` in posterior ``label``, or None when it has none."""
        return next((row for row in self.summaries[label] if row.name == name), None)

    def to_dict(self):
        """Plain data (dicts, lists, floats, None for NaN) ready for ``json.dumps``."""
        summaries = {
            label: [asdict(row) | {"width68": row.width68, "width95": row.width95} for row in rows]
            for label, rows in self.summaries.items()
        }
        pairs = {}
        for label, pair in self.pairs.items():
            pairs[label] = {
                "label": pair.label,
                "reference": pair.reference,
                "marginals": {name: asdict(m) for name, m in pair.marginals.items()},
                "c2st": None if pair.c2st is None else asdict(pair.c2st),
                "skipped": dict(pair.skipped),
            }
        data = {
            "reference": self.reference,
            "labels": list(self.labels),
            "methods": dict(self.methods),
            "names": list(self.names),
            "summaries": summaries,
            "pairs": pairs,
            "seed": self.seed,
        }
        return _plain(data)


def is_mcmc(method):
    """True for methods that sample the exact likelihood: ``emcee`` and any ``pymc-*``."""
    method = str(method or "")
    return method == "emcee" or method.startswith("pymc-")


def choose_reference(methods, reference=None):
    """The label of the reference posterior.

    Parameters
    ----------
    methods : dict of str to str
        Label to method (the posteriors' ``method`` attribute), in the order given by the user.
    reference : str or int, optional
        A label, or a 0-based position in ``methods``. By default the first MCMC posterior (``emcee`` or
        ``pymc-*``), or the first posterior when none is MCMC.

    Returns
    -------
    str

    Raises
    ------
    InputError
        If ``reference`` is neither a label nor a valid position.
    """
    labels = list(methods)
    if reference is None:
        return next((label for label in labels if is_mcmc(methods[label])), labels[0])
    if isinstance(reference, str) and reference in methods:
        return reference
    is_position = isinstance(reference, (int, np.integer)) and not isinstance(reference, bool)
    if is_position and 0 <= reference < len(labels):
        return labels[int(reference)]
    raise InputError("reference", reference, f"one of {', '.join(labels)} or a position 0-{len(labels) - 1}")


def compare_posteriors(posteriors, names=None, reference=None, *, seed=0, max_draws=C2ST_MAX_DRAWS):
    """Summaries of several posteriors and the distances of each to the reference.

    Parameters
    ----------
    posteriors : dict of str to InferenceData
        Label to posterior, at least two, in the order to report them.
    names : sequence of str, optional
        Quantities to summarize and compare; by default those of
        :func:`exoinfer.inference.summary.default_summary_names` of every posterior (the reference's
        first): parameters, radius, k2, C/MR^2 and thickness fractions that vary.
    reference : str or int, optional
        Label or 0-based position of the reference; see :func:`choose_reference` for the default (the
        first MCMC posterior, else the first).
    seed : int, optional
        Seed of the C2ST's subsampling, folds and classifier (the result is reproducible).
    max_draws : int, optional
        At most this many draws of each posterior enter the C2ST.

    Returns
    -------
    Comparison

    Raises
    ------
    InputError
        If fewer than two posteriors are given, a name is in none of them, the reference is unknown, or
        no named quantity varies in any posterior.
    """
    # Imported on use: exoinfer.inference pulls in the structure models, slow for a command's start.
    from ..inference.posterior import posterior_frame
    from ..inference.summary import summarize

    posteriors = dict(posteriors)
    if len(posteriors) < 2:
        raise InputError("posteriors", len(posteriors), "at least two posteriors to compare")
    methods = {label: str(idata.posterior.attrs.get("method", "")) for label, idata in posteriors.items()}
    ref = choose_reference(methods, reference)
    order = [ref, *(label for label in posteriors if label != ref)]
    names = _names(posteriors, order, names)

    frames, states = {}, {}
    for label, idata in posteriors.items():
        present = [n for n in names if n in idata.posterior]
        frame = posterior_frame(idata, present) if present else {}  # (no names means all to it)
        frames[label] = {n: np.asarray(x, dtype=float) for n, x in frame.items()}
        states[label] = {n: _state(frames[label].get(n)) for n in names}
    if not any(states[label][n] == "varies" for label in posteriors for n in names):
        raise InputError("names", ",".join(names), "at least one quantity that varies in a posterior")
    summaries = {}
    for label, idata in posteriors.items():
        present = [n for n in names if states[label][n] in ("varies", "constant")]
        summaries[label] = tuple(summarize(idata, present)) if present else ()

    pairs = {}
    for label in posteriors:
        if label != ref:
            pairs[label] = _compare_pair(label, ref, names, frames, states, summaries, seed, max_draws)
    return Comparison(
        reference=ref,
        labels=tuple(posteriors),
        methods=methods,
        names=tuple(names),
        summaries=summaries,
        pairs=pairs,
        seed=int(seed),
    )


def c2st_accuracy(draws, reference, *, seed=0, max_draws=C2ST_MAX_DRAWS, folds=C2ST_FOLDS):
    """Classifier two-sample test: cross-validated accuracy of telling ``draws`` from ``reference``.

    Parameters
    ----------
    draws, reference : array_like, shape (n,) or (n, d)
        Joint draws, one row per draw, the same quantities in the same columns. Rows with a NaN are
        dropped (failed draws).
    seed : int, optional
    max_draws : int, optional
        Both samples are cut, by a seeded random subsample, to the same size: the smaller sample's, at most
        ``max_draws``, so that 0.5 is the chance level.
    folds : int, optional
        Stratified cross-validation folds.

    Returns
    -------
    accuracy : float
        Mean accuracy on the held-out folds: about 0.5 for samples of one distribution (its standard error
        is about ``0.5 / sqrt(2 n)``), up to 1 for disjoint ones; NaN when fewer than
        :data:`C2ST_MIN_DRAWS` usable draws remain.
    n : int
        Draws of each sample used.

    Notes
    -----
    The classifier is scikit-learn's histogram gradient boosting with early stopping. Trees split on
    binned features, so the test is insensitive to a monotone transformation of a quantity (an envelope
    fraction spanning decades needs no logarithm), and fitting 2 x 5,000 draws in five folds takes about a
    second on one core, several times less than a small MLP of equal accuracy on shifted, widened and
    correlated Gaussians. Inputs are still standardized by the reference's mean and standard deviation
    (as in Lueckmann et al. 2021), which makes a classifier swap harmless.
    """
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from threadpoolctl import threadpool_limits

    x = _rows(draws)
    y = _rows(reference)
    if x.shape[1] != y.shape[1]:
        raise InputError("c2st columns", f"{x.shape[1]} and {y.shape[1]}", "the same quantities in both")
    n = int(min(len(x), len(y), max_draws))
    if n < C2ST_MIN_DRAWS:
        return float("nan"), n
    rng = np.random.default_rng(seed)
    x = x[rng.choice(len(x), n, replace=False)]
    y = y[rng.choice(len(y), n, replace=False)]
    mean = y.mean(axis=0)
    scale = y.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    features = (np.vstack([y, x]) - mean) / scale
    target = np.r_[np.zeros(n), np.ones(n)]
    classifier = HistGradientBoostingClassifier(max_iter=200, early_stopping=True, random_state=seed)
    split = StratifiedKFold(folds, shuffle=True, random_state=seed)
    # One OpenMP thread: the fits are small, and on a machine busy with other work (a training, a
    # sampler) OpenMP's spinning threads made them some 50 times slower than on one thread.
    with threadpool_limits(1, user_api="openmp"):
        scores = cross_val_score(classifier, features, target, cv=split, scoring="accuracy")
    return float(np.mean(scores)), n


# ------------------------------------------------------------------------------------------------------


def _names(posteriors, order, names):
    from ..inference.summary import default_summary_names

    known = set().union(*(idata.posterior.data_vars for idata in posteriors.values()))
    if names is None:
        out = []
        for label in order:
            out += [n for n in default_summary_names(posteriors[label]) if n not in out]
        return out
    names = [str(n) for n in names]
    if not names:
        raise InputError("names", "", "one or more posterior variables")
    for name in names:
        if name not in known:
            raise InputError("name", name, f"one of {', '.join(sorted(known))}")
    return list(dict.fromkeys(names))


def _state(values):
    """``"absent"``, ``"nan"`` (no finite draw), ``"constant"`` or ``"varies"``."""
    if values is None:
        return "absent"
    x = values[np.isfinite(values)]
    if x.size == 0:
        return "nan"
    if np.ptp(x) <= 1e-12 * max(1.0, float(np.max(np.abs(x)))):
        return "constant"
    return "varies"


_REASONS = {"absent": "absent from {}", "nan": "no finite draws in {}", "constant": "constant in {}"}


def _compare_pair(label, ref, names, frames, states, summaries, seed, max_draws):
    from scipy.stats import wasserstein_distance

    rows = {lab: {row.name: row for row in summaries[lab]} for lab in (label, ref)}
    marginals, skipped = {}, {}
    for name in names:
        reasons = []
        for lab in (ref, label):
            state = states[lab][name]
            if state != "varies":
                text = _REASONS[state].format(lab)
                if state == "constant":
                    text += f" (= {rows[lab][name].median:.6g})"
                reasons.append(text)
        if reasons:
            skipped[name] = "; ".join(reasons)
            continue
        x = _finite(frames[label][name])
        y = _finite(frames[ref][name])
        sd = float(np.std(y, ddof=1))
        mine, theirs = rows[label][name], rows[ref][name]
        marginals[name] = MarginalDistance(
            name=name,
            median_shift=float((mine.median - theirs.median) / sd),
            width68_ratio=float(mine.width68 / theirs.width68) if theirs.width68 > 0 else float("nan"),
            width95_ratio=float(mine.width95 / theirs.width95) if theirs.width95 > 0 else float("nan"),
            wasserstein=float(wasserstein_distance(x, y) / sd),
            reference_sd=sd,
        )
    c2st = None
    if marginals:
        compared = tuple(marginals)
        accuracy, n = c2st_accuracy(
            np.column_stack([frames[label][n] for n in compared]),
            np.column_stack([frames[ref][n] for n in compared]),
            seed=seed,
            max_draws=max_draws,
        )
        c2st = C2STResult(accuracy=accuracy, names=compared, n_draws=n, folds=C2ST_FOLDS)
    return PairComparison(label=label, reference=ref, marginals=marginals, c2st=c2st, skipped=skipped)


def _finite(x):
    return x[np.isfinite(x)]


def _rows(values):
    x = np.asarray(values, dtype=float)
    x = x.reshape(-1, 1) if x.ndim == 1 else x
    return x[np.all(np.isfinite(x), axis=1)]


def _plain(value):
    """Numpy scalars to Python numbers, NaN and infinities to None, tuples to lists (strict JSON)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value
