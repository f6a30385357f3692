"""Independent reference log-evidences for the unimodal shipped models
(lotka_volterra, sir, goodwin), with numpy/scipy only: no FlowFit code.

Method (per model):
  1. Parameters v = log(theta) for LogUniform priors (uniform on [log lo, log hi]) and
     v = theta for Uniform priors, so the prior is uniform on a box in v with density
     1/prod(widths). The likelihood is the model's own noise model on its data file
     (Normal: N(y; mu, sigma); LogNormal: log y ~ N(log mu, sigma), density of y,
     i.e. including -log y, as PEtab defines it). The ODE is solved with scipy's
     odeint (LSODA) at rtol = 1e-10, atol = 1e-12; a failed solve or a non-positive LogNormal
     prediction is log L = -inf (as FlowFit counts it).
  2. The posterior mode in v by Nelder-Mead then BFGS from several starts; the
     Hessian there by central differences -> Laplace covariance.
  3. Importance sampling with a defensive mixture: 0.9 x multivariate t (5 dof,
     scale = Laplace covariance x 1.3^2) + 0.1 x t (3 dof, scale x 3^2), truncated to the
     prior box by giving outside points zero weight (the estimator is unbiased for Z
     whatever the proposal's support outside the box). Then a second round whose
     t is refitted (weighted mean and covariance) to the first round's weighted draws.
     Each round uses fresh draws; the reported value is round 2 and round 1 is the
     check. Standard error: delta method sd(w)/(sqrt(n) mean(w)); also the ESS and a
     Pareto k-hat of the largest 20% of weights (generalized Pareto fit).

Usage:  python3 shipped_evidence.py MODEL [DRAWS] [SEED]   (MODEL: lotka_volterra | sir | goodwin)
Writes out/evidence_MODEL.json.
"""
import json
import sys
import time

import numpy as np
from scipy import integrate, optimize, stats
from scipy.special import logsumexp

HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
MODELS = HERE + "/.."


def read_data(name):
    rows = [line.strip().split(",") for line in open(f"{MODELS}/{name}.csv") if line.strip()]
    header, rows = rows[0], rows[1:]
    assert header == ["observableId", "time", "measurement"], header
    data = {}
    for obs, t, y in rows:
        data.setdefault(obs, []).append((float(t), float(y)))
    return {k: (np.array([a for a, _ in v]), np.array([b for _, b in v])) for k, v in data.items()}


# Model definitions, transcribed from models/*.model: (names, prior kinds and bounds,
# initial state from theta, right-hand side, observables: name -> (state index, noise)).
def lotka_volterra():
    names = ["alpha", "beta", "gamma", "delta", "sigma"]
    priors = [("log", 0.1, 10), ("log", 0.01, 1), ("log", 0.1, 10), ("log", 0.01, 1), ("log", 0.01, 1)]

    def rhs(t, s, p):
        x, y = s
        a, b, g, d = p[:4]
        return [a * x - b * x * y, d * x * y - g * y]

    return names, priors, lambda p: [10.0, 5.0], rhs, {"prey": (0, "lognormal"), "predators": (1, "lognormal")}


def sir():
    names = ["beta", "gamma", "i0", "sigma"]
    priors = [("log", 0.05, 5), ("log", 0.02, 2), ("log", 0.1, 100), ("log", 0.01, 1)]
    n = 1000.0

    def rhs(t, s, p):
        S, I, R = s
        b, g = p[:2]
        inf = b * S * I / n
        return [-inf, inf - g * I, g * I]

    return names, priors, lambda p: [n - p[2], p[2], 0.0], rhs, {"infected": (1, "lognormal")}


def goodwin():
    names = ["v", "K", "n", "k", "sigma"]
    priors = [("log", 0.1, 10), ("log", 0.1, 10), ("lin", 6, 16), ("log", 0.01, 1), ("log", 0.01, 1)]

    def rhs(t, s, p):
        x, y, z = s
        v, K, n, k = p[:4]
        kn = K ** n
        return [v * kn / (kn + z ** n) - k * x, k * x - k * y, k * y - k * z]

    return names, priors, lambda p: [0.1, 0.2, 2.5], rhs, {"mrna": (0, "normal"), "repressor": (2, "normal")}


class Problem:
    def __init__(self, name):
        self.name = name
        self.names, self.priors, self.init, self.rhs, self.observables = globals()[name]()
        self.data = read_data(name)
        self.lo = np.array([np.log(a) if k == "log" else a for k, a, _ in self.priors])
        self.hi = np.array([np.log(b) if k == "log" else b for k, _, b in self.priors])
        self.log_prior = -np.sum(np.log(self.hi - self.lo))
        self.times = np.unique(np.concatenate([t for t, _ in self.data.values()]))
        self.calls = 0

    def theta(self, v):
        return np.array([np.exp(x) if k == "log" else x for x, (k, _, _) in zip(v, self.priors)])

    def inside(self, v):
        return np.all(v > self.lo) and np.all(v < self.hi)

    def loglik(self, v):
        self.calls += 1
        p = self.theta(v)
        sigma = p[-1]
        grid = np.concatenate([[0.0], self.times])
        try:
            with np.errstate(all="ignore"):
                y, info = integrate.odeint(lambda s, t: self.rhs(t, s, p), self.init(p), grid, rtol=1e-10, atol=1e-12,
                                           mxstep=100000, full_output=True)
        except Exception:
            return -np.inf
        if info["message"] != "Integration successful." or not np.all(np.isfinite(y)):
            return -np.inf
        states = y[1:].T
        total = 0.0
        for obs, (t, y) in self.data.items():
            index, noise = self.observables[obs]
            mu = states[index][np.searchsorted(self.times, t)]
            if noise == "normal":
                total += np.sum(-0.5 * np.log(2 * np.pi) - np.log(sigma) - 0.5 * ((y - mu) / sigma) ** 2)
            else:
                if np.any(mu <= 0):
                    return -np.inf
                total += np.sum(-0.5 * np.log(2 * np.pi) - np.log(sigma) - np.log(y)
                                - 0.5 * ((np.log(y) - np.log(mu)) / sigma) ** 2)
        return total if np.isfinite(total) else -np.inf

    def logpost(self, v):
        return self.loglik(v) + self.log_prior if self.inside(v) else -np.inf


