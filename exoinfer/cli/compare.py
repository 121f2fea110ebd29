"""``exoinfer compare``: several posteriors of one planet side by side (e.g. MDN and NPE against MCMC):
summaries, distances to the reference, a classifier two-sample test, an overlaid corner plot and
overlaid marginals, written into one folder."""

import sys

from ..errors import InputError

#: What ``--out`` receives, in this order.
OUTPUTS = ("comparison.json", "comparison.md", "corner.png", "marginals.png")


def register(subparsers):
    parser = subparsers.add_parser(
        "compare",
        help="compare posteriors of one planet (e.g. MDN, NPE against MCMC): distances, tables, plots",
        description=(
            "Compare two or more posterior files (.nc, from `exoinfer infer --out`) of one planet and "
            "model. Against the reference (by default the first MCMC posterior, emcee or pymc-*, else "
            "the first file), per quantity: the shift of the median in reference standard deviations, "
            "the ratios of the 68%% and 95%% interval widths and the 1-D Wasserstein distance; jointly: "
            "the accuracy of a classifier two-sample test (0.5 = indistinguishable, 1 = fully "
            "separable). Writes comparison.json, comparison.md, corner.png and marginals.png into --out."
        ),
    )
    parser.add_argument("posteriors", nargs="*", metavar="FILE", help="posterior files (.nc), two or more")
    parser.add_argument("--out", metavar="DIR", help="folder to write into (created if needed)")
    parser.add_argument(
        "--reference",
        metavar="LABEL_OR_INDEX",
        help="the reference: a label as printed (the method, or the file stem when two share one), a file "
        "as given, or its position counted from 1 (default: the first emcee/pymc-* file, else the first)",
    )
    parser.add_argument(
        "--names",
        help="comma-separated quantities to compare (default: the parameters, radius, k2, C/MR^2 and "
        "thickness fractions that vary)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the classifier test (default 0)")
    parser.add_argument(
        "--c2st-draws",
        type=int,
        default=5000,
        help="at most this many draws of each posterior enter the classifier test (default 5000)",
    )
    parser.set_defaults(func=run)


def run(args):
    from pathlib import Path

    from ..inference.posterior import load_posterior

    files = list(args.posteriors)
    if len(files) < 2:
        raise InputError("posterior files", len(files), "two or more .nc files to compare")
    out = _check_out(args.out)
    if args.c2st_draws < 50:
        raise InputError("--c2st-draws", args.c2st_draws, "a whole number >= 50")
    names = _parse_names(args.names)
    loaded = [load_posterior(path) for path in files]
    _check_models(files, loaded)
    _check_names(names, loaded)
    labels = unique_labels(files, [idata.posterior.attrs.get("method", "") for idata in loaded])
    posteriors = dict(zip(labels, loaded, strict=True))
    source = dict(zip(labels, files, strict=True))
    reference = _reference(args.reference, labels, files)
    _note_planets(posteriors)

    comparison = write_comparison(
        Path(out),
        posteriors,
        source,
        names=names,
        reference=reference,
        seed=args.seed,
        c2st_draws=args.c2st_draws,
    )
    print_table(comparison, source)
    print(f"written: {', '.join(str(Path(out) / name) for name in OUTPUTS)}", file=sys.stderr)
    return 0


def write_comparison(out, posteriors, source, *, names=None, reference=None, seed=0, c2st_draws=None):
    """Compare labelled posteriors and write comparison.json, comparison.md, corner.png and marginals.png
    into ``out``.

    Parameters
    ----------
    out : Path
    posteriors : dict of str to InferenceData
        Label (method) to posterior.
    source : dict of str to str
        Label to the file (or description) the posterior came from.
    names, reference, seed, c2st_draws
        As :func:`~exoinfer.diagnostics.distances.compare_posteriors` takes them.

    Returns
    -------
    Comparison
    """
    from ..diagnostics.distances import C2ST_MAX_DRAWS, compare_posteriors

    c2st_draws = C2ST_MAX_DRAWS if c2st_draws is None else c2st_draws
    comparison = compare_posteriors(posteriors, names, reference, seed=seed, max_draws=c2st_draws)
    record = _record(comparison, posteriors, source, c2st_draws)
    _write(
        out,
        record,
        comparison_markdown(comparison, posteriors, source),
        _figures(comparison, posteriors, names),
    )
    return comparison


def unique_labels(files, methods):
    """One label per file: its method, or the file stem where methods repeat (then ``-<position>``
    where stems repeat too)."""
    from collections import Counter
    from pathlib import Path

    methods = [str(m) or Path(f).stem for f, m in zip(files, methods, strict=True)]
    count = Counter(methods)
    labels = [m if count[m] == 1 else Path(f).stem for f, m in zip(files, methods, strict=True)]
    count = Counter(labels)
    return [label if count[label] == 1 else f"{label}-{k + 1}" for k, label in enumerate(labels)]


