"""The MDN backend: a mixture density network that maps a planet's observables to the posterior of its
interior in milliseconds (the approach of ExoMDN, Baumeister & Tosi 2023, A&A 676, A106), trained on
simulation sets of the same Problem (prior and structure model) that MCMC samples.

The density it learns of the interior vector y given the observables x is a mixture of full-covariance
Gaussians (:mod:`.mixture_network`); what is learned, the two ways of handling measurement errors
(``noise="aware"`` or ``"none"``), the training loop and the files are shared with the NPE backend
(:mod:`.amortized`). Files: ``weights.safetensors`` and ``card.json`` of format ``exoinfer-mdn``.
"""

from .amortized import ERROR_RANGES, THICKNESS_FLOOR, AmortizedEstimator, feature_count

__all__ = ["ERROR_RANGES", "MDNEstimator", "run_mdn"]

CARD_FORMAT = "exoinfer-mdn"
CARD_VERSION = 2


class MDNEstimator(AmortizedEstimator):
    """A mixture density network for one structure model and one set of inputs: made by :meth:`create`,
    trained, saved and sampled as every :class:`~exoinfer.backends.amortized.AmortizedEstimator`;
    :func:`run_mdn` gives its Posterior."""

    card_format = CARD_FORMAT
    card_version = CARD_VERSION
    kind = "MDN"
    method = "mdn"

    @classmethod
    def create(
        cls, model, inputs, *, noise="aware", components=8, hidden=256, layers=3, covariance="full", seed=0
    ):
        """An untrained network for ``model`` (a StructureModel) and observables ``inputs``.

        Parameters
        ----------
        model : StructureModel
        inputs : sequence of str
            Observables the network takes (mass, radius, teq, k2, moi ...).
        noise : {"aware", "none"}
            How measurement errors are handled (:mod:`.amortized`).
        components : int
            Gaussians in the mixture.
        hidden, layers : int
            Width and number of the hidden layers.
        covariance : {"full", "diagonal"}
        seed : int
            Seed of the initial weights.
        """
        architecture = {
            "components": components,
            "hidden": hidden,
            "layers": layers,
            "covariance": covariance,
            "activation": "SiLU",
            "thickness_floor": THICKNESS_FLOOR,
        }
        return cls._create(model, inputs, noise, architecture, seed)

    @staticmethod
    def _build(card):
        from .mixture_network import MIN_SCALE, MixtureNetwork

        arch = card["architecture"]
        floors = [
            arch.get("thickness_floor", 0.0) if label.startswith("alr_d_") else None
            for label in card["outputs"]
        ]
        min_scale = [f if f else MIN_SCALE for f in floors]
        return MixtureNetwork(
            feature_count(card),
            len(card["outputs"]),
            arch["components"],
            arch["hidden"],
            arch["layers"],
            arch["covariance"],
            min_scale,
        )

    def _log_prob(self, x, y):
        return self.network.log_prob(x, y)

    def _sample_network(self, x, n, seed):
        import torch

        return self.network.sample(x, n, torch.Generator().manual_seed(seed))


def run_mdn(problem, *, network=None, draws=10_000, seed=0, **_):
    """The MDN posterior of ``problem``: an ArviZ Posterior like every backend's (``draws``, ``seed``, what
    ``problem`` must measure and what is returned: :meth:`.AmortizedEstimator.posterior`).

    Parameters
    ----------
    network : str, Path or MDNEstimator, optional
        Default: the committed network of the problem's model for the observed inputs (mass, radius,
        teq, and k2 when measured).
    """
    estimator = MDNEstimator.resolve(network, problem.model, problem.observation.names)
    return estimator.posterior(problem, draws=draws, seed=seed)
