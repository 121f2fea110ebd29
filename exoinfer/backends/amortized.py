"""What the amortized backends share: an estimator of the posterior of a planet's interior given its
observables, trained once on simulation sets of a Problem (prior and structure model) and then evaluated in
milliseconds for any planet. The MDN (:mod:`.mdn`) and the NPE (:mod:`.npe`) differ only in the conditional
density q(y | x) they fit; everything else is here.

What is learned. The interior vector y (:class:`~exoinfer.inference.transforms.InteriorVector`: ln mass,
additive log-ratios of the mass fractions, Teq, additive log-ratios of the thickness fractions) given
observables x (any subset of mass, radius, teq, k2, moi, ...; mass and radius in ln), both standardized by
the training set. The log-ratios map each simplex of fractions one-to-one onto R^(K-1), so an unconstrained
density over y is a density over valid compositions.

Measurement errors, two ways (the ``noise`` of a network, fixed when it is trained):

- ``"aware"`` (the default): the network is trained on noisy observables, x_obs = x (1 + s eps) with
  relative errors s drawn log-uniformly from :data:`ERROR_RANGES` and fresh noise every epoch, and it is
  given ln s as extra inputs. It learns p(y | x_obs, s), the posterior under noise with the prior's
  distribution of planets built in. Right whenever the errors are Gaussian and inside the trained ranges.
- ``"none"`` (ExoMDN's way, Baumeister & Tosi 2023, A&A 676, A106): the network learns p(y | x) from exact
  observables; measurement errors are handled at inference by drawing input sets from the measurement
  distributions and pooling the predicted densities. That is the posterior only when the prior predictive
  density of x is flat across the error bars; where the training planets thin out (the edges of the
  mass-radius plane) it is too broad and shifted. Useful for errors outside the trained ranges and for
  exact inputs.

Training: maximum likelihood of q(y | x) with Adam, the learning rate halved when the validation loss stalls
and early stopping that keeps the best weights; the history goes into the card.

Files: ``weights.safetensors`` (tensors only, no pickle) and ``card.json`` (format and version, architecture,
inputs, outputs, transforms, scalers, noise model, training set and prior, validation figures). A network is
rebuilt from its card and its weights are loaded strictly, so a file that does not fit is refused.
"""

import json
import math
import time
import warnings
from pathlib import Path

import numpy as np

from ..errors import FileFormatError, InputError
from ..inference.transforms import InteriorVector
from ..io import atomic_path

__all__ = ["ERROR_RANGES", "THICKNESS_FLOOR", "AmortizedEstimator", "default_network_path", "feature_count"]

#: Relative 1-sigma errors a noise-aware network is trained over (log-uniform in each range).
ERROR_RANGES = {
    "mass": (0.01, 0.30),
    "radius": (0.005, 0.10),
    "teq": (0.005, 0.10),
    "k2": (0.01, 0.30),
    "moi": (0.005, 0.10),
}
#: Least width of the thickness coordinates of y, in standardized units (~5% in a thickness ratio): the MDN's
#: floor on their conditional standard deviation, the NPE's blur of their training targets. Thicknesses are
#: nearly functions of mass and composition, so a density fitted to them would shrink their width toward
#: zero, and the ever larger gains in likelihood from that stall the learning of everything else. Measured
#: on core-mantle planets (exact inputs): an MDN with the default floor (1e-3) did not learn the core
#: fraction in 40 epochs (median error 0.14), with this floor it did (0.017); MAFs without blur reached
#: median errors of 0.027-0.073 in 20 epochs (6 seeds), with this blur 0.007-0.014. The width is far below
#: any measured planet's thickness posterior.
THICKNESS_FLOOR = 0.05
#: Observables entered as their logarithm (positive, spanning decades).
LOG_INPUTS = ("mass", "radius")
#: Chains the independent draws of :meth:`AmortizedEstimator.posterior` are laid out in.
IID_CHAINS = 4
#: What a noise-aware network's error inputs are relative to: sigma / x_obs, as at inference, where the
#: true value is unknown. With s = sigma / x_true log-uniform and independent of the planet, sigma says
#: nothing about the planet (p(sigma | theta) is proportional to 1 / sigma inside the trained range), so
#: conditioning on (x_obs, sigma) gives the posterior under the Gaussian likelihood N(x_obs; x(theta), sigma)
#: that MCMC samples. Networks trained on sigma / x_true instead (before this was fixed; their cards lack
#: "error_input") learn N(x_obs; x(theta), s x(theta)) and, fed sigma / x_obs, target a mass posterior
#: ~2s standard deviations high. Measured against the exact mass posterior (validation/mass_bias.py, 1,000
#: planets): +0.11 sd for the older networks, -0.11 sd for these; both carry a ~-0.1 sd offset of their own
#: (README, known issues).
ERROR_INPUT = "observed"
#: Most rounds of draws :meth:`AmortizedEstimator.sample_in_support` makes to fill each planet's draws.
SUPPORT_ROUNDS = 8


