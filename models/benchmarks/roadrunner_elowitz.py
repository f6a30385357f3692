#!/usr/bin/env python3
"""Per-simulation cost of Elowitz_Nature2000 in libroadrunner, next to FlowFit's.

libroadrunner compiles the SBML model with LLVM and integrates it with
SUNDIALS CVODE (BDF, Newton, dense Jacobian by finite differences). This
script times r.simulate(0, 600, 61) (the 600-minute course with an output
every 10 minutes) at the nominal parameters of the PEtab problem, with the
same tolerances as FlowFit's benchmark (rtol 1e-6, atol 1e-8), after a
warm-up, as the median of many runs; each run resets the model to its
initial state first (r.reset(), included in the time, as a fit would need).
It also evaluates the PEtab log-likelihood from roadrunner's GFP at the
measurement times, to show both tools simulate the same model.

With --flowcli PATH it then runs, in the same session,
  PATH bench models/benchmarks/elowitz.model --points nominal --no-flows --threads 1
and prints both costs side by side.

    pip install libroadrunner
    python3 models/benchmarks/roadrunner_elowitz.py [--runs 2000] [--flowcli .build/release/flowcli]

Files: elowitz_sbml.xml is the benchmark collection's SBML model (BSD-3,
LICENSE-benchmark-models-petab); elowitz.csv its measurements.
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import roadrunner

HERE = os.path.dirname(os.path.abspath(__file__))

# PEtab parameters table, nominalValue (natural units).
NOMINAL = {
    "KM": 1.00013184764193e-05, "background": 1.04454130394407e-05, "eff": 0.030159280362287,
    "eff_GFP": 0.001952121970966, "init_GFP": 3.38716998236184e-05, "init_GFP_mRNA": 131.43573778956,
    "init_X_mRNA": 2.55665758135759, "init_X_protein": 30.8087735629583, "init_Y_mRNA": 999.999945990865,
    "init_Y_protein": 0.000818268062901, "init_Z_mRNA": 19.3670294497273, "init_Z_protein": 994.381959318229,
    "n_Hill": 1.52254567553984, "scale": 0.52599663700947, "sigma": 0.071841413831614,
    "tau_mRNA": 12.6248245707722, "tau_mRNA_GFP": 0.000404064377463, "tau_prot": 5.35926527470062,
    "tau_prot_GFP": 71.9312640934976, "tps_active": 0.612278991244992, "tps_repr": 1.00000000000882e-05,
}
SPECIES_INIT = {s: "init_" + s for s in
                ["X_protein", "Y_protein", "Z_protein", "GFP", "X_mRNA", "Y_mRNA", "Z_mRNA", "GFP_mRNA"]}


def make_runner(rtol, atol):
    r = roadrunner.RoadRunner(os.path.join(HERE, "elowitz_sbml.xml"))
    # The SBML file's values differ from the PEtab nominal ones in the 14th digit;
    # set the nominal ones and let resetAll() re-apply the initial assignments.
    for name, value in NOMINAL.items():
        if name in r.model.getGlobalParameterIds():
            r.model["init(" + name + ")"] = value
    r.resetAll()
    for species, parameter in SPECIES_INIT.items():
        assert abs(r[species] / NOMINAL[parameter] - 1) < 1e-12, (species, r[species])
    r.setIntegrator("cvode")
    r.integrator.relative_tolerance = rtol
    r.integrator.absolute_tolerance = atol
    r.integrator.maximum_num_steps = 100000
    r.timeCourseSelections = ["time", "GFP"]
    return r


def log_likelihood(r):
    """PEtab log-likelihood: log10(y) ~ Normal(log10(background + scale*GFP), sigma)."""
    data = np.loadtxt(os.path.join(HERE, "elowitz.csv"), delimiter=",", skiprows=2, usecols=(1, 2))
    r.reset()
    result = r.simulate(times=[0.0] + list(data[:, 0]))
    gfp = result[1:, 1]
    mu = NOMINAL["background"] + NOMINAL["scale"] * gfp
    sigma = NOMINAL["sigma"]
    y = data[:, 1]
    residual = (np.log10(y) - np.log10(mu)) / sigma
    return float(np.sum(-0.5 * np.log(2 * np.pi * sigma ** 2) - np.log(y * np.log(10)) - 0.5 * residual ** 2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--rtol", type=float, default=1e-6)
    parser.add_argument("--atol", type=float, default=1e-8)
    parser.add_argument("--flowcli", help="path to a (release) flowcli binary to run the FlowFit side in the same session")
    parser.add_argument("--evaluations", type=int, default=2000, help="flowcli bench --evaluations")
    args = parser.parse_args()

    r = make_runner(args.rtol, args.atol)
    llh = log_likelihood(r)
    for _ in range(args.warmup):
        r.reset()
        r.simulate(0, 600, 61)
    wall, cpu = [], []
    for _ in range(args.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        r.reset()
        r.simulate(0, 600, 61)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    q = np.quantile(wall, [0.1, 0.9]) * 1e3
    print(f"libroadrunner {roadrunner.__version__} (CVODE BDF), rtol {args.rtol}, atol {args.atol}, "
          f"simulate(0, 600, 61) over {args.runs} runs: median wall {statistics.median(wall) * 1e3:.3f} ms "
          f"(10%-90%: {q[0]:.3f}-{q[1]:.3f} ms), median CPU {statistics.median(cpu) * 1e3:.3f} ms, "
          f"mean CPU {statistics.fmean(cpu) * 1e3:.3f} ms")
    print(f"log-likelihood at nominal from roadrunner's GFP: {llh:.6f} (PEtab reference 63.202800)")
    sys.stdout.flush()
    if args.flowcli:
        model = os.path.join(HERE, "elowitz.model")
        command = [args.flowcli, "bench", model, "--points", "nominal", "--no-flows", "--threads", "1",
                   "--evaluations", str(args.evaluations)]
        print("$ " + " ".join(command))
        sys.stdout.flush()
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
