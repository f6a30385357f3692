#!/usr/bin/env python3
"""Are FlowFit's failed solves on PEtab Crauste_CellSystems2017 true finite-time blow-ups?

For N prior draws (log10-uniform within the bounds of parameters_Crauste_CellSystems2017.tsv,
numpy default_rng(seed)) this
  1. runs `flowcli loglik PROBLEM.yaml --param NAME=VALUE ...` (natural units, FlowFit defaults
     rtol 1e-6, atol 1e-8, solver auto) and records log L and, when -inf, the failure reason and
     the time it names;
  2. solves the same ODE independently with scipy.integrate (Radau, rtol 1e-10,
     atol 1e-12, analytic Jacobian; the solver class is stepped by hand, which is what solve_ivp
     does, so that the state can be checked after every step) from t=0 to the last measurement time
     (28); the first step end where any state exceeds 1e30 (or is non-finite) is the "blow-up
     time"; if Radau stops early without that, LSODA (same tolerances) is tried as a second
     opinion and both are recorded;
  3. where scipy reaches t=28, computes the log-likelihood from the measurement table and compares
     it with flowcli's finite values;
  4. prints a summary table and every disagreement.

No FlowFit code is used. Hard-coded from the imported model text (`flowcli import ...yaml`) and the
SBML (one compartment `default`, size 1, no rules, events or initial assignments): the reactions /
ODE right-hand side, the initial conditions (Naive 8090, Pathogen 1, others 0) and the parameter
bounds/names. The measurement table is read from the PEtab TSV. The observables table says every
observable is the state itself, observableTransformation lin, noiseDistribution normal, noiseFormula
noiseParameter1_<observable>; the noise parameters are numeric per-row values in the measurement
table (none is estimated), so log L = sum_i -0.5*log(2*pi*sd_i^2) - 0.5*((y_i - x_obs(t_i))/sd_i)^2.
The single condition model1_data1 has no overrides and there is no pre-equilibration.

ODE (mass action, rates from the reactions v1..v12):
  N' = -mu_N N - delta_NE N P
  E' =  delta_NE N P + rho_E E P - mu_EE E^2 - delta_EL E
  L' =  delta_EL E - mu_LL L^2 - mu_LE E L - delta_LM L
  M' =  delta_LM L
  P' =  rho_P P^2 - mu_PE E P - mu_PL L P - mu_P P

    python3 bench/crauste_blowups.py [--n 200] [--seed 20261204] [--flowcli .build/release/flowcli]
"""
import argparse
import csv
import math
import os
import re
import subprocess
import sys
import time

import numpy as np
from scipy.integrate import LSODA, Radau

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PDIR = os.path.join(ROOT, "Tests", "Fixtures", "benchmark-models-petab", "Crauste_CellSystems2017")
YAML = os.path.join(PDIR, "Crauste_CellSystems2017.yaml")
MEAS = os.path.join(PDIR, "measurementData_Crauste_CellSystems2017.tsv")

# name, lower, upper (parameters_Crauste_CellSystems2017.tsv, all log10 scale, all estimated)
PARAMS = [
    ("delta_EL", 1e-5, 1e3), ("delta_LM", 1e-5, 1e3), ("delta_NE", 1e-5, 1e3),
    ("mu_EE", 1e-5, 1e3), ("mu_LE", 1e-10, 1e3), ("mu_LL", 1e-10, 1e3),
    ("mu_N", 1e-5, 1e3), ("mu_P", 1e-5, 1e3), ("mu_PE", 1e-10, 1e3),
    ("mu_PL", 1e-5, 1e3), ("rho_E", 1e-5, 1e3), ("rho_P", 1e-5, 1e3),
]
STATES = ["Naive", "EarlyEffector", "LateEffector", "Memory", "Pathogen"]
X0 = np.array([8090.0, 0.0, 0.0, 0.0, 1.0])
OBS = {"observable_Naive": 0, "observable_EarlyEffector": 1, "observable_LateEffector": 2,
       "observable_Memory": 3}
BIG = 1e30