def feature_count(card):
    """Number of network inputs a card describes: its observables, and their ln relative errors for a
    noise-aware network."""
    return len(card["inputs"]) * (2 if card["noise"] == "aware" else 1)


#: Where the committed networks live: one folder per method, then one per model and input set.
NETWORKS_DIR = Path(__file__).resolve().parent.parent / "data"


def default_network_path(method, model_name, inputs):
    """Folder of the committed ``method`` (mdn, npe) network of ``model_name`` for ``inputs``."""
    return NETWORKS_DIR / method / f"{model_name}__{'-'.join(inputs)}"


class AmortizedEstimator:
    """A trainable, savable amortized posterior estimator for one structure model and one set of inputs.

    Make one with a subclass's ``create``, train it with :meth:`fit`, keep it with :meth:`save` /
    :meth:`load`, use it with :meth:`sample` or :meth:`posterior`. Subclasses supply the conditional
    density: the class attributes below, ``create`` (which calls :meth:`_create` with the architecture),
    ``_build`` (the torch module a card describes), ``_log_prob`` and ``_sample_network``.
    """

    #: The card's ``format`` and ``format_version``; files of another format or version are refused.
    card_format = None
    card_version = None
    #: The estimator's name in messages ("MDN"), and the method name of its posteriors ("mdn").
    kind = None
    method = None
    #: Largest total gradient norm in training (None: no clipping).
    clip_norm = None

    def __init__(self, card, network):
        self.card = card
        self.network = network
        self.vector = InteriorVector(card["layers"], card["uses_teq"], _given(card))

    # ------------------------------------------------------------------------------------------------
    # what a subclass supplies

    @staticmethod
    def _build(card):
        """The untrained torch module that ``card`` describes."""
        raise NotImplementedError

    def _log_prob(self, x, y):
        """Log density of standardized y (n, D) given scaled network inputs x (n, n_in), shape (n,)."""
        raise NotImplementedError

    def _sample_network(self, x, n, seed):
        """``n`` standardized draws of y for each row of x, shape (rows, n, D), reproducible by ``seed``."""
        raise NotImplementedError

    # ------------------------------------------------------------------------------------------------
    # construction

    @classmethod
    def _create(cls, model, inputs, noise, architecture, seed):
        """An untrained estimator for ``model`` (a StructureModel) and observables ``inputs``, its initial
        weights drawn with ``seed``."""
        import torch

        inputs = tuple(inputs)
        if noise not in ("aware", "none"):
            raise InputError("noise", noise, "'aware' or 'none'")
        if noise == "aware":
            unknown = [name for name in inputs if name not in ERROR_RANGES]
            if unknown:
                raise InputError("noise-aware input", unknown[0], f"one of {', '.join(ERROR_RANGES)}")
        vector = InteriorVector(model.layer_names, model.uses_teq, _given({"noise": noise, "inputs": inputs}))
        card = {
            "format": cls.card_format,
            "format_version": cls.card_version,
            "model": model.name,
            "model_version": model.version,
            "layers": list(model.layer_names),
            "uses_teq": model.uses_teq,
            "inputs": list(inputs),
            "input_transform": {name: "ln" if name in LOG_INPUTS else "identity" for name in inputs},
            "outputs": list(vector.labels),
            "output_quantities": list(vector.names),
            "noise": noise,
            "error_ranges": {name: list(ERROR_RANGES[name]) for name in inputs} if noise == "aware" else {},
            "error_input": ERROR_INPUT if noise == "aware" else None,
            "architecture": architecture,
            "init_seed": seed,
        }
        # torch's global generator starts from a random seed in every process: without a seed of their
        # own, the initial weights (and a flow's permutations) would make every training run different.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            network = cls._build(card)
        return cls(card, network)

    @property
    def n_inputs(self):
        return feature_count(self.card)

    # ------------------------------------------------------------------------------------------------
    # data

    def training_pairs(self, data):
        """(x_true, y) from simulated planets (mapping of names to arrays, built planets only); rows whose
        interior vector is not finite (a layer thinner than float precision) are dropped."""
        x = np.column_stack([np.asarray(data[name], dtype=float) for name in self.card["inputs"]])
        y = self.vector.forward(data)
        keep = np.all(np.isfinite(x), axis=1) & np.all(np.isfinite(y), axis=1)
        return x[keep], y[keep]

    def _features(self, x_obs, rel_err=None):
        """Network inputs (before scaling): transformed observables, and ln relative errors."""
        columns = [
            np.log(x_obs[:, i]) if self.card["input_transform"][name] == "ln" else x_obs[:, i]
            for i, name in enumerate(self.card["inputs"])
        ]
        if self.card["noise"] == "aware":
            columns += [np.log(rel_err[:, i]) for i in range(rel_err.shape[1])]
        return np.column_stack(columns)

    def _noisy(self, x_true, rng):
        """Observables with errors sigma = s x_true, s drawn log-uniformly from the trained ranges, and the
        relative errors the network is given (see :data:`ERROR_INPUT`)."""
        ranges = np.array([self.card["error_ranges"][name] for name in self.card["inputs"]])
        rel = np.exp(rng.uniform(np.log(ranges[:, 0]), np.log(ranges[:, 1]), size=x_true.shape))
        # A draw that flips the sign of a positive observable (a 30% error, 3.5 sigma) is clipped: the
        # logarithm needs it positive, and such draws are a few in ten thousand.
        x_obs = np.maximum(x_true * (1.0 + rel * rng.standard_normal(x_true.shape)), 1e-3 * x_true)
        if self.card.get("error_input") == "observed":
            return x_obs, rel * x_true / x_obs
        return x_obs, rel  # networks trained before the fix (cards without "error_input")

    # ------------------------------------------------------------------------------------------------
    # training

    def fit(
        self,
        data,
        *,
        epochs=200,
        batch_size=2048,
        learning_rate=1e-3,
        patience=12,
        validation_fraction=0.1,
        seed=0,
        progress=None,
        source=None,
    ):
        """Train on simulated planets (``data``: names to arrays of built planets) with Adam, a learning
        rate halved when the validation loss stalls for 4 epochs, and early stopping after ``patience``
        epochs without improvement (the best weights are kept).

        Returns
        -------
        dict
            Training history and figures, also written into the card.
        """
        import torch

        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        x_true, y = self.training_pairs(data)
        order = rng.permutation(len(y))
        n_val = max(1, int(validation_fraction * len(y)))
        val, train = order[:n_val], order[n_val:]
        self._fit_scalers(x_true[train], y[train], rng)
        x_val = self._scaled_inputs(*self._observe(x_true[val], rng))  # one fixed noise draw
        y_val = torch.as_tensor(self._targets(y[val], rng), dtype=torch.float32)
        optimizer = torch.optim.Adam(self.network.parameters(), lr=learning_rate)
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=4)
        history, best, best_state, stale = [], math.inf, None, 0
        start = time.perf_counter()
        for epoch in range(epochs):
            x_train = self._scaled_inputs(*self._observe(x_true[train], rng))  # fresh noise each epoch
            y_train = torch.as_tensor(self._targets(y[train], rng), dtype=torch.float32)
            train_loss = self._epoch(optimizer, x_train, y_train, batch_size, rng)
            val_loss = self._mean_nll(x_val, y_val)
            scheduler.step(val_loss)
            history.append({"epoch": epoch + 1, "train_nll": train_loss, "val_nll": val_loss})
            if progress:
                progress(epoch + 1, epochs, train_loss, val_loss)
            if val_loss < best - 1e-4:
                best, stale = val_loss, 0
                best_state = {k: v.detach().clone() for k, v in self.network.state_dict().items()}
            else:
                stale += 1
                if stale >= patience:
                    break
        self.network.load_state_dict(best_state)
        self.card["training"] = {
            "n_train": len(train),
            "n_validation": int(n_val),
            "epochs_run": len(history),
            "best_val_nll": best,
            "seconds": round(time.perf_counter() - start, 1),
            "batch_size": batch_size,
            "learning_rate": learning_rate,
            "seed": seed,
            "source": source or {},
            "history": history,
        }
        return self.card["training"]

    def _observe(self, x_true, rng):
        if self.card["noise"] == "aware":
            return self._noisy(x_true, rng)
        return x_true, None

    def _fit_scalers(self, x_true, y, rng):
        features = self._features(*self._observe(x_true, rng))
        self.card["scalers"] = {
            "x_mean": features.mean(axis=0).tolist(),
            "x_std": features.std(axis=0).tolist(),
            "y_mean": y.mean(axis=0).tolist(),
            "y_std": y.std(axis=0).tolist(),
            # The true observables the network saw: inputs beyond them are extrapolation.
            "x_min": x_true.min(axis=0).tolist(),
            "x_max": x_true.max(axis=0).tolist(),
        }

    def _scaled_inputs(self, x_obs, rel_err=None):
        import torch

        s = self.card["scalers"]
        scaled = (self._features(x_obs, rel_err) - np.array(s["x_mean"])) / np.array(s["x_std"])
        return torch.as_tensor(scaled, dtype=torch.float32)

    def _scale_y(self, y):
        s = self.card["scalers"]
        return (y - np.array(s["y_mean"])) / np.array(s["y_std"])

    def _targets(self, y, rng):
        """Standardized training targets (a subclass may blur them, drawing from ``rng``)."""
        return self._scale_y(y)

    def _epoch(self, optimizer, x, y, batch_size, rng):
        import torch

        self.network.train()
        total, order = 0.0, torch.as_tensor(rng.permutation(len(y)))
        for i in range(0, len(y), batch_size):
            batch = order[i : i + batch_size]
            loss = -self._log_prob(x[batch], y[batch]).mean()
            optimizer.zero_grad()
            loss.backward()
            if self.clip_norm is not None:
                torch.nn.utils.clip_grad_norm_(self.network.parameters(), self.clip_norm)
            optimizer.step()
            total += float(loss.detach()) * len(batch)
        return total / len(y)

    def _mean_nll(self, x, y, batch_size=65536):
        import torch

        self.network.eval()
        with torch.no_grad():
            parts = [
                -self._log_prob(x[i : i + batch_size], y[i : i + batch_size]).sum()
                for i in range(0, len(y), batch_size)
            ]
        return float(sum(parts)) / len(y)

    def mean_nll(self, data, seed=0):
        """Mean negative log density of the true interior vectors of ``data`` (standardized y space; noisy
        observables drawn with ``seed`` for a noise-aware network): the held-out loss."""
        import torch

        x_true, y = self.training_pairs(data)
        x = self._scaled_inputs(*self._observe(x_true, np.random.default_rng(seed)))
        return self._mean_nll(x, torch.as_tensor(self._scale_y(y), dtype=torch.float32))

    # ------------------------------------------------------------------------------------------------
    # inference

    def sample(self, values, errors=None, n=10_000, seed=0, noise_draws=100):
        """Posterior draws of the interior for one or more planets.

        Parameters
        ----------
        values : dict of str to array_like
            Measured value of each input, shape (n_planets,) or scalar.
        errors : dict of str to array_like, optional
            1-sigma errors in the same units (not relative). Required by a noise-aware network.
        n : int
            Draws per planet.
        seed : int
        noise_draws : int
            For a network trained without noise: input sets drawn per planet from the measurement
            distributions (ExoMDN's way); each gives ``n / noise_draws`` draws.

        Returns
        -------
        dict of str to ndarray
            Each quantity of the interior vector (mass, w_*, teq, d_*), shape (n_planets, n).
        """
        x, rel = self._check_inputs(values, errors)
        rng = np.random.default_rng(seed)
        if self.card["noise"] == "none" and rel is not None:
            per = -(-n // noise_draws)
            noise = rng.standard_normal((len(x), noise_draws, x.shape[1]))
            drawn = np.maximum(x[:, None, :] * (1.0 + rel[:, None, :] * noise), 1e-6 * x[:, None, :])
            y = self._draw(self._scaled_inputs(drawn.reshape(-1, x.shape[1])), per, seed)
            y = y.reshape(len(x), noise_draws * per, -1)[:, :n]
            inputs = np.repeat(drawn, per, axis=1)[:, :n]  # the input set behind each draw
        else:
            y = self._draw(self._scaled_inputs(x, rel), n, seed)
            inputs = np.broadcast_to(x[:, None, :], (len(x), n, x.shape[1]))
        s = self.card["scalers"]
        y = y * np.array(s["y_std"]) + np.array(s["y_mean"])
        flat = self.vector.inverse(y.reshape(-1, y.shape[-1]))
        quantities = {k: v.reshape(len(x), -1) for k, v in flat.items()}
        for name in _given(self.card):
            quantities[name] = np.array(inputs[:, :, self.card["inputs"].index(name)])
        return quantities

    def sample_in_support(self, prior, values, errors=None, n=10_000, seed=0):
        """:meth:`sample`, keeping only draws inside the support of ``prior``.

        The exact posterior is zero outside the prior's support; a network's Gaussian or flow tails are
        not (e.g. an envelope fraction below the prior's 1e-5 for a planet near that edge). After a first
        round for every planet, only the planets still short of ``n`` draws inside are drawn again, for at
        most :data:`SUPPORT_ROUNDS` rounds; a planet still short then keeps draws from outside, with a
        warning.
        """
        names = list(values)
        columns = np.broadcast_arrays(
            *[np.atleast_1d(np.asarray(values[k], float)) for k in names],
            *([np.atleast_1d(np.asarray(errors[k], float)) for k in names] if errors is not None else []),
        )
        drawn = self.sample(values, errors, n=n, seed=seed)
        inside = self._inside(prior, drawn)
        order = np.argsort(~inside, axis=1, kind="stable")  # inside first, then the fallback outside
        result = {name: np.take_along_axis(v, order, axis=1) for name, v in drawn.items()}
        filled = inside.sum(axis=1)
        for k in range(1, SUPPORT_ROUNDS):
            short = np.flatnonzero(filled < n)
            if not len(short):
                break
            sub_values = {name: columns[i][short] for i, name in enumerate(names)}
            sub_errors = None
            if errors is not None:
                sub_errors = {name: columns[len(names) + i][short] for i, name in enumerate(names)}
            more = self.sample(sub_values, sub_errors, n=n, seed=seed + 7919 * k)
            more_inside = self._inside(prior, more)
            more_order = np.argsort(~more_inside, axis=1, kind="stable")
            count = more_inside.sum(axis=1)
            slot = np.arange(n)[None, :] - filled[short][:, None]  # where each new inside draw goes
            take = (slot >= 0) & (slot < count[:, None])
            source = np.clip(slot, 0, n - 1)
            for name in result:
                new = np.take_along_axis(np.take_along_axis(more[name], more_order, axis=1), source, axis=1)
                result[name][short] = np.where(take, new, result[name][short])
            filled[short] = np.minimum(n, filled[short] + count)
        if np.any(filled < n):
            warnings.warn(
                f"{int(np.sum(filled < n))} planet(s) have under {n} {self.kind} draws inside the prior's "
                f"support after {SUPPORT_ROUNDS} rounds; the rest of their draws lie outside it",
                RuntimeWarning,
                stacklevel=2,
            )
        return result

    @staticmethod
    def _inside(prior, drawn):
        shape = drawn["mass"].shape
        flat = {name: drawn[name].ravel() for name in prior.parameter_names}
        return np.isfinite(prior.log_prob(flat)).reshape(shape)

    def _draw(self, inputs, n, seed):
        import torch

        self.network.eval()
        with torch.no_grad():
            y = self._sample_network(inputs, n, seed)
        return y.double().numpy()

    def _check_inputs(self, values, errors):
        names = self.card["inputs"]
        missing = [name for name in names if name not in values]
        if missing:
            raise InputError("observable", missing[0], f"a value for every input of this network: {names}")
        x = np.column_stack([np.atleast_1d(np.asarray(values[n], dtype=float)) for n in names])
        if not np.all(np.isfinite(x) & (x > 0)):
            raise InputError("network input", x[~(np.isfinite(x) & (x > 0))][0], "finite values > 0")
        scalers = self.card["scalers"]
        self._warn_outside(x, list(zip(scalers["x_min"], scalers["x_max"], strict=True)), "input {name}")
        if errors is None:
            if self.card["noise"] == "aware":
                raise InputError("errors", None, "1-sigma errors for a noise-aware network")
            return x, None
        err = np.column_stack([np.broadcast_to(np.asarray(errors[n], dtype=float), len(x)) for n in names])
        if not np.all(np.isfinite(err) & (err > 0)):
            raise InputError("error", err[~(np.isfinite(err) & (err > 0))][0], "finite uncertainties > 0")
        rel = err / x
        if self.card["noise"] == "aware":
            ranges = [self.card["error_ranges"][name] for name in names]
            self._warn_outside(rel, ranges, "relative error of {name}")
        return x, rel

    def _warn_outside(self, values, ranges, what):
        """Warn, naming the input and the range, where a column of ``values`` leaves its trained range."""
        for i, name in enumerate(self.card["inputs"]):
            lo, hi = ranges[i]
            bad = (values[:, i] < lo) | (values[:, i] > hi)
            if bad.any():
                warnings.warn(
                    f"{what.format(name=name)} = {values[bad, i][0]:.4g} is outside this network's training "
                    f"range [{lo:.4g}, {hi:.4g}]: its posterior is an extrapolation",
                    RuntimeWarning,
                    stacklevel=4,
                )

    def describe(self):
        """The settings a Posterior of this estimator records."""
        return {"inputs": self.card["inputs"], "noise": self.card["noise"]}

    def posterior(self, problem, *, draws=10_000, seed=0):
        """The posterior of ``problem`` as an ArviZ Posterior, the same variables and attributes as the
        MCMC backends give.

        Parameters
        ----------
        problem : Problem
            Its observation must measure every input of the network with Gaussian errors; its model must
            be the network's model.
        draws : int
        seed : int

        Returns
        -------
        arviz.InferenceData
            Parameters from the network; derived quantities (radius, k2, d_* ...) computed by the structure
            model for every draw, as for the MCMC backends; attributes name the network and its settings.
        """
        from ..inference.posterior import build_posterior

        self._check_model(problem.model)
        obs = problem.observation
        missing = [n for n in self.card["inputs"] if n not in obs or obs[n].kind != "gaussian"]
        if missing:
            raise InputError(
                "observation", obs.text(), f"a Gaussian measurement of {missing[0]} for this network"
            )
        values = {n: obs[n].value for n in self.card["inputs"]}
        errors = {n: obs[n].sigma for n in self.card["inputs"]}
        start = time.perf_counter()
        drawn = self.sample_in_support(problem.prior, values, errors, n=draws, seed=seed)
        seconds = time.perf_counter() - start
        # Independent draws, laid out as 4 chains so that R-hat and ESS read as for the MCMC backends
        # (R-hat is undefined for one chain; for independent draws it is ~1 and ESS ~ the number of draws).
        kept = draws - draws % IID_CHAINS
        samples = {name: drawn[name][0, :kept].reshape(IID_CHAINS, -1) for name in problem.parameter_names}
        settings = {**self.describe(), "draws": draws}
        attrs = {"network": self.card.get("name", "custom"), "network_sampling_s": round(seconds, 4)}
        return build_posterior(problem, samples, self.method, seed=seed, settings=settings, extra_attrs=attrs)

    # ------------------------------------------------------------------------------------------------
    # files

    def save(self, directory):
        """Write ``weights.safetensors`` and ``card.json`` into ``directory`` (each atomically)."""
        from safetensors.torch import save_file

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        from .. import __version__

        self.card["exoinfer_version"] = __version__
        tensors = {k: v.detach().contiguous() for k, v in self.network.state_dict().items()}
        with atomic_path(directory / "weights.safetensors") as tmp:
            save_file(tensors, str(tmp))
        with atomic_path(directory / "card.json") as tmp:
            tmp.write_text(json.dumps(self.card, indent=1))
        return directory

    @classmethod
    def load(cls, directory):
        """Read a network written by :meth:`save`.

        Raises
        ------
        FileFormatError
            If a file is missing, the card is not a card of this estimator (format and version), or the
            weights are corrupt or do not fit the architecture the card describes.
        """
        directory = Path(directory)
        try:
            card = json.loads((directory / "card.json").read_text())
        except (OSError, json.JSONDecodeError) as err:
            raise FileFormatError(f"network {directory}: no readable card.json ({err})") from None
        if card.get("format") != cls.card_format or card.get("format_version") != cls.card_version:
            raise FileFormatError(
                f"network {directory}: card.json is not an exoinfer {cls.kind} card "
                f"(version {cls.card_version})"
            )
        try:
            network = cls._build(card)
        except (KeyError, TypeError, ValueError) as err:
            raise FileFormatError(
                f"network {directory}: card.json does not describe a network this version can build ({err!r})"
            ) from None
        try:
            from safetensors.torch import load_file

            tensors = load_file(str(directory / "weights.safetensors"))
            network.load_state_dict(tensors, strict=True)
        except FileNotFoundError:
            raise FileFormatError(f"network {directory}: weights.safetensors is missing") from None
        except Exception as err:  # safetensors raises its own error types for corrupt headers
            raise FileFormatError(
                f"network {directory}: weights.safetensors is corrupt or does not match card.json "
                f"({str(err).splitlines()[0][:160]})"
            ) from None
        return cls(card, network)

    @classmethod
    def default_network(cls, model, observables):
        """Folder of the committed network of ``model`` for mass, radius, teq (when the model has an
        envelope) and k2 (when it is among ``observables``): ``exoinfer/data/<method>/<model>__<inputs>``.

        Raises
        ------
        InputError
            If no network of this kind is committed for that model and those inputs.
        """
        inputs = ["mass", "radius", "teq"] + (["k2"] if "k2" in observables else [])
        if not model.uses_teq:
            inputs.remove("teq")
        network = default_network_path(cls.method, model.name, inputs)
        if not network.exists():
            raise InputError(
                "network",
                network.name,
                f"a trained {cls.kind} network: none is committed for this model and inputs; train one "
                f"with `exoinfer train {cls.method}` and pass --network",
            )
        return network

    @classmethod
    def resolve(cls, network, model, observables):
        """The estimator to use for ``model`` and measured ``observables``: ``network`` itself if it is an
        estimator of this class, the network saved in that folder, or the default one where it is None.

        Raises
        ------
        InputError
            If there is no default network, or the network is not one of ``model``.
        FileFormatError
            If the folder does not hold a network of this class.
        """
        if network is None:
            network = cls.default_network(model, observables)
        estimator = network if isinstance(network, cls) else cls.load(network)
        estimator._check_model(model)
        return estimator

    def _check_model(self, model):
        if self.card["model"] != model.name:
            raise InputError("network model", self.card["model"], f"a network of {model.name!r}")


def _given(card):
    """Parameters that a network trained on exact inputs takes as given (they are among its inputs)."""
    return tuple(n for n in ("mass", "teq") if card["noise"] == "none" and n in card["inputs"])
