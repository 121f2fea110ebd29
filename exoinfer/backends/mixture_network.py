"""The network of the MDN backend (torch): a multilayer perceptron whose output parameterizes a mixture
of Gaussians with full (Cholesky-parameterized) or diagonal covariance.

Full covariance is the point (Baumeister & Tosi 2023, ExoMDN, use diagonal components): interior
posteriors are degenerate ridges (more core and more water give the same radius), which diagonal
components can only tile with many small Gaussians, while one full-covariance component follows a ridge
segment with its correlation.

Parameterization. Each component's covariance is Sigma = L L^T with L lower triangular; the network
outputs the inverse factor W = L^-1 (also lower triangular): its diagonal 1/s, where s > 0 is softplus plus
a floor (s_i is the conditional standard deviation of output i given outputs 1..i-1, so the floor keeps the
density bounded while training), and its free entries below the diagonal. Then the Mahalanobis term is
|W (y - mu)|^2 and ln det L = sum ln s: the density needs one batched matrix product and no triangular
solve, which made training 1.6x faster than ``torch.distributions.MultivariateNormal`` (measured: 35 ms
against 56 ms a step at batch 2048, 2 CPU threads). Sampling inverts W once per planet and component.

torch is imported by the caller (:mod:`.mdn`), which imports this module inside its functions: the
command line must start without loading torch.
"""

import math

import torch
from torch import nn

__all__ = ["MixtureNetwork"]

#: Default floor on each component's conditional standard deviations, in standardized output units:
#: keeps the likelihood bounded (a component collapsing on one training point would make it infinite).
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
        Floor of each output's conditional standard deviation (default :data:`MIN_SCALE` for all). Outputs
        that are nearly functions of earlier ones need a larger floor: their conditional width would
        otherwise shrink toward zero, and the stiffness of that term stalls the learning of everything else.
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
        # Off-diagonal entries are produced as a full n_out x n_out block and masked to the strict lower
        # triangle: a masked product is cheaper than scattering a packed vector into place.
        self.lower = nn.Linear(hidden, components * n_out * n_out) if covariance == "full" else None
        if self.lower is not None:
            # Start diagonal: random initial correlations let the loss fall through them first (outputs
            # such as mass and thickness fractions are nearly functions of each other) while the means
            # stay unlearned; from zero the correlations grow only as the data ask for them.
            nn.init.zeros_(self.lower.weight)
            nn.init.zeros_(self.lower.bias)
        self.register_buffer("strict_lower", torch.tril(torch.ones(n_out, n_out), -1), persistent=False)
        floor = torch.full((n_out,), MIN_SCALE) if min_scale is None else torch.as_tensor(min_scale)
        self.register_buffer("min_scale", floor.to(torch.float32), persistent=False)

    def forward(self, x):
        """Mixture log-weights (n, K), means (n, K, D), conditional scales s (n, K, D) and the strictly
        lower part of the inverse Cholesky factor (n, K, D, D), or None for diagonal components."""
        h = self.trunk(x)
        n, k, d = x.shape[0], self.components, self.n_out
        log_weights = torch.log_softmax(self.logits(h), dim=-1)
        means = self.means(h).view(n, k, d)
        scale = nn.functional.softplus(self.diagonal(h).view(n, k, d)) + self.min_scale
        off = None if self.lower is None else self.lower(h).view(n, k, d, d) * self.strict_lower
        return log_weights, means, scale, off

    def log_prob(self, x, y):
        """Log density of y (n, D) under the mixture predicted from x (n, n_in), shape (n,)."""
        log_weights, means, scale, off = self(x)
        diff = y[:, None, :] - means
        z = diff / scale
        if off is not None:
            z = z + torch.einsum("nkij,nkj->nki", off, diff)
        log_component = (
            -0.5 * (z * z).sum(-1) - torch.log(scale).sum(-1) - 0.5 * self.n_out * math.log(2 * math.pi)
        )
        return torch.logsumexp(log_weights + log_component, dim=-1)

    def sample(self, x, n, generator=None):
        """``n`` draws for each row of x, shape (rows, n, D).

        Draws a component per sample, then only that component's Gaussian, y = mu + L eps with L = W^-1
        computed once per row and component.
        """
        log_weights, means, scale, off = self(x)
        rows, d = x.shape[0], self.n_out
        inverse_factor = torch.diag_embed(1.0 / scale)
        if off is not None:
            inverse_factor = inverse_factor + off
        identity = torch.eye(d, dtype=means.dtype).expand_as(inverse_factor)
        tril = torch.linalg.solve_triangular(inverse_factor, identity, upper=False)
        component = torch.multinomial(log_weights.exp(), n, replacement=True, generator=generator)
        eps = torch.randn(rows, n, d, generator=generator, dtype=means.dtype)
        row = torch.arange(rows)[:, None].expand(rows, n)
        return means[row, component] + torch.einsum("rnij,rnj->rni", tril[row, component], eps)
