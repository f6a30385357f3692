#!/usr/bin/env python3
"""Are the mode weights' stated errors calibrated? (issue 10)

Reads the run directories that bench/multimodal.py leaves in runs/bench-multimodal/<model>_<seed>
(summary.json: every mode's weight ± weight_error and centre; samples.csv: the column order) and
compares each reference mode's weight — the summed weight of the reported modes that fall in it,
their errors added in quadrature — with the independent reference weight
(models/multimodal/reference, models/reference), in units of the stated error.

    python3 bench/weight_calibration.py [--runs runs/bench-multimodal]
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import multimodal as mm  # noqa: E402  (the campaign's own references and mode labels)

MODELS = ["repressilator_perturbed", "repressilator_tilted", "repressilator", "swap", "sign"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", default=os.path.join(mm.ROOT, "runs/bench-multimodal"))
    args = ap.parse_args()
    rows = []
    for model in MODELS:
        _, _, reference = mm.reference(model)
        for seed in range(1, 100):
            d = os.path.join(args.runs, f"{model}_{seed}")
            if not os.path.exists(os.path.join(d, "summary.json")):
                continue
            s = json.load(open(os.path.join(d, "summary.json")))
            header, _ = mm.read_samples(os.path.join(d, "samples.csv"))
            label = mm.mode_of(model, header)
            found = {}
            for m in s.get("modes", []):
                # The centre is in the model's parameter order, the columns after the weights.
                k = label([0.0] * (len(header) - len(m["center"])) + list(m["center"]))
                w, e = found.get(k, (0.0, 0.0))
                found[k] = (w + m["weight"], (e * e + (m.get("weight_error") or 0.0) ** 2) ** 0.5)
            for k, ref in enumerate(reference):
                w, e = found.get(k, (0.0, 0.0))
                z = abs(w - ref) / e if e > 0 else float("inf")
                rows.append((model, seed, k, w, e, ref, z))
    print("model                    seed mode  weight ± stated   reference   |Δ|/stated")
    for model, seed, k, w, e, ref, z in rows:
        flag = "  <-- |Δ| > 0.05" if abs(w - ref) > 0.05 else ""
        print(f"{model:24s} {seed:4d} {k:4d}  {w:.3f} ± {e:.3f}    {ref:.3f}      {z:5.2f}{flag}")
    z = [r[6] for r in rows]
    n = len(z)
    print(f"\n{n} mode weights: within 1 stated error {sum(x <= 1 for x in z)} ({100 * sum(x <= 1 for x in z) / n:.0f} %), "
          f"within 2 {sum(x <= 2 for x in z)} ({100 * sum(x <= 2 for x in z) / n:.0f} %), within 3 {sum(x <= 3 for x in z)}; "
          f"|Δ| > 0.05: {sum(abs(r[3] - r[5]) > 0.05 for r in rows)}")


if __name__ == "__main__":
    main()
