"""Log-ratio coordinates for compositions, and the interior vector that amortized estimators learn.

Mass fractions (w_*) and thickness fractions (d_*) each lie on a simplex: positive and summing to 1. A
network with Gaussian outputs cannot respect that in the fractions themselves (it would put mass on
negative fractions and on sums other than 1), so it works in additive log-ratio (ALR) coordinates
y_i = ln(x_i / x_K), i < K (Aitchison 1986, The Statistical Analysis of Compositional Data), which map the
open simplex one-to-one onto R^(K-1); a Gaussian mixture there maps back to a distribution on the simplex.
ALR rather than the isometric variant: its coordinates are the ratios a planetary scientist reads
(core-to-envelope mass, ...), and a full-covariance mixture is invariant to the choice of linear basis, so
nothing is lost. The outermost layer is the reference: in the default prior every layer is present
(solids Dirichlet, envelope >= 1e-5), so no ratio is taken to an exact zero.

The interior vector of a model with layers L_1..L_K is ``ln mass``, ALR(w), ``teq`` (with an envelope)
and ALR(d): the parameters of the model and the thickness fractions. Quantities known exactly (``given``:
mass or Teq observed without error) are left out of it: a density over a quantity that equals an input
has a vanishing width, and its Cholesky coupling to the other outputs makes training ill-conditioned.
"""

import numpy as np

from ..vocabulary import mass_fraction_name, thickness_fraction_name

__all__ = ["InteriorVector", "alr", "alr_inverse"]


def alr(fractions):
    """ALR coordinates of compositions, shape (n, K) -> (n, K - 1), last part as reference."""
    fractions = np.asarray(fractions, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(fractions[:, :-1]) - np.log(fractions[:, -1:])


def alr_inverse(coordinates):
    """Compositions from ALR coordinates, shape (n, K - 1) -> (n, K), summing to 1."""
    coordinates = np.asarray(coordinates, dtype=float)
    logits = np.column_stack([coordinates, np.zeros(len(coordinates))])
    logits -= logits.max(axis=1, keepdims=True)
    parts = np.exp(logits)
    return parts / parts.sum(axis=1, keepdims=True)


class InteriorVector:
    """The map between a model's interior quantities (by name) and the unconstrained vector y.

    Parameters
    ----------
    layer_names : sequence of str
        The model's layers, innermost first.
    uses_teq : bool
        Whether ``teq`` is a parameter (models with an envelope).
    given : sequence of str, optional
        Parameters (``mass``, ``teq``) left out of y because they are known.

    Examples
    --------
    >>> vec = InteriorVector(("core", "mantle"), uses_teq=False)
    >>> vec.labels
    ('ln_mass', 'alr_w_core', 'alr_d_core')
    >>> y = vec.forward({"mass": [1.0], "w_core": [0.25], "w_mantle": [0.75],
    ...                  "d_core": [0.5], "d_mantle": [0.5]})
    >>> back = vec.inverse(y)
    >>> round(float(back["w_core"][0]), 6), round(float(back["d_mantle"][0]), 6)
    (0.25, 0.5)
    """

    def __init__(self, layer_names, uses_teq, given=()):
        self.layer_names = tuple(layer_names)
        self.uses_teq = bool(uses_teq)
        self.has_mass = "mass" not in given
        self.has_teq = self.uses_teq and "teq" not in given
        self.w_names = tuple(mass_fraction_name(n) for n in self.layer_names)
        self.d_names = tuple(thickness_fraction_name(n) for n in self.layer_names)

    @property
    def labels(self):
        """Names of the coordinates of y, in order."""
        labels = ["ln_mass"] if self.has_mass else []
        labels += [f"alr_{n}" for n in self.w_names[:-1]]
        labels += ["teq"] if self.has_teq else []
        return (*labels, *(f"alr_{n}" for n in self.d_names[:-1]))

    @property
    def names(self):
        """The quantities y describes: the model's parameters and thickness fractions."""
        mass = ("mass",) if self.has_mass else ()
        return (*mass, *self.w_names, *(("teq",) if self.has_teq else ()), *self.d_names)

    @property
    def dim(self):
        return len(self.labels)

    def forward(self, quantities):
        """y, shape (n, dim), from a mapping of names to arrays; rows with a zero fraction give inf."""
        columns = [np.log(np.asarray(quantities["mass"], dtype=float))[:, None]] if self.has_mass else []
        columns.append(alr(np.column_stack([quantities[n] for n in self.w_names])))
        if self.has_teq:
            columns.append(np.asarray(quantities["teq"], dtype=float)[:, None])
        columns.append(alr(np.column_stack([quantities[n] for n in self.d_names])))
        return np.column_stack(columns)

    def inverse(self, y):
        """Mapping of names to arrays from y, shape (n, dim)."""
        y = np.atleast_2d(np.asarray(y, dtype=float))
        k, start = len(self.layer_names), int(self.has_mass)
        out = {"mass": np.exp(y[:, 0])} if self.has_mass else {}
        w = alr_inverse(y[:, start : start + k - 1])
        out.update({name: w[:, i] for i, name in enumerate(self.w_names)})
        start += k - 1
        if self.has_teq:
            out["teq"] = y[:, start]
            start += 1
        d = alr_inverse(y[:, start : start + k - 1])
        out.update({name: d[:, i] for i, name in enumerate(self.d_names)})
        return out