def mode(problem, rng, starts=6):
    nominal = {"lotka_volterra": [1, 0.1, 1.5, 0.075, 0.1], "sir": [0.6, 0.2, 2, 0.15],
               "goodwin": [1, 1, 12, 0.1, 0.05]}[problem.name]
    v0 = np.array([np.log(x) if k == "log" else x for x, (k, _, _) in zip(nominal, problem.priors)])
    best = None
    for s in range(starts):
        start = v0 if s == 0 else v0 + 0.05 * (problem.hi - problem.lo) * rng.standard_normal(len(v0))
        start = np.clip(start, problem.lo + 1e-6, problem.hi - 1e-6)
        f = lambda v: -problem.logpost(v) if np.isfinite(problem.logpost(v)) else 1e300
        r = optimize.minimize(f, start, method="Nelder-Mead", options={"maxiter": 4000, "xatol": 1e-8, "fatol": 1e-10})
        r = optimize.minimize(f, r.x, method="BFGS", options={"gtol": 1e-7})
        if best is None or r.fun < best.fun:
            best = r
    return best.x, -best.fun


def hessian(f, x, h=1e-4):
    d = len(x)
    H = np.zeros((d, d))
    for i in range(d):
        for j in range(i, d):
            e_i, e_j = np.eye(d)[i] * h, np.eye(d)[j] * h
            H[i, j] = H[j, i] = (f(x + e_i + e_j) - f(x + e_i - e_j) - f(x - e_i + e_j) + f(x - e_i - e_j)) / (4 * h * h)
    return H


def t_logpdf(x, mean, cov, df):
    return stats.multivariate_t(loc=mean, shape=cov, df=df).logpdf(x)


def pareto_k(log_w):
    w = np.exp(log_w - np.max(log_w))
    w = np.sort(w[w > 0])
    tail = w[int(0.8 * len(w)):]
    if len(tail) < 20:
        return float("nan")
    c, loc, scale = stats.genpareto.fit(tail - tail[0], floc=0)
    return float(c)


def importance_round(problem, mean, cov, draws, rng):
    d = len(mean)
    components = [(0.9, mean, cov * 1.3 ** 2, 5), (0.1, mean, cov * 3.0 ** 2, 3)]
    counts = rng.multinomial(draws, [c[0] for c in components])
    x = np.vstack([stats.multivariate_t(loc=m, shape=s, df=df).rvs(size=n, random_state=rng).reshape(n, d)
                   for (_, m, s, df), n in zip(components, counts)])
    log_q = logsumexp(np.stack([np.log(wt) + t_logpdf(x, m, s, df) for wt, m, s, df in components]), axis=0)
    log_target = np.array([problem.logpost(v) for v in x])
    log_w = log_target - log_q
    log_z = logsumexp(log_w) - np.log(draws)
    w = np.exp(log_w - log_z)
    se = np.std(w, ddof=1) / np.sqrt(draws)
    ess = np.sum(w) ** 2 / np.sum(w ** 2)
    return x, log_w, {"log_z": float(log_z), "se": float(se), "ess": float(ess), "draws": draws,
                      "pareto_k": pareto_k(log_w)}


def main():
    name = sys.argv[1]
    draws = int(sys.argv[2]) if len(sys.argv) > 2 else 40000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = np.random.default_rng(seed)
    problem = Problem(name)
    started = time.time()
    v_map, lp_map = mode(problem, rng)
    H = hessian(problem.logpost, v_map)
    cov = np.linalg.inv(-H)
    cov = 0.5 * (cov + cov.T)
    laplace = lp_map + 0.5 * len(v_map) * np.log(2 * np.pi) + 0.5 * np.linalg.slogdet(cov)[1]
    print(f"{name}: mode log posterior {lp_map:.4f}, Laplace log Z {laplace:.4f}", flush=True)
    x1, lw1, r1 = importance_round(problem, v_map, cov, draws, rng)
    print("round 1:", r1, flush=True)
    w = np.exp(lw1 - np.max(lw1))
    mean2 = np.average(x1, axis=0, weights=w)
    cov2 = np.cov(x1.T, aweights=w)
    _, _, r2 = importance_round(problem, mean2, cov2, draws, rng)
    print("round 2:", r2, flush=True)
    out = {"model": name, "seed": seed, "parameters": problem.names, "map_v": v_map.tolist(),
           "map_theta": problem.theta(v_map).tolist(), "map_log_posterior": float(lp_map),
           "laplace_log_z": float(laplace), "round1": r1, "round2": r2,
           "log_z": r2["log_z"], "log_z_se": r2["se"], "likelihood_calls": problem.calls,
           "seconds": time.time() - started}
    with open(f"{HERE}/out/evidence_{name}.json", "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps({k: out[k] for k in ["model", "log_z", "log_z_se", "laplace_log_z", "seconds"]}))


if __name__ == "__main__":
    main()
