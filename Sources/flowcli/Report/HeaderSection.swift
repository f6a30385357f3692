import Inference
import ODE

/// Section 1: what was run and how it ended — model, backend, status,
/// log Ẑ ± error (estimator, reliability and the checks it failed),
/// evaluations, time, solver tolerances, warnings. A compare directory gets
/// one table row per run.
enum HeaderSection {
    static let f = NumberFormat.page

    static func html(_ input: ReportInput, styles: [RunStyle]) -> String {
        input.isCompare ? compare(input, styles: styles) : single(input.runs[0], directory: input.directory)
    }

    static func single(_ run: ReportRun, directory: String) -> String {
        let s = run.summary
        var body = "<div class=\"evidence\">log Ẑ = \(HTML.escape(f.estimate(s.logEvidence, s.logEvidenceError)))"
            + " \(statusBadge(s.status)) \(reliabilityBadge(s))</div>\n"
        body += "<p class=\"caption\">estimator: \(HTML.escape(s.logEvidenceMethod.identifier)) · \(HTML.escape(s.status.message))</p>\n"
        body += failedChecks(s.logEvidenceFailedChecks)
        let facts: [(String, String)] = [
            ("model", s.model),
            ("model file", s.modelFile),
            ("data file", s.dataFile ?? "none"),
            ("run directory", directory),
            ("backend", s.backend),
            ("seed", s.seed),
            ("evaluations", f.count(s.likelihoodEvaluations)),
            ("failed solves", failed(s)),
            ("wall time", f.seconds(s.wallSeconds)),
            ("samples", f.count(s.samples)),
            ("ESS", f.fixed(s.effectiveSampleSize, 1)),
            ("equal-weight draws", f.count(s.equalWeightSamples)),
            ("solver", solver(s.solver)),
            ("threads", String(s.threads)),
        ]
        body += definitions(facts)
        if s.estimators.count > 1 { body += estimators(s) }
        if let modes = s.modes, !modes.isEmpty {
            body += modeTable(modes, names: run.parameterNames)
            if let outside = s.weightOutsideFoundModes {
                body += "<p>Weight outside every listed mode's basin: \(f.fixed(outside, 3)) (credited in the table to the nearest listed mode).</p>\n"
            }
        }
        let settings = flatten(s.settings)
        if !settings.isEmpty {
            body += "<details><summary>settings</summary>" + definitions(settings) + "</details>\n"
        }
        let diagnostics = flatten(s.diagnostics)
        if !diagnostics.isEmpty {
            body += "<details><summary>diagnostics</summary>" + definitions(diagnostics) + "</details>\n"
        }
        body += warnings(s.warnings.map { ($0, nil) })
        return ReportPage.section("Run", id: "run", body)
    }

    static func compare(_ input: ReportInput, styles: [RunStyle]) -> String {
        let first = input.runs[0].summary
        let models = Set(input.runs.map(\.summary.model))
        let solvers = Set(input.runs.map { solver($0.summary.solver) })
        var facts: [(String, String)] = [("model", models.sorted().joined(separator: ", ")), ("model file", first.modelFile),
                                         ("data file", first.dataFile ?? "none"), ("compare directory", input.directory)]
        if solvers.count == 1 { facts.append(("solver", solver(first.solver))) }
        facts += input.comparison?.facts.map { ($0.label, $0.value) } ?? []
        var body = definitions(facts)
        if models.count > 1 { body += ReportPage.note("The runs are of different models; their evidences are not comparable.") }
        let solverColumn = solvers.count > 1
        if solverColumn { body += ReportPage.note("The runs used different solver settings (see the table).") }
        body += "<table><tr><th class=\"name\">run</th><th class=\"name\">backend</th><th class=\"name\">status</th>"
            + "<th>log Ẑ ± error</th><th class=\"name\">estimator</th><th class=\"name\">reliable</th><th>evaluations</th>"
            + "<th>failed</th><th>time</th><th>ESS</th>" + (solverColumn ? "<th class=\"name\">solver</th>" : "") + "</tr>\n"
        for (run, style) in zip(input.runs, styles) {
            let s = run.summary
            body += "<tr><td class=\"name\"><span class=\"swatch\" style=\"background:\(style.color)\"></span>\(HTML.escape(run.label))</td>"
                + "<td class=\"name\">\(HTML.escape(s.backend))</td><td class=\"name\">\(statusBadge(s.status))</td>"
                + "<td>\(HTML.escape(f.estimate(s.logEvidence, s.logEvidenceError)))</td>"
                + "<td class=\"name\">\(HTML.escape(s.logEvidenceMethod.identifier))</td>"
                + "<td class=\"name\">\(reliabilityBadge(s))</td>"
                + "<td>\(f.count(s.likelihoodEvaluations))</td><td>\(HTML.escape(failed(s)))</td>"
                + "<td>\(f.seconds(s.wallSeconds))</td>"
                + "<td>\(f.fixed(s.effectiveSampleSize, 0))</td>"
                + (solverColumn ? "<td class=\"name\">\(HTML.escape(solver(s.solver)))</td>" : "") + "</tr>\n"
        }
        body += "</table>\n"
        body += warnings(input.runs.flatMap { run in run.summary.warnings.map { ($0, run.label) } })
        return ReportPage.section("Runs", id: "run", body)
    }

    static func definitions(_ items: [(String, String)]) -> String {
        "<dl class=\"facts\">\n" + items.map { "<div><dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd></div>" }
            .joined(separator: "\n") + "\n</dl>\n"
    }