def _check_out(out):
    from pathlib import Path

    if not out:
        raise InputError("--out", out, "a folder to write comparison.json, .md and the plots into")
    if Path(out).exists() and not Path(out).is_dir():
        raise InputError("--out", out, "a folder (this is an existing file)")
    return out


def _parse_names(text):
    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise InputError("--names", text, "comma-separated quantity names, e.g. mass,w_core,d_core")
    return names


def _check_names(names, loaded):
    known = set().union(*(idata.posterior.data_vars for idata in loaded))
    for name in names or ():
        if name not in known:
            raise InputError("--names", name, f"quantities of the posteriors: {', '.join(sorted(known))}")


def _check_models(files, loaded):
    models = [idata.posterior.attrs.get("model") for idata in loaded]
    for path, model in zip(files[1:], models[1:], strict=True):
        if model != models[0]:
            raise InputError(
                f"model of {path}",
                model,
                f"{models[0]!r} as in {files[0]}: posteriors of one structure model",
            )


def _reference(text, labels, files):
    """``--reference`` as a label for the library: a label, a file as given or its stem, a 1-based
    position."""
    from pathlib import Path

    if text is None:
        return None
    if text in labels:
        return text
    for label, path in zip(labels, files, strict=True):
        if text in (path, Path(path).name, Path(path).stem):
            return label
    if text.isdigit() and 1 <= int(text) <= len(labels):
        return labels[int(text) - 1]
    raise InputError("--reference", text, f"one of {', '.join(labels)} or a position 1-{len(labels)}")


def _note_planets(posteriors):
    planets = {str(idata.posterior.attrs.get("planet", "")) for idata in posteriors.values()}
    if len(planets) > 1:
        print(f"note: the posteriors are of different planets: {', '.join(sorted(planets))}", file=sys.stderr)


