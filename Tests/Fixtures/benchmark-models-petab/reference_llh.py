"""Reference log-likelihoods of the vendored benchmark problems at their nominal parameters,
computed independently of FlowFit from the simulations shipped with each problem.

For every measurement row: the shipped simulated observable value mu (same row order as the
measurement table), the noise sd from the observable's noiseFormula (a noiseParameter placeholder
taking the row's noiseParameters value, a parameter id, or a number; parameter ids take their
nominalValue from the parameter table), and the PEtab normal density of the (lin or log10)
transformed measurement, including the Jacobian of the transformation:
    lin:   -0.5*log(2*pi*sd^2) - 0.5*((y - mu)/sd)^2
    log10: -0.5*log(2*pi*sd^2) - 0.5*((log10 y - log10 mu)/sd)^2 - log(y*log(10))
Run: python3 reference_llh.py  (prints one line per problem).
"""
import csv
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PROBLEMS = {
    "Bertozzi_PNAS2020": ("measurements.tsv", "simulations.tsv", "observables.tsv", "parameters.tsv"),
    "Boehm_JProteomeRes2014": ("measurementData_Boehm_JProteomeRes2014.tsv", "simulatedData_Boehm_JProteomeRes2014.tsv",
                               "observables_Boehm_JProteomeRes2014.tsv", "parameters_Boehm_JProteomeRes2014.tsv"),
    "Crauste_CellSystems2017": ("measurementData_Crauste_CellSystems2017.tsv", "simulatedData_Crauste_CellSystems2017.tsv",
                                "observables_Crauste_CellSystems2017.tsv", "parameters_Crauste_CellSystems2017.tsv"),
    "Elowitz_Nature2000": ("measurementData_Elowitz_Nature2000.tsv", "simulatedData_Elowitz_Nature2000.tsv",
                           "observables_Elowitz_Nature2000.tsv", "parameters_Elowitz_Nature2000.tsv"),
}


def table(path):
    with open(path, newline="") as f:
        return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f, delimiter="\t")]


def value(text, parameters):
    try:
        return float(text)
    except ValueError:
        return parameters[text]


def llh(problem):
    measurements, simulations, observables, parameter_file = (os.path.join(HERE, problem, f) for f in PROBLEMS[problem])
    parameters = {p["parameterId"]: float(p["nominalValue"]) for p in table(parameter_file)}
    observable = {o["observableId"]: o for o in table(observables)}
    rows, simulated = table(measurements), table(simulations)
    assert len(rows) == len(simulated), (problem, len(rows), len(simulated))
    total = 0.0
    for m, s in zip(rows, simulated):
        assert m["observableId"] == s["observableId"] and float(m["time"]) == float(s["time"])
        o = observable[m["observableId"]]
        noise = o["noiseFormula"]
        if noise.startswith("noiseParameter1_"):
            sd = value(m["noiseParameters"], parameters)
        else:
            sd = value(noise, parameters)
        y, mu = float(m["measurement"]), float(s["simulation"])
        if o.get("observableTransformation", "lin") == "log10":
            r = (math.log10(y) - math.log10(mu)) / sd
            total += -0.5 * math.log(2 * math.pi * sd * sd) - 0.5 * r * r - math.log(y * math.log(10))
        else:
            r = (y - mu) / sd
            total += -0.5 * math.log(2 * math.pi * sd * sd) - 0.5 * r * r
    return total


if __name__ == "__main__":
    for name in PROBLEMS:
        print(f"{name}\t{llh(name):.6f}")
