"""Measures `flowcli fit` (defaults) on the multimodal test models and the shipped repressilator
against their independent references (models/multimodal/reference, models/reference): for each
model and seed, log Z ± stated error, Δ against the reference in nats and in stated errors, the
mode weights against the reference's, reliability, evaluations, wall time, and how each mode was
found (the stage and β of the search that found it, and whether annealing's draws had already
reached its basin). Writes bench/out/multimodal.json and prints a markdown table.

Usage (from the repository root, after `swift build -c release`):
    python3 bench/multimodal.py [--seeds 1-5] [--models swap,sign,...] [--extra "--variant paper"]
"""
import argparse, json, math, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOWCLI = os.path.join(ROOT, ".build/release/flowcli")


def reference(model):
    base = os.path.join(ROOT, "models/multimodal/reference")
    if model == "repressilator":
        r = json.load(open(os.path.join(ROOT, "models/reference/results.json")))
        return r["logZ"], r["logZ_quoted_uncertainty"], [1 / 3, 1 / 3, 1 / 3]
    if model.startswith("repressilator_"):
        m = json.load(open(os.path.join(base, "repressilator_variants.json")))[model]
        return m["log_evidence"], m["error"], [x["weight"] for x in m["modes"]]
    m = json.load(open(os.path.join(base, model + ".json")))
    return m["log_evidence"], 0.0, [x["weight"] for x in m["modes"]]


def model_path(model):
    return os.path.join(ROOT, "models", "repressilator.model" if model == "repressilator" else f"multimodal/{model}.model")


def mode_of(model, header):
    col = {n: i for i, n in enumerate(header)}
    if model == "swap":
        return lambda r: 0 if r[col["k1"]] < r[col["k2"]] else 1
    if model == "sign":
        return lambda r: 0 if r[col["x0"]] > 0 else 1
    a = [col["a1"], col["a2"], col["a3"]]
    return lambda r: max(range(3), key=lambda k: r[a[k]])


def read_samples(path):
    rows, header = [], None
    for line in open(path):
        if line.startswith("#"):
            continue
        parts = line.strip().split(",")
        if header is None:
            header = parts
        else:
            rows.append([float(x) for x in parts])
    return header, rows


def run(model, seed, extra, outdir):
    out = os.path.join(outdir, f"{model}_{seed}")
    t0 = time.time()
    p = subprocess.run([FLOWCLI, "fit", model_path(model), "--seed", str(seed), "--output", out, "--quiet"] + extra,
                       capture_output=True, text=True)
    wall = time.time() - t0
    s = json.load(open(os.path.join(out, "summary.json")))
    header, rows = read_samples(os.path.join(out, "samples.csv"))
    z_ref, z_ref_err, w_ref = reference(model)
    lw = [r[header.index("log_weight")] for r in rows]
    top = max(lw)
    w = [math.exp(x - top) for x in lw]
    tot = sum(w)
    f = mode_of(model, header)
    weights = [0.0] * len(w_ref)
    for r, wi in zip(rows, w):
        weights[f(r)] += wi / tot
    z, se = s.get("log_evidence"), s.get("log_evidence_error")
    delta = None if z is None else z - z_ref
    found = []
    for m in s.get("modes", []):
        for fb in m.get("found_by", []):
            d = fb["discovery"]
            found.append(dict(population=fb["population"], stage=d["stage"] + 1, beta=d["beta"],
                              pool_share_before=d["pool_share_before"], weight=m["weight"],
                              relabelling=d.get("by_relabelling", False), shared_from=d.get("shared_from")))
    return dict(model=model, seed=seed, exit=p.returncode, log_z=z, error=se, reference=z_ref, reference_error=z_ref_err,
                delta=delta, sigmas=None if delta is None or not se else delta / se,
                reliable=s.get("log_evidence_reliable"), weights=weights, reference_weights=w_ref,
                max_weight_error=max(abs(a - b) for a, b in zip(weights, w_ref)),
                evaluations=s.get("likelihood_evaluations"), wall_seconds=wall, status=s.get("status", {}).get("state"),
                modes_reported=len(s.get("modes", [])), found=found,
                modes_found_by_one_population=s.get("diagnostics", {}).get("modes_found_by_one_population"),
                unseen_modes_estimate=s.get("diagnostics", {}).get("unseen_modes_estimate"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1-5")
    ap.add_argument("--models", default="swap,sign,repressilator_perturbed,repressilator_tilted,repressilator")
    ap.add_argument("--extra", default="")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/out/multimodal.json"))
    a = ap.parse_args()
    lo, hi = (int(x) for x in a.seeds.split("-")) if "-" in a.seeds else (int(a.seeds), int(a.seeds))
    extra = a.extra.split()
    outdir = os.path.join(ROOT, "runs/bench-multimodal")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    results = json.load(open(a.out)) if os.path.exists(a.out) else []
    for model in a.models.split(","):
        for seed in range(lo, hi + 1):
            r = run(model, seed, extra, outdir)
            r["extra"] = a.extra
            results = [x for x in results if not (x["model"] == model and x["seed"] == seed and x.get("extra", "") == a.extra)]
            results.append(r)
            json.dump(results, open(a.out, "w"), indent=1)
            print(f"| {model} | {seed} | {r['log_z']:.4f} ± {r['error']:.4f} | {r['delta']:+.4f} | {r['sigmas']:+.2f} | "
                  f"{'yes' if r['reliable'] else 'no'} | {' / '.join(f'{x:.3f}' for x in r['weights'])} | "
                  f"{r['max_weight_error']:.3f} | {r['evaluations']} | {r['wall_seconds']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
