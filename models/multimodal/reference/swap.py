"""Reference for models/multimodal/swap.model: generates swap.csv and computes the exact
evidence and the two modes' masses by quadrature (closed-form solution of A -> B -> C;
A0 integrated analytically; (log k1, log k2) by the trapezoid rule around each mode).
Writes ../swap.csv and swap.json. Run from this directory: python3 swap.py"""
import numpy as np
from scipy.special import log_ndtr
import quadrature as q

T = np.arange(1, 41) * 0.25         # t = 0.25 .. 10
SD = 0.01
K1, K2, A0 = 0.2, 2.0, 1.0
LO_A0, HI_A0 = 0.5, 2.0
LO_K1, HI_K1 = 0.05, 5.0
MU_K2, S_K2 = 0.0, 0.8


def shape(k1, k2, t):
    """C(t)/A0 for the chain A -> B -> C, exact also at k1 = k2."""
    k1, k2 = np.asarray(k1, float)[..., None], np.asarray(k2, float)[..., None]
    d = k1 - k2
    close = np.abs(d) < 1e-9 * np.maximum(k1, k2)
    safe = np.where(close, 1.0, d)
    general = 1 + (k2 * np.exp(-k1 * t) - k1 * np.exp(-k2 * t)) / safe
    k = 0.5 * (k1 + k2)
    limit = 1 - np.exp(-k * t) * (1 + k * t)
    return np.where(close, limit, general)


rng = np.random.default_rng(2026)
y = A0 * shape(K1, K2, T) + SD * rng.standard_normal(len(T))
q.write_data("../swap.csv", "c", T, y)


def log_marginal(u1, v):
    """log ∫ L(k1, k2, A0) p(A0) dA0 + log p(u1) + log p(v), with u1 = log k1, v = log k2."""
    f = shape(np.exp(u1), np.exp(v), T)
    sff = (f * f).sum(-1); sfy = (f * y).sum(-1); syy = (y * y).sum()
    n = len(T)
    ahat = sfy / sff
    tau = SD / np.sqrt(sff)
    resid = syy - sfy * sfy / sff
    # ∫_lo^hi exp(-(A-ahat)^2/(2 tau^2)) dA = sqrt(2π) tau (Φ(b) - Φ(a))
    a, b = (LO_A0 - ahat) / tau, (HI_A0 - ahat) / tau
    log_mass = log_ndtr(b) + np.log1p(-np.exp(log_ndtr(a) - log_ndtr(b)))
    log_l = (-0.5 * n * np.log(2 * np.pi * SD**2) - resid / (2 * SD**2)
             + 0.5 * np.log(2 * np.pi) + np.log(tau) + log_mass - np.log(HI_A0 - LO_A0))
    log_p1 = np.where((u1 >= np.log(LO_K1)) & (u1 <= np.log(HI_K1)), -np.log(np.log(HI_K1 / LO_K1)), -np.inf)
    log_p2 = -0.5 * np.log(2 * np.pi * S_K2**2) - (v - MU_K2) ** 2 / (2 * S_K2**2)
    return log_l + log_p1 + log_p2


logz, parts, checks = q.integrate(log_marginal, [(np.log(K1), np.log(K2)), (np.log(K2), np.log(K1))],
                                  ((np.log(LO_K1), np.log(HI_K1)), (MU_K2 - 6, MU_K2 + 6)),
                                  [lambda a, b: a < b, lambda a, b: a >= b])
q.report("swap.model", logz, parts, checks, ["k1 < k2", "k1 > k2"], "centers in (log k1, log k2)", "swap.json")
