"""Progress bars for long commands (rich), quiet when output is not a terminal."""

from contextlib import contextmanager

__all__ = ["progress"]


@contextmanager
def progress(total, description, unit="planets"):
    """Yield ``advance(n)``; shows a rich progress bar on a terminal, does nothing otherwise."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)
