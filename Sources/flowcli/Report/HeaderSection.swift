/// Section 1: what was run and how it ended — model, backend, status,
/// log Ẑ ± error (estimator, reliability), evaluations, time, solver
/// tolerances, warnings. A compare directory gets one table row per run.
enum HeaderSection {
    static func html(_ input: ReportInput, styles: [RunStyle]) -> String {
        input.isCompare ? compare(input, styles: styles) : single(input.runs[0], directory: input.directory)
    }

    static func single(_ run: ReportRun, directory: String) -> String {
        let s = run.summary
        var body = "<div class=\"evidence\">log Ẑ = \(HTML.escape(TextFormat.estimate(s.logEvidence, s.logEvidenceError)))"
            + " \(statusBadge(s)) \(reliabilityBadge(s.logEvidenceReliable))</div>\n"
        body += "<p class=\"caption\">estimator: \(HTML.escape(s.logEvidenceMethod ?? TextFormat.missing))"
            + (s.statusMessage.map { " · " + HTML.escape($0) } ?? "") + "</p>\n"
        var facts: [(String, String)] = [
            ("model", s.model ?? TextFormat.missing),
            ("model file", s.modelFile ?? TextFormat.missing),
            ("data file", s.dataFile ?? "none"),
            ("run directory", directory),
            ("backend", s.backend ?? run.label),
            ("seed", s.seed ?? TextFormat.missing),
            ("evaluations", TextFormat.count(s.evaluations)),
            ("failed solves", failed(s)),
            ("wall time", TextFormat.seconds(s.wallSeconds)),
            ("samples", TextFormat.count(s.sampleCount ?? run.samples?.count)),
            ("ESS", TextFormat.fixed(s.effectiveSampleSize ?? run.samples?.effectiveSampleSize, 1)),
            ("solver", solver(s)),
        ]
        if let t = s.threads { facts.append(("threads", String(t))) }
        body += "<dl class=\"facts\">\n" + facts.map { "<div><dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd></div>" }
            .joined(separator: "\n") + "\n</dl>\n"
        if s.estimators.count > 1 { body += estimators(s) }
        if !s.settings.isEmpty {
            body += "<details><summary>settings</summary><dl class=\"facts\">"
                + s.settings.map { "<div><dt>\(HTML.escape($0.name))</dt><dd>\(HTML.escape($0.value))</dd></div>" }.joined()
                + "</dl></details>\n"
        }
        body += warnings(s.warnings.map { ($0, nil) })
        return ReportPage.section("Run", id: "run", body)
    }

    static func compare(_ input: ReportInput, styles: [RunStyle]) -> String {
        let first = input.runs[0].summary
        var body = "<dl class=\"facts\">\n"
        let models = Set(input.runs.compactMap { $0.summary.model })
        for (k, v) in [("model", models.sorted().joined(separator: ", ")), ("model file", first.modelFile ?? TextFormat.missing),
                       ("data file", first.dataFile ?? "none"), ("compare directory", input.directory)]
                       + (Set(input.runs.map { solver($0.summary) }).count == 1 ? [("solver", solver(first))] : []) + input.compareFields.map({ ($0.key, $0.value) }) {
            body += "<div><dt>\(HTML.escape(k))</dt><dd>\(HTML.escape(v))</dd></div>\n"
        }
        body += "</dl>\n"
        if models.count > 1 { body += ReportPage.note("The runs are of different models; their evidences are not comparable.") }
        let solvers = Set(input.runs.map { solver($0.summary) })
        let solverColumn = solvers.count > 1
        if solverColumn { body += ReportPage.note("The runs used different solver settings (see the table).") }
        body += "<table><tr><th class=\"name\">run</th><th class=\"name\">backend</th><th class=\"name\">status</th>"
            + "<th>log Ẑ ± error</th><th class=\"name\">estimator</th><th class=\"name\">reliable</th><th>evaluations</th>"
            + "<th>failed</th><th>time</th><th>ESS</th>" + (solverColumn ? "<th class=\"name\">solver</th>" : "") + "</tr>\n"
        for (run, style) in zip(input.runs, styles) {
            let s = run.summary
            body += "<tr><td class=\"name\"><span class=\"swatch\" style=\"background:\(style.color)\"></span>\(HTML.escape(run.label))</td>"
                + "<td class=\"name\">\(HTML.escape(s.backend ?? TextFormat.missing))</td><td class=\"name\">\(statusBadge(s))</td>"
                + "<td>\(HTML.escape(TextFormat.estimate(s.logEvidence, s.logEvidenceError)))</td>"
                + "<td class=\"name\">\(HTML.escape(s.logEvidenceMethod ?? TextFormat.missing))</td>"
                + "<td class=\"name\">\(reliabilityBadge(s.logEvidenceReliable))</td>"
                + "<td>\(TextFormat.count(s.evaluations))</td><td>\(HTML.escape(failed(s)))</td>"
                + "<td>\(TextFormat.seconds(s.wallSeconds))</td>"
                + "<td>\(TextFormat.fixed(s.effectiveSampleSize ?? run.samples?.effectiveSampleSize, 0))</td>"
                + (solverColumn ? "<td class=\"name\">\(HTML.escape(solver(s)))</td>" : "") + "</tr>\n"
        }
        body += "</table>\n"
        body += warnings(input.runs.flatMap { run in run.summary.warnings.map { ($0, run.label) } })
        return ReportPage.section("Runs", id: "run", body)
    }

