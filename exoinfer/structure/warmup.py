"""Compile the structure kernel into numba's on-disk cache (``python -m exoinfer.structure.warmup``).

Set-up runs this once, so that the first real command does not pay the ~10-30 s compilation.
"""

from .registry import get_model


def warmup():
    """Solve one planet of a model with an envelope and one without: compiles every kernel path."""
    for name, fractions in (
        ("core-mantle-water-gas", (0.3, 0.6, 0.08, 0.02)),
        ("iron-silicate-water", (0.3, 0.7, 0.0)),
    ):
        model = get_model(name)
        params = {"mass": [1.0], **dict(zip(model.fraction_names, fractions, strict=True)), "teq": [500.0]}
        model.simulate(params)


if __name__ == "__main__":
    warmup()
