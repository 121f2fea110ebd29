"""The NPE backend: neural posterior estimation with a normalizing flow (Papamakarios & Murray 2016; sbi,
Tejero-Cantero et al. 2020, JOSS 5, 2505), amortized over planets like the MDN and trained on the same
simulation sets.

What it learns. A conditional flow q(theta | x): a masked autoregressive flow (``"maf"``, Papamakarios et
al. 2017) or an autoregressive neural spline flow (``"nsf"``, Durkan et al. 2019), built by sbi's flow
builders ``build_zuko_maf`` / ``build_zuko_nsf`` (``sbi.neural_nets.net_builders.flow``). Trained on pairs
drawn from the prior and the structure model, minimizing the mean of -ln q(theta | x) makes q the posterior
p(theta | x) for every x at once: single-round NPE, which needs no correction for the proposal because the
proposal is the prior.

Why sbi's zuko builders and not its nflows ones (``build_maf`` / ``build_nsf``): nflows' MADE masks the
conditioning variables out of the first autoregressive dimension (nflows pull request 85), so in each
transform one parameter does not depend on the observables. With the few parameters here that is fatal:
on core-mantle planets (exact inputs, 20 epochs, 6 seeds) an nflows MAF stayed at the prior's core-fraction
error (~0.23) for half of the seeds, a zuko MAF reached 0.007-0.014 for all six, a zuko NSF 0.005-0.010.

theta is the MDN's interior vector (:class:`~exoinfer.inference.transforms.InteriorVector`): ln mass, the
additive log-ratios ln(w_i / w_K) of the mass fractions, Teq, and those of the thickness fractions, each
standardized by the training set. A flow is a density on all of R^D; the log-ratio map sends that space
one-to-one onto the open simplex, so every draw mapped back is a valid composition (positive fractions that
sum to 1) and no density is wasted outside it, where a flow on the fractions themselves would put some.
Inputs, noise modes (``"aware"``, ``"none"``), scalers and files are shared with the MDN (:mod:`.amortized`).

Training: the shared loop of :class:`~exoinfer.backends.amortized.AmortizedEstimator`, not sbi's ``NPE``
trainer. The noise-aware mode draws fresh measurement noise (and fresh relative errors) every epoch, and
sbi's trainer trains on a fixed set of appended simulations; its default tracker also writes an
``sbi-logs`` folder into the working directory. The shared loop gives the MDN and the NPE the same data
handling, early stopping and history in the card, so the two are compared on equal terms. As in sbi's
trainer, the gradient norm is clipped at 5 (a flow's log-determinant terms give rare large gradients).
The thickness coordinates of the training targets are blurred by Gaussian noise of standard deviation
:data:`~exoinfer.backends.amortized.THICKNESS_FLOOR` (fresh every epoch): thicknesses are nearly functions of
mass and composition, and fitting that near-degenerate ridge slows the learning of everything else (the
MDN's floor on their width, as a blur). The flow's draws of thicknesses carry that blur (~5% in a thickness
ratio); the Posterior's thicknesses are computed again by the structure model for each draw.

Files: ``weights.safetensors`` (the flow's state dict; no pickle) and ``card.json`` of format
``exoinfer-npe``. Loading rebuilds the same flow from the card (builder and its options) and loads the state
dict strictly. sbi's own z-scoring is switched off (the card's scalers standardize both sides), so the
builder reads nothing but shapes from the batch it is given.
"""

from ..errors import InputError
from .amortized import THICKNESS_FLOOR, AmortizedEstimator, feature_count

__all__ = ["ESTIMATORS", "NPEEstimator", "run_npe"]

CARD_FORMAT = "exoinfer-npe"
CARD_VERSION = 1
#: Flow kinds, each an sbi builder in ``sbi.neural_nets.net_builders.flow``.
ESTIMATORS = {"maf": "build_zuko_maf", "nsf": "build_zuko_nsf"}