    static func statusBadge(_ s: RunSummary) -> String {
        let state = s.statusState ?? "unknown"
        let kind: String
        switch state {
        case "converged": kind = "ok"
        case "budget_exhausted": kind = "warn"
        case "stalled": kind = "bad"
        default: kind = "neutral"
        }
        return "<span class=\"badge \(kind)\">\(HTML.escape(state.replacingOccurrences(of: "_", with: " ")))</span>"
    }

    static func reliabilityBadge(_ reliable: Bool?) -> String {
        guard let reliable else { return "" }
        return reliable ? "<span class=\"badge ok\">reliable</span>" : "<span class=\"badge bad\">unreliable</span>"
    }

    static func solver(_ s: RunSummary) -> String {
        "\(SolverFlags.method(recorded: s.solverMethod)?.rawValue ?? s.solverMethod ?? TextFormat.missing)"
            + " rtol \(s.relativeTolerance.map { AxisScale.format($0) } ?? TextFormat.missing)"
            + ", atol \(s.absoluteTolerance.map { AxisScale.format($0) } ?? TextFormat.missing)"
            + ", max steps \(TextFormat.count(s.maxSteps))"
    }

    static func failed(_ s: RunSummary) -> String {
        let total = TextFormat.count(s.failedSolvesTotal ?? s.failedSolves.reduce(0) { $0 + $1.count })
        guard !s.failedSolves.isEmpty else { return total }
        return total + " (" + s.failedSolves.map { "\($0.reason): \($0.count)" }.joined(separator: ", ") + ")"
    }

    static func estimators(_ s: RunSummary) -> String {
        var t = "<h3>Evidence estimators</h3>\n<table><tr><th class=\"name\">method</th><th>log Ẑ</th><th>± error</th>"
            + "<th class=\"name\">reliable</th><th>ESS</th><th class=\"name\">note</th></tr>\n"
        for e in s.estimators {
            t += "<tr><td class=\"name\">\(HTML.escape(e.method))</td><td>\(TextFormat.fixed(e.logEvidence, 3))</td>"
                + "<td>\(TextFormat.fixed(e.standardError, 3))</td><td class=\"name\">\(reliabilityBadge(e.reliable))</td>"
                + "<td>\(TextFormat.fixed(e.effectiveSampleSize, 0))</td><td class=\"name\">\(HTML.escape(e.note ?? ""))</td></tr>\n"
        }
        return t + "</table>\n"
    }

    static func warnings(_ items: [(String, String?)]) -> String {
        guard !items.isEmpty else { return "" }
        return "<div class=\"warnings\"><strong>Warnings</strong><ul>\n"
            + items.map { "<li>" + ($0.1.map { "<b>\(HTML.escape($0))</b>: " } ?? "") + HTML.escape($0.0) + "</li>" }
                .joined(separator: "\n") + "\n</ul></div>\n"
    }
}