def _record(comparison, posteriors, source, c2st_draws):
    """Everything for comparison.json: the comparison, and where each posterior came from."""
    import datetime

    from .. import __version__

    described = {}
    for label, idata in posteriors.items():
        attrs = idata.posterior.attrs
        sizes = idata.posterior.sizes
        described[label] = {
            "file": str(source[label]),
            "method": attrs.get("method"),
            "model": attrs.get("model"),
            "model_version": attrs.get("model_version"),
            "planet": attrs.get("planet"),
            "draws": int(sizes.get("chain", 1) * sizes.get("draw", 1)),
        }
    data = comparison.to_dict()
    data["reference_file"] = str(source[comparison.reference])
    data["posteriors"] = _jsonable(described)
    data["c2st_max_draws"] = int(c2st_draws)
    data["exoinfer_version"] = __version__
    data["created_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return data


def _jsonable(value):
    """Attributes read from NetCDF can be numpy scalars."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if hasattr(value, "item"):
        return value.item()
    return value


def _figures(comparison, posteriors, names):
    from ..plots import plot_corner, plot_marginals

    ref = comparison.reference
    # Without --names the corner plot shows its own default (parameters and thickness fractions: the
    # derived radius, k2 and C/MR^2 would make it large and are in the marginals figure).
    corner = plot_corner(posteriors, names=list(comparison.names) if names else None, reference=ref)
    marginals = plot_marginals(posteriors, names=list(comparison.names), reference=ref)
    return {"corner.png": corner, "marginals.png": marginals}


def _write(out, record, markdown, figures):
    """Everything staged in a temporary folder, then moved into ``out``: a failure leaves nothing."""
    import json

    from ..io import staged_folder
    from ..plots import save_figure

    with staged_folder(out) as tmp:
        (tmp / "comparison.json").write_text(json.dumps(record, indent=1, allow_nan=False) + "\n")
        (tmp / "comparison.md").write_text(markdown)
        for name, fig in figures.items():
            save_figure(fig, tmp / name)


# ------------------------------------------------------------------------------------------------------
# text


def _number(value):
    if value is None or value != value:  # None or NaN
        return "–"
    return f"{value:.4g}"


def _distances(m):
    """Shift (signed), width ratios and W1 to three decimals: their sampling errors are near 0.01-0.03
    for a few thousand draws."""
    values = (m.median_shift, m.width68_ratio, m.width95_ratio, m.wasserstein)
    return ["–" if v != v else (f"{v:+.3f}" if k == 0 else f"{v:.3f}") for k, v in enumerate(values)]


def _accuracy(value):
    return "–" if value != value else f"{value:.3f}"


def _interval(low, high):
    return f"[{_number(low)}, {_number(high)}]"


def _heading(name):
    from ..vocabulary import describe

    try:
        quantity = describe(name)
    except KeyError:
        return f"`{name}`"
    unit = f" [{quantity.unit}]" if quantity.unit else ""
    return f"`{name}`{unit}: {quantity.description}"


def comparison_markdown(comparison, posteriors, source):
    """The comparison as Markdown: which file is the reference, per quantity a table of the summaries
    and distances, the classifier test and what was skipped."""
    from ..plots.corner import posterior_title

    ref = comparison.reference
    lines = [
        f"# {posterior_title(posteriors.values(), 'Posterior comparison')}",
        "",
        f"Reference: **{ref}** (`{source[ref]}`); every other posterior is compared with it.",
        "",
        "| posterior | file | method | draws |",
        "|---|---|---|---:|",
    ]
    for label, idata in posteriors.items():
        sizes = idata.posterior.sizes
        draws = int(sizes.get("chain", 1) * sizes.get("draw", 1))
        shown = f"{label} (reference)" if label == ref else label
        method = idata.posterior.attrs.get("method", "")
        lines.append(f"| {shown} | `{source[label]}` | {method} | {draws} |")
    lines += [
        "",
        "Per quantity: the median and the central 68% and 95% intervals; against the reference, "
        "Δ median = (median − reference median) / reference standard deviation σ, the width ratios "
        "= interval width / the reference's, and W1 = 1-D Wasserstein distance / σ "
        "(0 for identical marginals, |shift| for a shifted copy).",
        "",
        "## Quantities",
    ]
    for name in comparison.names:
        lines += ["", f"### {_heading(name)}", ""]
        lines.append(
            "| posterior | median | 68% interval | 95% interval | Δ median [σ] | width ratio 68% "
            "| width ratio 95% | W1 [σ] |"
        )
        lines.append("|---|---:|---|---|---:|---:|---:|---:|")
        for label in (ref, *comparison.pairs):
            row = comparison.summary(label, name)
            shown = f"{label} (reference)" if label == ref else label
            if row is None:
                cells = ["absent", "", ""]
            else:
                cells = [_number(row.median), _interval(row.lo68, row.hi68), _interval(row.lo95, row.hi95)]
            if label == ref:
                cells += ["", "", "", ""]
            elif name in comparison.pairs[label].marginals:
                m = comparison.pairs[label].marginals[name]
                cells += _distances(m)
            else:
                cells += ["skipped", "", "", ""]
            lines.append(f"| {shown} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Joint: classifier two-sample test",
        "",
        "Cross-validated accuracy of a classifier telling each posterior's draws from the reference's, on "
        "the joint draws of the compared quantities (equal numbers of each): 0.5 = indistinguishable, "
        "1 = fully separable. A 1σ shift of one Gaussian quantity gives about 0.69.",
        "",
        "| posterior | accuracy | draws each | quantities |",
        "|---|---:|---:|---|",
    ]
    for label, pair in comparison.pairs.items():
        if pair.c2st is None:
            lines.append(f"| {label} | – | – | none comparable |")
        else:
            c = pair.c2st
            lines.append(f"| {label} | {_accuracy(c.accuracy)} | {c.n_draws} | {', '.join(c.names)} |")
    skipped = [(label, name, why) for label, p in comparison.pairs.items() for name, why in p.skipped.items()]
    if skipped:
        lines += ["", "## Skipped", ""]
        lines += [f"- {label}, `{name}`: {why}" for label, name, why in skipped]
    lines += ["", "Figures: `corner.png` (overlaid corner plot), `marginals.png` (overlaid marginals).", ""]
    return "\n".join(lines)


def print_table(comparison, source):
    """The short terminal table: per quantity the reference's median, then each posterior's median and
    distances to the reference; then the classifier test."""
    ref = comparison.reference
    print(f"reference: {ref} ({source[ref]})")
    width = max(9, *(len(label) for label in comparison.labels))
    print(
        f"{'quantity':10s} {'posterior':{width}s} {'median':>9s} {'Δmed[σ]':>8s} {'w68/ref':>8s} "
        f"{'w95/ref':>8s} {'W1[σ]':>8s}"
    )
    for name in comparison.names:
        for k, label in enumerate((ref, *comparison.pairs)):
            row = comparison.summary(label, name)
            median = _number(row.median) if row is not None else "absent"
            if label == ref:
                figures = ""
            elif name in comparison.pairs[label].marginals:
                figures = " ".join(f"{v:>8s}" for v in _distances(comparison.pairs[label].marginals[name]))
            else:
                figures = f"  skipped: {comparison.pairs[label].skipped[name]}"
            print(f"{name if k == 0 else '':10s} {label:{width}s} {median:>9s} {figures}".rstrip())
    print("C2ST accuracy (0.5 = indistinguishable, 1 = fully separable):")
    for label, pair in comparison.pairs.items():
        if pair.c2st is None:
            print(f"  {label:{width}s} –  (no quantity to compare)")
        else:
            c = pair.c2st
            what = f"{len(c.names)} quantit{'y' if len(c.names) == 1 else 'ies'}, {c.n_draws} draws each"
            print(f"  {label:{width}s} {_accuracy(c.accuracy)}  ({what})")