    static func statusBadge(_ status: RunDocument.Status) -> String {
        let kind: String
        switch status.state {
        case .converged: kind = "ok"
        case .budgetExhausted, .notConverged: kind = "warn"
        case .stalled, .interrupted: kind = "bad"
        }
        return "<span class=\"badge \(kind)\">\(HTML.escape(status.state.rawValue.replacingOccurrences(of: "_", with: " ")))</span>"
    }

    /// No badge when the run has no estimate (the status says why).
    static func reliabilityBadge(_ s: RunDocument) -> String {
        guard s.logEvidence != nil else { return "" }
        return s.logEvidenceReliable ? "<span class=\"badge ok\">reliable</span>" : "<span class=\"badge bad\">unreliable</span>"
    }

    static func failedChecks(_ checks: [ReliabilityCheck]) -> String {
        guard !checks.isEmpty else { return "" }
        return "<ul class=\"checks\">" + checks.map {
            "<li><b>\(HTML.escape($0.rule.rawValue.replacingOccurrences(of: "_", with: " ")))</b>: \(HTML.escape($0.message))</li>"
        }.joined() + "</ul>\n"
    }

    static func solver(_ s: RunDocument.Solver) -> String {
        let name = s.choice == .dopri5 ? "DP5(4)" : s.choice?.rawValue ?? s.method
        return "\(name) rtol \(f.short(s.rtol)), atol \(f.short(s.atol)), max steps \(f.count(s.maxSteps))"
    }

    static func failed(_ s: RunDocument) -> String {
        let total = f.count(s.failedSolvesTotal)
        let reasons = s.failedSolves.sorted
        guard !reasons.isEmpty else { return total }
        return total + " (" + reasons.map { "\($0.reason): \($0.count)" }.joined(separator: ", ") + ")"
    }

    static func estimators(_ s: RunDocument) -> String {
        var t = "<h3>Evidence estimators</h3>\n<table><tr><th class=\"name\">method</th><th>log Ẑ</th><th>± error</th>"
            + "<th class=\"name\">reliable</th><th>ESS</th><th class=\"name\">note</th></tr>\n"
        for e in s.estimators {
            let reliable = e.logEvidence == nil ? ""
                : (e.reliable ? "<span class=\"badge ok\">reliable</span>" : "<span class=\"badge bad\">unreliable</span>")
            let note = ([e.note].compactMap { $0 } + e.failedChecks.filter { $0.rule != .reachedPosterior }.map(\.message))
                .joined(separator: "; ")
            t += "<tr><td class=\"name\">\(HTML.escape(e.method.identifier))</td><td>\(f.fixed(e.logEvidence, 3))</td>"
                + "<td>\(f.fixed(e.standardError, 3))</td><td class=\"name\">\(reliable)</td>"
                + "<td>\(f.fixed(e.ess, 0))</td><td class=\"name\">\(HTML.escape(note))</td></tr>\n"
        }
        return t + "</table>\n"
    }

    /// The modes, heaviest first: weight ± error, location, and who found each when.
    static func modeTable(_ modes: [RunDocument.Mode], names: [String]) -> String {
        var t = "<h3>Modes</h3>\n<table><tr><th class=\"name\">mode</th><th>weight ± error</th>"
            + "<th class=\"name\">location</th><th class=\"name\">found by</th></tr>\n"
        for (k, m) in modes.enumerated() {
            let location = zip(names, m.center).map { "\($0) = \(f.significant($1))" }.joined(separator: ", ")
            let found = m.foundBy.map { "population \($0.population), stage \($0.discovery.stage + 1), β = \(f.short($0.discovery.beta, 3))"
                + ($0.discovery.byRelabelling ? " (relabelling)" : "")
                + ($0.discovery.fromGuess == true ? " (from the user's guess only)" : "")
                + ($0.discovery.sharedFrom.map { " (shared by population \($0))" } ?? "") }.joined(separator: "; ")
            t += "<tr><td class=\"name\">\(k + 1)</td><td>\(HTML.escape(f.estimate(m.weight, m.weightError)))</td>"
                + "<td class=\"name\">\(HTML.escape(location))</td><td class=\"name\">\(HTML.escape(found))</td></tr>\n"
        }
        return t + "</table>\n"
    }

    static func warnings(_ items: [(String, String?)]) -> String {
        guard !items.isEmpty else { return "" }
        return "<div class=\"warnings\"><strong>Warnings</strong><ul>\n"
            + items.map { "<li>" + ($0.1.map { "<b>\(HTML.escape($0))</b>: " } ?? "") + HTML.escape($0.0) + "</li>" }
                .joined(separator: "\n") + "\n</ul></div>\n"
    }

    /// A nested value as `path = value` pairs in key order (`schedule.samples_per_stage` = `2000`).
    static func flatten(_ value: JSONValue, prefix: String = "") -> [(String, String)] {
        switch value {
        case .object(let members):
            return members.sorted { $0.key < $1.key }.flatMap { flatten($0.value, prefix: prefix.isEmpty ? $0.key : prefix + "." + $0.key) }
        case .array(let items):
            if items.isEmpty { return prefix.isEmpty ? [] : [(prefix, "none")] }
            return items.enumerated().flatMap { flatten($0.element, prefix: "\(prefix)[\($0.offset + 1)]") }
        case .null: return prefix.isEmpty ? [] : [(prefix, "none")]
        case .bool(let b): return [(prefix, b ? "true" : "false")]
        case .int(let i): return [(prefix, String(i))]
        case .number(let x): return [(prefix, NumberFormat.roundTrip(x))]
        case .string(let s): return [(prefix, s)]
        }
    }
}
