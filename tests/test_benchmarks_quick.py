"""The composition benchmark runs in its quick mode (the full run is benchmarks/composition_speed.py)."""

import runpy
from pathlib import Path

import numpy as np

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "composition_speed.py"


def test_composition_benchmark_quick(capsys):
    main = runpy.run_path(str(SCRIPT), run_name="benchmark")["main"]
    seconds_curve, seconds_classify = main(["--quick"])
    assert np.isfinite(seconds_curve)
    assert np.isfinite(seconds_classify)
    out = capsys.readouterr().out
    assert "degeneracy curve, 21 alphas x 200 draws" in out
    assert "classification, 100 planets x 50 draws" in out
