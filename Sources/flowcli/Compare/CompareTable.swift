import Foundation

/// The text `compare` prints on stdout: one row per run (evidence, cost and
/// when the estimate settled), with repeats a per-backend block (spread over
/// repeats and calibration), and each parameter's posterior mean ± sd per
/// backend (first run).
enum CompareTable {
    static func text(plan: ComparePlan, runs: [CompareRun]) -> String {
        let backends = BackendComparison.group(runs, backends: plan.backends)
        let tol = formatNumber(plan.tolerance)
        var lines: [String] = []
        var budget: [String] = []
        if let n = plan.maxEvaluations { budget.append("max \(n) evaluations") }
        if let s = plan.maxSeconds { budget.append("max \(formatNumber(s)) s") }
        let seeds = plan.repeats == 1 ? "seed \(plan.firstSeed)" : "seeds \(plan.firstSeed)…\(plan.seed(repeat: plan.repeats))"
        lines.append("compare: \(plan.modelName) (\(plan.modelFile)); \(plan.backends.count) backends × \(counted(plan.repeats, "run")), \(seeds), \(counted(plan.threads, "thread")); budget per run: \(budget.isEmpty ? "none" : budget.joined(separator: ", "))")
        lines.append("evals→\(tol), s→\(tol): cost until the running log Ẑ stayed within \(tol) nats of the run's final value")
        lines.append("")

        var head = ["backend", "run", "seed", "status", "log Ẑ ± error"]
        if plan.reference != nil { head.append("Δ ref") }
        head += ["evals", "seconds", "evals→\(tol)", "s→\(tol)"]
        var rows = [head]
        for r in runs {
            var row = [r.backend, String(r.repeatIndex), String(r.seed), r.state + (r.reliable ? "" : " (unreliable: \(r.failedRules.joined(separator: ", ")))"),
                       pm(r.logEvidence, r.logEvidenceError)]
            if let ref = plan.reference { row.append(r.hasEstimate ? signed(r.logEvidence - ref) : "–") }
            row += [String(r.evaluations), fixed(r.seconds, 1),
                    r.settledEvaluations.map(String.init) ?? "–", r.settledSeconds.map { fixed($0, 1) } ?? "–"]
            rows.append(row)
        }
        lines += aligned(rows, rightFrom: 4)

        if plan.repeats >= 2 {
            lines.append("")
            var rows = [["backend", "log Ẑ ± error (run 1)", "mean ± sd over runs", "mean error", "sd/error",
                         "median evals→\(tol)"]]
            for b in backends {
                let spread = b.meanLogEvidence.map { m in pm(m, b.sdLogEvidence ?? .nan) + " (\(b.estimated.count))" } ?? "–"
                rows.append([b.backend, b.first.map { pm($0.logEvidence, $0.logEvidenceError) } ?? "–", spread,
                             b.meanStatedError.map { fixed($0, 4) } ?? "–", b.calibrationRatio.map { fixed($0, 2) } ?? "–",
                             b.medianSettledEvaluations.map { String(Int($0.rounded())) } ?? "–"])
            }
            lines += aligned(rows, rightFrom: 1)
            lines.append("sd/error = sd(log Ẑ over runs) / mean(stated error): ≈ 1 honest error bars, > 1 overconfident, < 1 conservative")
        }

        lines.append("")
        var names: [String] = []
        for r in runs { for n in r.parameterNames where !names.contains(n) { names.append(n) } }
        let firsts = backends.map(\.first)
        var prows = [["posterior mean ± sd" + (plan.repeats > 1 ? " (run 1)" : "")] + plan.backends]
        for n in names {
            prows.append([n] + firsts.map { r in
                guard let r, let j = r.parameterNames.firstIndex(of: n) else { return "–" }
                return String(format: "%.5g ± %.3g", r.means[j], r.sds[j])
            })
        }
        lines += aligned(prows, rightFrom: 1)
        return lines.joined(separator: "\n")
    }

    /// `-107.9712 ± 0.0080`; non-finite parts as `nan`/`-inf`.
    static func pm(_ x: Double, _ e: Double) -> String {
        "\(fixed(x, 4)) ± \(fixed(e, 4))"
    }

    static func fixed(_ x: Double, _ digits: Int) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : formatNumber(x)
    }

    static func signed(_ x: Double) -> String { String(format: "%+.4f", x) }

    /// Columns padded to their widest cell (by characters); columns from
    /// `rightFrom` on right-aligned.
    static func aligned(_ rows: [[String]], rightFrom: Int) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var width = [Int](repeating: 0, count: columns)
        for row in rows { for (j, cell) in row.enumerated() { width[j] = max(width[j], cell.count) } }
        return rows.map { row in
            row.enumerated().map { j, cell in
                let pad = String(repeating: " ", count: width[j] - cell.count)
                return j >= rightFrom ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }
}
