#!/usr/bin/env python3
"""Per-simulation cost of the vendored PEtab benchmark problems in libroadrunner, next to FlowFit's.

For each problem in Tests/Fixtures/benchmark-models-petab (Boehm, Bertozzi, Crauste, Elowitz) this
reads the PEtab tables itself (no FlowFit code, no petab package): the SBML model, the nominal
parameter values (parameters table, natural units), the condition table and the measurement times.
One "evaluation" is what one log-likelihood needs: for every simulation condition, r.resetAll()
with the nominal values and the condition's overrides applied, then r.simulate() through that
condition's measurement times (from min(0, first time)). libroadrunner compiles the SBML with LLVM
and integrates with SUNDIALS CVODE (BDF, Newton, dense linear solver), at rtol 1e-6, atol 1e-8 as
FlowFit's defaults. Reported: median wall and CPU time per evaluation over --runs runs, after a
warm-up.

With --flowcli PATH it then runs, in the same session, for each problem
  PATH bench PROBLEM.yaml --points nominal --no-flows --threads 1 --evaluations N
(the nominal point N times, each a full log-likelihood: the solves plus observables and noise).

    pip install libroadrunner
    python3 bench/roadrunner_petab.py [--runs 1000] [--flowcli .build/release/flowcli]
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time

import roadrunner

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "benchmark-models-petab")
PROBLEMS = {
    "Boehm_JProteomeRes2014": "Boehm_JProteomeRes2014.yaml",
    "Bertozzi_PNAS2020": "problem.yaml",
    "Crauste_CellSystems2017": "Crauste_CellSystems2017.yaml",
    "Elowitz_Nature2000": "Elowitz_Nature2000.yaml",
}


def tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def problem_files(name):
    """The files a PEtab 1 problem.yaml names (the simple layout these four use: one file each)."""
    directory = os.path.join(ROOT, name)
    files, key = {}, None
    with open(os.path.join(directory, PROBLEMS[name])) as f:
        for line in f:
            text = line.split("#")[0].rstrip()
            if not text.strip():
                continue
            stripped = text.strip().lstrip("- ").strip()
            if ":" in stripped:
                key, _, value = stripped.partition(":")
                key, value = key.strip(), value.strip()
                if value and key.endswith("_file"):
                    files[key] = os.path.join(directory, value)
            elif key:
                files[key] = os.path.join(directory, stripped)
    return files


def setup(name, rtol, atol):
    files = problem_files(name)
    parameters = {row["parameterId"]: float(row["nominalValue"]) for row in tsv(files["parameter_file"])}
    conditions = {row["conditionId"]: row for row in tsv(files["condition_files"])}
    times = {}
    for row in tsv(files["measurement_files"]):
        times.setdefault(row["simulationConditionId"], set()).add(float(row["time"]))
    def value(text):
        try:
            return float(text)
        except ValueError:
            return parameters[text]

    # One instance per simulation condition, its values set once (setting
    # init() values makes libroadrunner regenerate code: a fit would keep an
    # instance per condition too); an evaluation resets and simulates each.
    runs = []
    for condition, ts in sorted(times.items()):
        r = roadrunner.RoadRunner(files["sbml_files"])
        r.setIntegrator("cvode")
        r.integrator.relative_tolerance = rtol
        r.integrator.absolute_tolerance = atol
        r.integrator.maximum_num_steps = 100000
        targets = set(r.model.getGlobalParameterIds()) | set(r.model.getFloatingSpeciesIds()) \
            | set(r.model.getCompartmentIds())
        values = {p: v for p, v in parameters.items() if p in targets}
        for target, text in conditions[condition].items():
            if target not in ("conditionId", "conditionName") and text not in ("", "NaN", "nan"):
                values[target] = value(text)
        for target, v in values.items():
            r.setValue("init(" + target + ")", v)
        r.resetAll()
        grid = sorted(ts)
        start = min(0.0, grid[0])
        runs.append((r, grid if grid[0] == start else [start] + grid))

    def evaluate():
        for r, grid in runs:
            r.reset()
            r.simulate(times=grid)

    return evaluate, len(runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--rtol", type=float, default=1e-6)
    parser.add_argument("--atol", type=float, default=1e-8)
    parser.add_argument("--flowcli", help="a (release) flowcli binary: run its bench on each problem in the same session")
    parser.add_argument("--evaluations", type=int, default=1000, help="flowcli bench --evaluations")
    args = parser.parse_args()

    print(f"libroadrunner {roadrunner.__version__} (CVODE BDF), rtol {args.rtol}, atol {args.atol}; "
          f"median over {args.runs} evaluations after {args.warmup} warm-up")
    print("problem\tsimulations_per_evaluation\twall_us_median\tcpu_us_median\tcpu_us_mean")
    for name in PROBLEMS:
        evaluate, simulations = setup(name, args.rtol, args.atol)
        for _ in range(args.warmup):
            evaluate()
        wall, cpu = [], []
        for _ in range(args.runs):
            w0, c0 = time.perf_counter(), time.process_time()
            evaluate()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        print(f"{name}\t{simulations}\t{statistics.median(wall) * 1e6:.1f}\t{statistics.median(cpu) * 1e6:.1f}"
              f"\t{statistics.fmean(cpu) * 1e6:.1f}")
        sys.stdout.flush()
    if args.flowcli:
        for name, problem in PROBLEMS.items():
            command = [args.flowcli, "bench", os.path.join(ROOT, name, problem), "--points", "nominal", "--no-flows",
                       "--threads", "1", "--evaluations", str(args.evaluations)]
            print("$ " + " ".join(command))
            sys.stdout.flush()
            subprocess.run(command, check=True, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
