"""Short chemical labels for a model's layers (Fe, MgSiO3, H2O ...) for tables, axes and legends."""

import re

from ..eos.gas import IdealGasEnvelope

__all__ = ["layer_labels", "tex_label"]

#: Built-in material name -> chemical label. Materials not listed are labelled by their layer's name.
_FORMULA = {
    "fe-seager2007": "Fe",
    "fe-hcp": "Fe",
    "earth-core": "Fe alloy",
    "mgsio3-seager2007": "MgSiO3",
    "mgfesio3-seager2007": "(Mg,Fe)SiO3",
    "mgsio3-bridgmanite": "MgSiO3",
    "silicate-mantle": "silicate",
    "h2o-seager2007": "H2O",
    "water-ice": "H2O",
    "h2-cold": "H2",
    "c-seager2007": "C",
    "sic-seager2007": "SiC",
}


def layer_labels(model, tex=False):
    """Labels of ``model``'s layers, innermost first: e.g. ``("Fe", "MgSiO3", "H2O")``.

    With ``tex=True`` digits become matplotlib subscripts (``MgSiO$_3$``).
    """
    labels = []
    for layer in model.layers:
        if isinstance(layer.material, IdealGasEnvelope):
            label = "H/He"
        else:
            label = _FORMULA.get(getattr(layer.material, "name", ""), layer.name)
        labels.append(tex_label(label) if tex else label)
    return tuple(labels)


def tex_label(label):
    """``"MgSiO3"`` -> ``"MgSiO$_3$"``: digits following a letter or bracket become subscripts."""
    return re.sub(r"(?<=[A-Za-z)])(\d+)", r"$_{\1}$", label)
