"""Reference for models/multimodal/sign.model: generates sign.csv and computes the exact
evidence and the two modes' masses by quadrature (x(t) = x0 exp(-k t), y = x^2; the
trapezoid rule in (x0, log k) around each mode). Writes ../sign.csv and sign.json.
Run from this directory: python3 sign.py"""
import numpy as np
import quadrature as q

T = np.arange(1, 21) * 0.25          # t = 0.25 .. 5
SD = 0.02
X0, K = 1.0, 0.5
MU_X0, S_X0 = 0.3, 1.0
LO_K, HI_K = 0.1, 10.0

rng = np.random.default_rng(2027)
y = (X0 * np.exp(-K * T)) ** 2 + SD * rng.standard_normal(len(T))
q.write_data("../sign.csv", "y", T, y)


def log_density(x0, v):
    """log L + log p(x0) + log p(v), v = log k (LogUniform: uniform in v)."""
    x0 = np.asarray(x0, float); v = np.asarray(v, float)
    mu = (x0[..., None] * np.exp(-np.exp(v)[..., None] * T)) ** 2
    log_l = (-0.5 * len(T) * np.log(2 * np.pi * SD**2) - ((y - mu) ** 2).sum(-1) / (2 * SD**2))
    log_p = -0.5 * np.log(2 * np.pi * S_X0**2) - (x0 - MU_X0) ** 2 / (2 * S_X0**2)
    log_pk = np.where((v >= np.log(LO_K)) & (v <= np.log(HI_K)), -np.log(np.log(HI_K / LO_K)), -np.inf)
    return log_l + log_p + log_pk


logz, parts, checks = q.integrate(log_density, [(X0, np.log(K)), (-X0, np.log(K))],
                                  ((MU_X0 - 7, MU_X0 + 7), (np.log(LO_K), np.log(HI_K))),
                                  [lambda a, b: a > 0, lambda a, b: a <= 0])
q.report("sign.model", logz, parts, checks, ["x0 > 0", "x0 < 0"], "centers in (x0, log k)", "sign.json")
