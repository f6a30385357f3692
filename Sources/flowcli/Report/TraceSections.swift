import Foundation

/// Sections 3 and 4 from `trace.csv`: the annealing schedule (β and ESS per
/// stage) and the running log Ẑ ± error against likelihood evaluations, all
/// runs of a comparison on the same charts.
enum TraceSections {
    /// The x range of the evidence chart: the evaluations at which there is
    /// an estimate (running or final), padded by 5% of their span on each
    /// side — not from 0, and not the stages before the first estimate, which
    /// would squeeze the estimates into the right edge. Logarithmic when they
    /// span more than a factor 30.
    static func evaluationRange(_ evaluations: [Double]) -> (range: ClosedRange<Double>, isLog: Bool)? {
        let xs = evaluations.filter { $0.isFinite && $0 > 0 }
        guard let a = xs.min(), let b = xs.max() else { return nil }
        if b / a > 30 { return ((a / 1.15)...(b * 1.15), true) }
        let pad = b > a ? 0.05 * (b - a) : 0.1 * b
        return (max(0, a - pad)...(b + pad), false)
    }

    static func schedule(_ runs: [ReportRun], styles: [RunStyle], width: Double) -> String {
        let traced = zip(runs, styles).filter { !($0.0.trace?.rows.isEmpty ?? true) }
        guard !traced.isEmpty else {
            return ReportPage.section("Annealing schedule", id: "schedule", ReportPage.note("No trace rows to plot."))
        }
        let legend = runs.count > 1
        let positive = traced.flatMap { $0.0.trace?.rows.map(\.beta) ?? [] }.filter { $0 > 0 && $0.isFinite }
        let logBeta = (positive.min() ?? 1) < 0.01
        var beta = LineChart(title: "Inverse temperature β", xLabel: "stage", yLabel: logBeta ? "β (log)" : "β")
        beta.yLog = logBeta
        beta.xInteger = true
        var ess = LineChart(title: "Effective sample size per stage", xLabel: "stage", yLabel: "ESS / samples")
        ess.yRange = 0...1
        ess.xInteger = true
        for (run, style) in traced {
            let rows = run.trace?.rows ?? []
            let markers = rows.count <= 80
            let betas = rows.filter { $0.stage.isFinite && $0.beta.isFinite && (!logBeta || $0.beta > 0) }.map { ($0.stage, $0.beta) }
            let esses = rows.filter { $0.stage.isFinite && $0.essFraction.isFinite }.map { ($0.stage, $0.essFraction) }
            if !betas.isEmpty {
                beta.series.append(.init(label: legend ? run.label : nil, style: style, points: betas, lineWidth: 1.4, markers: markers))
            }
            if !esses.isEmpty {
                ess.series.append(.init(label: legend ? run.label : nil, style: style, points: esses, lineWidth: 1.4, markers: markers))
            }
        }
        guard !beta.series.isEmpty || !ess.series.isEmpty else {
            return ReportPage.section("Annealing schedule", id: "schedule", ReportPage.note("The trace has no finite β or ESS values."))
        }
        beta.referenceLines = [(1, "β = 1 (posterior)")]
        let w = (width - 20) / 2
        beta.width = w
        ess.width = w
        beta.height = 280
        ess.height = 280
        let caption = "β reached at each stage (log scale when it starts below 0.01; stages at β = 0 are then not shown) "
            + "and the effective sample size of that stage's weights as a fraction of their count."
        let charts = (beta.series.isEmpty ? "" : beta.render(idPrefix: "beta")) + (ess.series.isEmpty ? "" : ess.render(idPrefix: "ess"))
        return ReportPage.section("Annealing schedule", id: "schedule", caption: caption, "<div class=\"charts\">" + charts + "</div>")
    }

    static func evidence(_ runs: [ReportRun], styles: [RunStyle], width: Double) -> String {
        var chart = LineChart(title: "log Ẑ against likelihood evaluations", xLabel: "likelihood evaluations",
                              yLabel: "log Ẑ")
        var bounds: [Double] = []
        var clipped = false
        var allEvaluations: [Double] = []
        for (run, style) in zip(runs, styles) {
            let rows = (run.trace?.rows ?? []).filter { $0.logEvidence.isFinite && $0.evaluations.isFinite }
            let state = run.summary.status.state
            let label = state == .converged ? run.label : "\(run.label) (\(state.rawValue.replacingOccurrences(of: "_", with: " ")))"
            var series = LineChart.Series(label: label, style: style)
            series.points = rows.map { ($0.evaluations, $0.logEvidence) }
            series.band = rows.map { r in
                let e = r.logEvidenceError.isFinite ? r.logEvidenceError : 0
                return (r.evaluations, r.logEvidence - e, r.logEvidence + e)
            }
            series.markers = rows.count <= 60
            for (k, r) in rows.enumerated() where k >= rows.count * 2 / 5 {
                let e = r.logEvidenceError.isFinite ? r.logEvidenceError : 0
                bounds += [r.logEvidence - e, r.logEvidence + e]
            }
            allEvaluations += rows.map(\.evaluations)
            let s = run.summary
            if let z = s.logEvidence {
                let e = s.logEvidenceError ?? 0
                let n = Double(s.likelihoodEvaluations)
                series.errorBars = [(n, z, z - e, z + e)]
                bounds += [z - e, z + e]
                allEvaluations.append(n)
            }
            if series.points.isEmpty && series.errorBars.isEmpty { continue }
            chart.series.append(series)
        }
        guard !chart.series.isEmpty, let lo = bounds.min(), let hi = bounds.max() else {
            return ReportPage.section("Evidence", id: "evidence", ReportPage.note("No finite log-evidence estimate to plot."))
        }
        let span = max(hi - lo, 0.5)
        let yRange = (lo - 0.15 * span)...(hi + 0.15 * span)
        for s in chart.series where s.band.contains(where: { $0.lower < yRange.lowerBound || $0.upper > yRange.upperBound }) {
            clipped = true
        }
        chart.yRange = yRange
        if let range = evaluationRange(allEvaluations) {
            chart.xRange = range.range
            chart.xLog = range.isLog
            if range.isLog { chart.xLabel = "likelihood evaluations (log)" }
        }
        chart.width = width
        chart.height = 340
        var caption = "Running estimate of each run's log-evidence with its ±1 standard-error band (trace.csv); "
            + "squares with error bars: the final estimate of summary.json."
        if clipped { caption += " Early estimates outside the shown range are cut off." }
        return ReportPage.section("Evidence", id: "evidence", caption: caption, chart.render(idPrefix: "evidence"))
    }
}