class NPEEstimator(AmortizedEstimator):
    """A conditional normalizing flow q(theta | x) for one structure model and one set of inputs (see the
    module notes); :func:`run_npe` gives its Posterior."""

    card_format = CARD_FORMAT
    card_version = CARD_VERSION
    kind = "NPE"
    method = "npe"
    clip_norm = 5.0

    @classmethod
    def create(
        cls,
        model,
        inputs,
        *,
        noise="aware",
        estimator="maf",
        hidden=128,
        transforms=5,
        blocks=2,
        bins=10,
        thickness_jitter=THICKNESS_FLOOR,
        seed=0,
    ):
        """An untrained flow for ``model`` (a StructureModel) and observables ``inputs``.

        Parameters
        ----------
        model : StructureModel
        inputs : sequence of str
            Observables the flow is conditioned on (mass, radius, teq, k2, moi ...).
        noise : {"aware", "none"}
            How measurement errors are handled (:mod:`.amortized`).
        estimator : {"maf", "nsf"}
            Masked autoregressive flow or neural spline flow.
        hidden : int
            Width of the hidden layers of each transform's network (a MADE).
        transforms : int
            Number of flow transforms.
        blocks : int
            Hidden layers of each transform's network.
        bins : int
            Spline bins of an NSF (unused by a MAF).
        thickness_jitter : float
            Standard deviation of the blur of the standardized thickness coordinates in training.
        seed : int
            Seed of the initial weights.
        """
        from importlib.metadata import version

        if estimator not in ESTIMATORS:
            raise InputError("estimator", estimator, " or ".join(repr(k) for k in ESTIMATORS))
        options = {"hidden_features": [hidden] * blocks, "num_transforms": transforms}
        if estimator == "nsf":
            options["num_bins"] = bins
        architecture = {
            "estimator": estimator,
            "builder": f"sbi.neural_nets.net_builders.flow.{ESTIMATORS[estimator]}",
            "options": options,
            "z_score": "none",
            "thickness_jitter": thickness_jitter,
            "sbi_version": version("sbi"),
        }
        return cls._create(model, inputs, noise, architecture, seed)

    @staticmethod
    def _build(card):
        import torch
        from sbi.neural_nets.net_builders import flow

        arch = card["architecture"]
        builder = getattr(flow, ESTIMATORS[arch["estimator"]])
        # sbi's builders model p(batch_x | batch_y): theta is their x and the observables their y. The
        # batches fix only the shapes, z-scoring being off, so zeros rebuild the same flow from any card.
        theta = torch.zeros(2, len(card["outputs"]))
        x = torch.zeros(2, feature_count(card))
        return builder(theta, x, z_score_x="none", z_score_y="none", **arch["options"])

    def _targets(self, y, rng):
        """Standardized targets with the thickness coordinates blurred (see the module notes)."""
        scaled = self._scale_y(y)
        columns = [i for i, label in enumerate(self.card["outputs"]) if label.startswith("alr_d_")]
        jitter = self.card["architecture"]["thickness_jitter"]
        scaled[:, columns] += jitter * rng.standard_normal((len(scaled), len(columns)))
        return scaled

    def _log_prob(self, x, y):
        return self.network.log_prob(y, x)[0]

    def _sample_network(self, x, n, seed):
        import torch

        # The flow draws its base noise from torch's global generator: seed a fork of it, so that draws are
        # reproducible and the caller's generator is left as it was.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            return self.network.sample((n,), x).transpose(0, 1)

    def describe(self):
        return {**super().describe(), "estimator": self.card["architecture"]["estimator"]}


def run_npe(problem, *, network=None, draws=10_000, seed=0, **_):
    """The NPE posterior of ``problem``: an ArviZ Posterior like every backend's (``draws``, ``seed``, what
    ``problem`` must measure and what is returned: :meth:`.AmortizedEstimator.posterior`).

    Parameters
    ----------
    network : str, Path or NPEEstimator
        A folder written by :meth:`NPEEstimator.save`, or the estimator itself; there is no default (no
        NPE network is shipped).
    """
    estimator = NPEEstimator.resolve(network, problem.model, problem.observation.names)
    return estimator.posterior(problem, draws=draws, seed=seed)