def read_measurements():
    with open(MEAS, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        assert r["simulationConditionId"] == "model1_data1" and not r["preequilibrationConditionId"]
        assert not r["observableParameters"]
        out.append((OBS[r["observableId"]], float(r["time"]), float(r["measurement"]),
                    float(r["noiseParameters"])))
    return out


def rhs_jac(p):
    dEL, dLM, dNE, mEE, mLE, mLL, mN, mP, mPE, mPL, rE, rP = (p[k] for k, _, _ in PARAMS)

    def f(t, x):
        N, E, L, M, P = x
        return [-mN * N - dNE * N * P,
                dNE * N * P + rE * E * P - mEE * E * E - dEL * E,
                dEL * E - mLL * L * L - mLE * E * L - dLM * L,
                dLM * L,
                rP * P * P - mPE * E * P - mPL * L * P - mP * P]

    def jac(t, x):
        N, E, L, M, P = x
        return np.array([
            [-mN - dNE * P, 0, 0, 0, -dNE * N],
            [dNE * P, rE * P - 2 * mEE * E - dEL, 0, 0, dNE * N + rE * E],
            [0, dEL - mLE * L, -2 * mLL * L - mLE * E - dLM, 0, 0],
            [0, 0, dLM, 0, 0],
            [0, -mPE * P, -mPL * P, 0, 2 * rP * P - mPE * E - mPL * L - mP],
        ])
    return f, jac


def scipy_solve(p, tmeas, method, max_steps=200000):
    """Step the scipy solver by hand; stop when max|x| > 1e30 (blow-up), on failure or at t=28."""
    f, jac = rhs_jac(p)
    cls = {"Radau": Radau, "LSODA": LSODA}[method]
    solver = cls(f, 0.0, X0.copy(), tmeas[-1], rtol=1e-10, atol=1e-12, jac=jac)
    y_at = np.full((len(X0), len(tmeas)), np.nan)
    k = 0
    while k < len(tmeas) and tmeas[k] <= 0.0:
        y_at[:, k] = X0
        k += 1
    res = {"method": method, "nsteps": 0}
    message = ""
    while True:
        t_old = solver.t
        message = solver.step()
        res["nsteps"] += 1
        x = solver.y
        if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > BIG:
            res.update(outcome="blowup", t_stop=float(solver.t), t_last_ok=float(t_old))
            return res
        if solver.status == "failed" or res["nsteps"] >= max_steps:
            res.update(outcome="stopped", t_stop=float(solver.t), x_stop=np.array(x),
                       message=message or f"{max_steps} steps")
            return res
        if k < len(tmeas) and tmeas[k] <= solver.t:
            dense = solver.dense_output()
            while k < len(tmeas) and tmeas[k] <= solver.t:
                y_at[:, k] = dense(tmeas[k])
                k += 1
        if solver.status == "finished":
            res.update(outcome="finite", t_stop=float(solver.t), y=y_at)
            return res


def loglik(y_at, meas, tmeas):
    idx = {t: i for i, t in enumerate(tmeas)}
    ll = 0.0
    for k, t, yv, sd in meas:
        h = y_at[k, idx[t]]
        ll += -0.5 * math.log(2 * math.pi * sd * sd) - 0.5 * ((yv - h) / sd) ** 2
    return ll


def run_flowcli(binary, p):
    cmd = [binary, "loglik", YAML]
    for k, _, _ in PARAMS:
        cmd += ["--param", f"{k}={p[k]!r}"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    ll, reason, tfail = None, "", None
    for line in out.stdout.splitlines():
        if line.startswith("log_likelihood:"):
            s = line.split(":", 1)[1].strip()
            ll = -math.inf if s == "-inf" else float(s)
        elif line.startswith("failure:"):
            reason = line.split(":", 1)[1].strip()
            m = re.search(r"t = ([-+0-9.eE]+|[-+]?inf|nan)", reason)
            if m:
                tfail = float(m.group(1))
    if ll is None:
        raise RuntimeError(f"flowcli failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    return ll, reason, tfail


def fmt_params(p):
    return " ".join(f"{k}={p[k]:.4g}" for k, _, _ in PARAMS)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--flowcli", default=os.path.join(ROOT, ".build", "release", "flowcli"))
    args = ap.parse_args()
    if not os.path.exists(args.flowcli):
        sys.exit(f"no flowcli binary at {args.flowcli}")

    meas = read_measurements()
    tmeas = np.array(sorted({t for _, t, _, _ in meas}))
    rng = np.random.default_rng(seed=args.seed)
    lo = np.log10([l for _, l, _ in PARAMS])
    hi = np.log10([u for _, _, u in PARAMS])
    draws = 10 ** rng.uniform(lo, hi, size=(args.n, len(PARAMS)))

    t0 = time.time()
    rows = []
    for i in range(args.n):
        p = {k: float(draws[i, j]) for j, (k, _, _) in enumerate(PARAMS)}
        fl, reason, tfail = run_flowcli(args.flowcli, p)
        sp = scipy_solve(p, tmeas, "Radau")
        alt = None
        if sp["outcome"] == "stopped":
            alt = scipy_solve(p, tmeas, "LSODA")
        best = sp if sp["outcome"] != "stopped" or alt is None or alt["outcome"] == "stopped" else alt
        sll = loglik(best["y"], meas, tmeas) if best["outcome"] == "finite" else None
        rows.append(dict(i=i, p=p, fl=fl, reason=reason, tfail=tfail, sp=sp, alt=alt, best=best,
                         sll=sll))
    elapsed = time.time() - t0

    def sp_desc(r):
        def one(s):
            d = f"{s['method']}: {s['outcome']}"
            if s["outcome"] == "blowup":
                d += f" (max|x|>1e30) at t={s['t_stop']:.6g}"
            elif s["outcome"] == "stopped":
                d += f" at t={s['t_stop']:.6g}, max|x|={np.max(np.abs(s['x_stop'])):.3g}, {s['nsteps']} steps ({s['message']})"
            return d
        d = one(r["sp"])
        if r["alt"] is not None:
            d += "; " + one(r["alt"])
        if r["sll"] is not None:
            d += f", logL={r['sll']:.6f}"
        return d

    print(f"Crauste_CellSystems2017: {args.n} prior draws (log10-uniform in bounds), seed {args.seed}")
    print(f"flowcli: {args.flowcli} loglik (defaults: solver auto, rtol 1e-6, atol 1e-8)")
    print("scipy: Radau (scipy.integrate, stepped by hand) rtol 1e-10 atol 1e-12 analytic Jacobian, "
          "t in [0, 28]; blow-up = first step end with max|x| > 1e30 or non-finite; "
          "LSODA second opinion if Radau stops early")
    print(f"wall time {elapsed:.1f} s\n")

    cats = {}
    for r in rows:
        key = ("finite" if math.isfinite(r["fl"]) else "-inf", r["best"]["outcome"])
        cats.setdefault(key, []).append(r)
    print("counts (flowcli, scipy):")
    for key in sorted(cats):
        print(f"  flowcli {key[0]:>6}, scipy {key[1]:>7}: {len(cats[key])}")
    reasons = {}
    for r in rows:
        if not math.isfinite(r["fl"]):
            rs = r["reason"].split(":")[0]
            reasons[rs] = reasons.get(rs, 0) + 1
    print("flowcli failure reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())))

    ff = cats.get(("finite", "finite"), [])
    if ff:
        d = [(abs(r["fl"] - r["sll"]), r) for r in ff]
        dmax, rmax = max(d, key=lambda z: z[0])
        rel = max(abs(r["fl"] - r["sll"]) / max(1.0, abs(r["sll"])) for r in ff)
        print(f"\nfinite/finite: {len(ff)} points, max |dlogL| = {dmax:.3g} (draw {rmax['i']}: "
              f"flowcli {rmax['fl']:.6f}, scipy {rmax['sll']:.6f}); max relative {rel:.3g}")
        big = sorted((z for z in d if z[0] > 1e-3), key=lambda z: -z[0])
        print(f"  points with |dlogL| > 1e-3: {len(big)}")
        for dd, r in big[:20]:
            print(f"   draw {r['i']}: |d|={dd:.3g} flowcli {r['fl']:.6f} scipy {r['sll']:.6f}  {fmt_params(r['p'])}")

    ib = cats.get(("-inf", "blowup"), [])
    if ib:
        print(f"\n-inf/blowup: {len(ib)} points; flowcli failure time vs scipy blow-up time:")
        rd = [abs(r["tfail"] - r["best"]["t_stop"]) / r["best"]["t_stop"]
              for r in ib if r["tfail"] is not None and r["best"]["t_stop"] > 0]
        if rd:
            print(f"  relative |t_fail - t_blowup|/t_blowup: median {np.median(rd):.3g}, max {max(rd):.3g}")
        lt = [r for r in ib if r["tfail"] is not None and r["tfail"] > r["best"]["t_stop"] * (1 + 1e-3)]
        print(f"  flowcli failing later than scipy's 1e30 crossing (by >0.1%): {len(lt)}")
        for r in sorted(ib, key=lambda r: r["best"]["t_stop"]):
            print(f"   draw {r['i']:3d}: scipy t_blowup={r['best']['t_stop']:.6g}  flowcli t={r['tfail']!s:>22}  "
                  f"{r['reason'].split(':')[0]}")

    print("\ndisagreements (flowcli finite & scipy not, or flowcli -inf & scipy finite or stopped):")
    nd = 0
    for key, rs in sorted(cats.items()):
        if key in (("finite", "finite"), ("-inf", "blowup")):
            continue
        for r in rs:
            nd += 1
            print(f" draw {r['i']} [{key[0]} / {key[1]}]: {fmt_params(r['p'])}")
            print(f"    flowcli: logL={r['fl']} {r['reason']}")
            print(f"    scipy:   {sp_desc(r)}")
    if nd == 0:
        print("  none")


if __name__ == "__main__":
    main()
