"""Reference evidence and mode weights of the repressilator variants in models/multimodal,
by reweighting the independent reference posterior of the shipped model's mode R = {a1 largest}
(models/reference: importance draws of is_final.py, log Z_R = -109.0673 +- 0.005).

Why this is exact: the likelihood is invariant under the cyclic relabelling s of the genes,
(a1, a2, a3) -> (a3, a1, a2) together with the species. Mode k of a variant with priors p' is the
region s^k(R), so its evidence is
    Z'_k = ∫_{s^k R} L(x) p'(x) dx = ∫_R L(y) p'(s^k y) dy = Z_R * E_R[ p'(s^k y) / p(y) ],
where E_R is the expectation under the shipped model's posterior restricted to R (symmetric
LogUniform(1, 1000) priors p; the other parameters' priors are unchanged). The expectations are
self-normalised importance-sampling averages over the 300,000 draws (weights as in is_final.py).

Needs out/is_final_draws.npz of models/reference (run mcmc.py, then is_final.py, there).
Writes repressilator_variants.json. Run from this directory: python3 repressilator_variants.py"""
import json
import numpy as np
from scipy.special import logsumexp
from scipy.stats import norm
import sys
sys.path.insert(0, "../../reference")
import repmodel as rm  # noqa: E402

REF = json.load(open("../../reference/results.json"))
LOG_Z_R = REF["logZ_one_mode"]
LOG_Z_R_ERR = REF["logZ_quoted_uncertainty"]
d = np.load("../../reference/out/is_final_draws.npz")
X = rm.to_nat(d["U"])
lw = d["lw"]
w = np.exp(lw - lw.max())


def log_loguniform(a, lo, hi):
    return np.where((a >= lo) & (a <= hi), -np.log(a) - np.log(np.log(hi / lo)), -np.inf)


def log_lognormal(a, mu, sd):
    return norm.logpdf(np.log(a), mu, sd) - np.log(a)


SYMMETRIC = lambda a: log_loguniform(a, 1.0, 1000.0)
VARIANTS = {
    "repressilator_perturbed": [lambda a: log_loguniform(a, 1.0, 1000.0), lambda a: log_loguniform(a, 1.0, 1001.0),
                                lambda a: log_loguniform(a, 0.999, 1000.0)],
    "repressilator_tilted": [lambda a: log_lognormal(a, np.log(50.0), 0.5), lambda a: log_lognormal(a, np.log(30.0), 0.6),
                             lambda a: log_loguniform(a, 1.0, 1000.0)],
}

out = {"log_evidence_one_mode_symmetric": LOG_Z_R, "log_evidence_one_mode_error": LOG_Z_R_ERR,
       "note": "mode k is the relabelling (a1,a2,a3) -> shifted k times; 'a' gives the mode's (a1, a2, a3) "
               "medians in the variant"}
for name, priors in VARIANTS.items():
    modes = []
    for k in range(3):
        A = np.roll(X[:, :3], k, axis=1)    # s^k y: the a's of the draw relabelled k times
        log_ratio = sum(priors[i](A[:, i]) - SYMMETRIC(X[:, i]) for i in range(3))
        r = np.exp(log_ratio)
        m = np.sum(w * r) / np.sum(w)
        # delta-method error of a self-normalised mean
        se = np.sqrt(np.sum((w / w.sum()) ** 2 * (r - m) ** 2))
        wr = w * r
        med = [float(np.interp(0.5, np.cumsum(wr[np.argsort(A[:, i])]) / wr.sum(), np.sort(A[:, i])))
               for i in range(3)]
        modes.append(dict(shift=k, log_evidence=LOG_Z_R + float(np.log(m)), relative_error=float(se / m), a=med))
    logs = np.array([m["log_evidence"] for m in modes])
    logz = float(logsumexp(logs))
    for m in modes:
        m["weight"] = float(np.exp(m["log_evidence"] - logz))
    rel = np.sqrt(sum((np.exp(m["log_evidence"] - logz) * m["relative_error"]) ** 2 for m in modes))
    out[name] = dict(log_evidence=logz, error=float(np.hypot(LOG_Z_R_ERR, rel)), modes=modes)
    print(name, f"log Z = {logz:.4f} ± {out[name]['error']:.4f}",
          " weights", [round(m["weight"], 4) for m in modes], [m["a"] for m in modes])
json.dump(out, open("repressilator_variants.json", "w"), indent=1)
