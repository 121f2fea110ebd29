"""The network of the MDN backend (torch): a multilayer perceptron whose output parameterizes a mixture
of Gaussians with full (Cholesky-parameterized) or diagonal covariance.

Full covariance is the point (Baumeister & Tosi 2023, ExoMDN, use diagonal components): interior
posteriors are degenerate ridges (more core and more water give the same radius), which diagonal
components can only tile with many small Gaussians, while one full-covariance component follows a ridge
segment with its correlation. The Cholesky factor L of each component's covariance has a positive
diagonal (softplus plus a floor, so that the density stays bounded while training) and free entries below
it; the mixture's density and its samples come from ``torch.distributions``.

torch is imported by the caller (:mod:`.mdn`), which imports this module inside its functions: the
command line must start without loading torch.
"""

import torch
from torch import nn

__all__ = ["MixtureNetwork"]

#: Default floor on the diagonal of the Cholesky factors, in standardized output units: keeps the
#: likelihood bounded (a component collapsing on one training point would make it infinite).
MIN_SCALE = 1.0e-3


class MixtureNetwork(nn.Module):
    """x (n, n_in) -> a mixture of ``components`` Gaussians over y (n, n_out).

    Parameters
    ----------
    n_in, n_out : int
    components : int
        Mixture components.
    hidden : int
        Width of the hidden layers.
    layers : int
        Number of hidden layers.
    covariance : {"full", "diagonal"}
    min_scale : sequence of float, optional
        Floor of each output's Cholesky diagonal (default :data:`MIN_SCALE` for all). Outputs that are
        nearly functions of earlier ones need a larger floor: their conditional width would otherwise
        shrink toward zero, and the stiffness of that term stalls the learning of everything else.
    """

    def __init__(self, n_in, n_out, components=8, hidden=256, layers=3, covariance="full", min_scale=None):
        super().__init__()
        if covariance not in ("full", "diagonal"):
            raise ValueError(f"covariance {covariance!r}: expected 'full' or 'diagonal'")
        self.n_out, self.components, self.covariance = n_out, components, covariance
        blocks, width = [], n_in
        for _ in range(layers):
            blocks += [nn.Linear(width, hidden), nn.SiLU()]
            width = hidden
        self.trunk = nn.Sequential(*blocks)
        self.logits = nn.Linear(hidden, components)
        self.means = nn.Linear(hidden, components * n_out)
        self.diagonal = nn.Linear(hidden, components * n_out)
        n_lower = n_out * (n_out - 1) // 2 if covariance == "full" else 0
        self.lower = nn.Linear(hidden, components * n_lower) if n_lower else None
        if self.lower is not None:
            # Start diagonal: random initial correlations let the loss fall through them first (outputs
            # such as mass and thickness fractions are nearly functions of each other) while the means
            # stay unlearned; from zero the correlations grow only as the data ask for them.
            nn.init.zeros_(self.lower.weight)
            nn.init.zeros_(self.lower.bias)
        rows, cols = torch.tril_indices(n_out, n_out, offset=-1)
        self.register_buffer("lower_rows", rows, persistent=False)
        floor = torch.full((n_out,), MIN_SCALE) if min_scale is None else torch.as_tensor(min_scale)
        self.register_buffer("min_scale", floor.to(torch.float32), persistent=False)
        self.register_buffer("lower_cols", cols, persistent=False)

    def forward(self, x):
        """Mixture logits (n, K), means (n, K, D) and Cholesky factors (n, K, D, D)."""
        h = self.trunk(x)
        n, k, d = x.shape[0], self.components, self.n_out
        means = self.means(h).view(n, k, d)
        scale = torch.nn.functional.softplus(self.diagonal(h).view(n, k, d)) + self.min_scale
        tril = torch.diag_embed(scale)
        if self.lower is not None:
            tril[:, :, self.lower_rows, self.lower_cols] = self.lower(h).view(n, k, -1)
        return self.logits(h), means, tril

    def sample(self, x, n, generator=None):
        """``n`` draws for each row of x, shape (rows, n, D).

        Draws a component per sample, then only that component's Gaussian (torch's MixtureSameFamily
        draws every component for every sample and discards all but one: K times the work).
        """
        logits, means, tril = self(x)
        rows, d = x.shape[0], self.n_out
        component = torch.multinomial(torch.softmax(logits, dim=-1), n, replacement=True, generator=generator)
        eps = torch.randn(rows, n, d, generator=generator, dtype=means.dtype)
        row = torch.arange(rows)[:, None].expand(rows, n)
        chosen_mean = means[row, component]  # (rows, n, D)
        chosen_tril = tril[row, component]  # (rows, n, D, D)
        return chosen_mean + torch.einsum("rnij,rnj->rni", chosen_tril, eps)

    def distribution(self, x):
        """The mixture as a ``torch.distributions`` object with batch shape (n,) and event shape (D,)."""
        from torch.distributions import Categorical, MixtureSameFamily, MultivariateNormal

        logits, means, tril = self(x)
        # Argument validation costs as much as the density itself here, and the network's outputs are
        # valid by construction (positive Cholesky diagonal).
        return MixtureSameFamily(
            Categorical(logits=logits, validate_args=False),
            MultivariateNormal(means, scale_tril=tril, validate_args=False),
            validate_args=False,
        )
