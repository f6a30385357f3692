import Foundation
import Inference

/// The short human summary `fit` prints on stdout (the full record is the
/// run directory's `summary.json`).
enum FitSummary {
    static func text(_ r: InferenceResult, context: RunContext, budget: Budget, output: String) -> String {
        let e = r.evidence
        var lines: [String] = []
        lines.append("model: \(context.modelName) (\(context.modelFile)); data: \(context.dataFile ?? "none")")
        lines.append("backend: \(r.backend), seed \(r.seed), threads \(context.threads)"
                     + budgetText(budget))
        lines.append("solver: Dormand-Prince 5(4), rtol \(context.relativeTolerance), atol \(context.absoluteTolerance), max steps \(context.maxSteps)")
        lines.append("status: \(r.status)")
        let flag = e.reliable ? "reliable" : "UNRELIABLE"
        var z = String(format: "log Z = %.4f ± %.4f", e.logEvidence, e.standardError) + " (\(e.method), \(flag))"
        if let note = e.note { z += ": \(note)" }
        lines.append(z)
        lines.append(String(format: "ESS: %.1f of %d weighted samples", r.samplesESS, r.samples.count))
        let failures = r.ledger.failures.sorted.map { "\($0.reason) \($0.count)" }
        lines.append("likelihood evaluations: \(r.ledger.evaluations); failed solves: \(r.ledger.failedEvaluations)"
                     + (failures.isEmpty ? "" : " (\(failures.joined(separator: ", ")))"))
        lines.append(String(format: "time: %.1f s wall, %.1f s in likelihoods; %d stages", r.wallSeconds,
                            r.ledger.likelihoodSeconds, r.trace.count))
        lines.append("")
        if !r.status.reachedPosterior {
            lines.append("(β never reached 1: the quantiles below are of a tempered distribution, not the posterior)")
        }
        lines += parameterTable(r.samples)
        lines += modeTable(r.modes, names: r.samples.parameterNames)
        for w in r.warnings { lines.append("warning: \(w)") }
        lines.append("")
        lines.append("wrote \(output)/summary.json, \(output)/samples.csv, \(output)/trace.csv")
        return lines.joined(separator: "\n")
    }

    /// The modes, heaviest first: weight ± s.e., location, and which population found each (stage, β).
    static func modeTable(_ modes: [ModeSummary], names: [String]) -> [String] {
        guard !modes.isEmpty else { return [] }
        var lines = ["", "modes (weight ± s.e.; found by population at stage, β):"]
        for (k, m) in modes.enumerated() {
            let location = zip(names, m.center).map { "\($0)=\(String(format: "%.4g", $1))" }.joined(separator: " ")
            let found = m.foundBy.map { f in
                "p\(f.population) stage \(f.discovery.stage + 1) β=\(String(format: "%.3g", f.discovery.beta))"
                    + (f.discovery.byRelabelling ? " (relabelling)" : "")
                    + String(format: " own %.3f", f.populationWeight)
            }.joined(separator: "; ")
            lines.append(String(format: "  %d: %.3f ± %.3f  ", k + 1, m.weight, m.weightError) + location)
            lines.append("     found by " + (found.isEmpty ? "none" : found))
        }
        return lines
    }

    private static func budgetText(_ b: Budget) -> String {
        var parts: [String] = []
        if let n = b.maxEvaluations { parts.append("max \(n) evaluations") }
        if let s = b.maxSeconds { parts.append("max \(formatNumber(s)) s") }
        return parts.isEmpty ? "" : "; budget " + parts.joined(separator: ", ")
    }

    /// Median and 90% interval (5% and 95% weighted quantiles) per parameter.
    static func parameterTable(_ samples: WeightedSamples) -> [String] {
        let summaries = samples.summaries()
        let width = max(9, summaries.map(\.name.count).max() ?? 0)
        func pad(_ s: String) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }
        func num(_ x: Double) -> String {
            let s = String(format: "%.5g", x)
            return String(repeating: " ", count: max(0, 12 - s.count)) + s
        }
        var lines = [pad("parameter") + "      median          5%         95%"]
        for s in summaries {
            let q = s.quantiles
            lines.append(pad(s.name) + num(q[2]) + num(q[0]) + num(q[4]))
        }
        return lines
    }
}
