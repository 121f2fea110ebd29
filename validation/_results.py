"""Writing a study's results: the figures as JSON and the report as Markdown, side by side."""

import json
from pathlib import Path


def write_results(out, stem, result, text):
    """``out/stem.json`` (the figures) and ``out/stem.md`` (the report), and print the report."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.json").write_text(json.dumps(result, indent=1))
    (out / f"{stem}.md").write_text(text)
    print(text)
