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
            let unreliable = r.logEvidenceReliable || !r.hasEstimate ? ""
                : " (unreliable: " + Self.distinctRules(r.logEvidenceFailedChecks.map(\.rule.rawValue)) + ")"
            var row = [r.backend, String(r.repeatIndex), r.seed, r.status.state.rawValue + unreliable,
                       pm(r.logEvidence, r.logEvidenceError)]
            if plan.reference != nil { row.append(r.distanceFromReference.map(signed) ?? NumberFormat.missing) }
            row += [String(r.likelihoodEvaluations), fixed(r.wallSeconds, 1),
                    r.evaluationsToTolerance.map(String.init) ?? NumberFormat.missing, fixed(r.secondsToTolerance, 1)]
            rows.append(row)
        }
        lines += aligned(rows, rightFrom: 4)

        if plan.repeats >= 2 {
            lines.append("")
            var rows = [["backend", "log Ẑ ± error (run 1)", "mean ± sd over runs", "mean error", "sd/error",
                         "median evals→\(tol)"]]
            for b in backends {
                let spread = b.meanLogEvidence.map { m in pm(m, b.sdLogEvidence) + " (\(b.estimated.count))" } ?? NumberFormat.missing
                rows.append([b.backend, pm(b.first?.logEvidence, b.first?.logEvidenceError), spread,
                             fixed(b.meanStatedError, 4), fixed(b.calibrationRatio, 2),
                             b.medianSettledEvaluations.map { String(Int($0.rounded())) } ?? NumberFormat.missing])
            }
            lines += aligned(rows, rightFrom: 1)
            lines.append("sd/error = sd(log Ẑ over runs) / mean(stated error): ≈ 1 honest error bars, > 1 overconfident, < 1 conservative")
        }

        lines.append("")
        var names: [String] = []
        for r in runs { for n in r.parameters.names where !names.contains(n) { names.append(n) } }
        let firsts = backends.map(\.first)
        var prows = [["posterior mean ± sd" + (plan.repeats > 1 ? " (run 1)" : "")] + plan.backends]
        for n in names {
            prows.append([n] + firsts.map { r in
                guard let stats = r?.parameters[n], let mean = stats.mean else { return NumberFormat.missing }
                return String(format: "%.5g", mean) + " ± " + (stats.sd.map { String(format: "%.3g", $0) } ?? NumberFormat.missing)
            })
        }
        lines += aligned(prows, rightFrom: 1)
        return lines.joined(separator: "\n")
    }

    /// `-107.9712 ± 0.0080`; `–` without an estimate (and for a missing error).
    static func pm(_ x: Double?, _ e: Double?) -> String {
        guard x != nil else { return NumberFormat.missing }
        return "\(fixed(x, 4)) ± \(fixed(e, 4))"
    }

    static func fixed(_ x: Double?, _ digits: Int) -> String { NumberFormat.plain.fixed(x, digits) }

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

    /// The failed rules, each once, in the order they first failed (a rule can
    /// fail for two estimates of one run, e.g. SMC's product and its importance estimate).
    static func distinctRules(_ rules: [String]) -> String {
        var seen = Set<String>()
        return rules.filter { seen.insert($0).inserted }.joined(separator: ", ")
    }
}
