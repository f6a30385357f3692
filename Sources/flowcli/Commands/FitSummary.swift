import Foundation
import Inference

/// The short human summary `fit` prints on stdout, from the run document
/// (whose whole record is the run directory's `summary.json`).
enum FitSummary {
    static func text(_ d: RunDocument, output: String) -> String {
        let f = NumberFormat.plain
        var lines: [String] = []
        lines.append("model: \(d.model) (\(d.modelFile)); data: \(d.dataFile ?? "none")")
        lines.append("backend: \(d.backend), seed \(d.seed), threads \(d.threads)" + budgetText(d.budget))
        lines.append("solver: \(d.solver.text)")
        lines.append("status: \(d.status.message)")
        if let z = d.logEvidence {
            let flag = d.logEvidenceReliable ? "reliable" : "UNRELIABLE"
            var line = "log Z = \(f.fixed(z, 4)) ± \(f.fixed(d.logEvidenceError, 4)) (\(d.logEvidenceMethod), \(flag))"
            if let note = d.estimators.first(where: { $0.method == d.logEvidenceMethod })?.note { line += ": \(note)" }
            lines.append(line)
        } else {
            lines.append("log Z: none (\(d.logEvidenceMethod): the run did not reach the posterior, so there is no evidence estimate)")
        }
        for check in d.logEvidenceFailedChecks where check.rule != .reachedPosterior {
            lines.append("  failed check \(check.rule.rawValue): \(check.message)")
        }
        lines.append("ESS: \(f.fixed(d.effectiveSampleSize, 1)) of \(d.samples) weighted samples; "
                     + "\(d.equalWeightSamples) equal-weight draws")
        lines.append("likelihood evaluations: \(d.likelihoodEvaluations); failed solves: \(d.failedSolvesTotal)"
                     + (d.failedSolvesTotal == 0 ? "" : " (\(d.failedSolves))"))
        lines.append("time: \(f.fixed(d.wallSeconds, 1)) s wall, \(f.fixed(d.likelihoodSeconds, 1)) s in likelihoods; "
                     + counted(d.stages.count, "stage"))
        lines.append("")
        if !d.status.reachedPosterior {
            lines.append("(β never reached 1: the quantiles below are of a tempered distribution, not the posterior)")
        }
        lines += parameterTable(d.parameters)
        lines += modeTable(d.modes ?? [], names: d.parameters.names, outside: d.weightOutsideFoundModes)
        for w in d.warnings { lines.append("warning: \(w)") }
        lines.append("")
        lines.append("wrote " + RunWriter.files.map { "\(output)/\($0)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// The modes, heaviest first: weight ± s.e., location, and which population
    /// found each (stage, β); with `outside`, a last line saying how much of the
    /// weight lies beyond every listed mode's basin (the table credits every
    /// sample to its nearest listed mode, so its weights include that mass).
    static func modeTable(_ modes: [RunDocument.Mode], names: [String], outside: Double? = nil) -> [String] {
        guard !modes.isEmpty else { return [] }
        let f = NumberFormat.plain
        var lines = ["", "modes (weight ± s.e.; found by population at stage, β):"]
        for (k, m) in modes.enumerated() {
            let location = zip(names, m.center).map { "\($0)=\($1.map { String(format: "%.4g", $0) } ?? NumberFormat.missing)" }
                .joined(separator: " ")
            let found = m.foundBy.map { finding in
                "p\(finding.population) stage \(finding.discovery.stage + 1) β=\(f.short(finding.discovery.beta, 3))"
                    + (finding.discovery.byRelabelling ? " (relabelling)" : "")
                    + (finding.discovery.fromGuess == true ? " (from --guess only)" : "")
                    + (finding.discovery.sharedFrom.map { " (shared by p\($0))" } ?? "")
                    + " own \(f.fixed(finding.populationWeight, 3))"
            }.joined(separator: "; ")
            lines.append("  \(k + 1): \(f.fixed(m.weight, 3)) ± \(f.fixed(m.weightError, 3))  " + location)
            lines.append("     found by " + (found.isEmpty ? "none" : found))
        }
        if let outside {
            lines.append("  weight outside every listed mode's basin: \(f.fixed(outside, 3))"
                         + " (credited above to the nearest listed mode)")
        }
        return lines
    }

    private static func budgetText(_ b: RunDocument.Limits) -> String {
        var parts: [String] = []
        if let n = b.maxEvaluations { parts.append("max \(n) evaluations") }
        if let s = b.maxSeconds { parts.append("max \(formatNumber(s)) s") }
        return parts.isEmpty ? "" : "; budget " + parts.joined(separator: ", ")
    }

    /// Median and 90% interval (5% and 95% weighted quantiles) per parameter; `–` where there is none.
    static func parameterTable(_ parameters: RunDocument.Parameters) -> [String] {
        let width = max(9, parameters.names.map(\.count).max() ?? 0)
        func pad(_ s: String) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }
        func num(_ x: Double?) -> String {
            let s = x.map { String(format: "%.5g", $0) } ?? NumberFormat.missing
            return String(repeating: " ", count: max(0, 12 - s.count)) + s
        }
        let levels = RunDocument.Stats.levels
        let lower = levels.firstIndex(of: 0.05) ?? 0, upper = levels.firstIndex(of: 0.95) ?? levels.count - 1
        var lines = [pad("parameter") + "      median          5%         95%"]
        for e in parameters.entries {
            lines.append(pad(e.name) + num(e.stats.median) + num(e.stats.quantiles[lower]) + num(e.stats.quantiles[upper]))
        }
        return lines
    }
}
