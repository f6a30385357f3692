import ModelDSL
import ODE

/// Section 5: posterior-predictive bands of every observable over the data,
/// one chart per observable. Each run's bands come from its own samples.
enum PredictiveSection {
    static func html(_ runs: [ReportRun], styles: [RunStyle], loaded: LoadedModel?, modelNote: String?,
                     options: ReportOptions) -> String {
        let title = "Posterior predictive"
        guard let loaded else {
            return ReportPage.section(title, id: "predictive", ReportPage.note(modelNote ?? "No model given: no predictive bands."))
        }
        guard options.predictiveDraws > 0 else {
            return ReportPage.section(title, id: "predictive", ReportPage.note("Predictive draws set to 0: section skipped."))
        }
        var notes: [String] = []
        var computed: [(ReportRun, RunStyle, PredictiveBands)] = []
        for (run, style) in zip(runs, styles) {
            guard let samples = run.samples else { notes.append("\(run.label): no samples."); continue }
            let solver = run.summary.solver.options
            do {
                let bands = try PredictiveBands.compute(loaded: loaded, samples: samples, solver: solver, options: options)
                if bands.failedDraws > 0 {
                    notes.append("\(run.label): \(bands.failedDraws) of \(bands.draws) draws failed to solve and are left out.")
                }
                computed.append((run, style, bands))
            } catch {
                notes.append("\(run.label): \(error.description)")
            }
        }
        var body = notes.map(ReportPage.note).joined()
        guard let first = computed.first?.2 else {
            return ReportPage.section(title, id: "predictive", body.isEmpty ? ReportPage.note("Nothing to simulate.") : body)
        }
        let single = computed.count == 1
        let chartWidth = first.panels.count == 1 ? options.width : (options.width - 20) / 2
        body += "<div class=\"charts\">"
        for (ob, panel) in first.panels.enumerated() {
            var chart = LineChart(title: panel.observable, xLabel: "time", yLabel: panel.observable)
            chart.width = chartWidth
            chart.height = 300
            chart.dataPoints = panel.data.map { ($0.time, $0.value) }
            for (run, style, bands) in computed {
                let p = bands.panels[ob]
                let q = p.quantiles, m = p.noisyQuantiles
                // Outermost: where measurements of the fitted model fall (noise included).
                var noisy = LineChart.Series(label: single ? "5–95% with noise" : "\(run.label) 5–95% with noise", style: style)
                noisy.band = p.times.indices.map { (p.times[$0], m[0][$0], m[4][$0]) }
                noisy.bandOpacity = single ? 0.12 : 0.08
                noisy.lineWidth = 0
                chart.series.append(noisy)
                // Second layer: the model's curve itself (noise-free).
                var outer = LineChart.Series(label: single ? "5–95% noise-free" : "\(run.label) 5–95% noise-free", style: style)
                outer.band = p.times.indices.map { (p.times[$0], q[0][$0], q[4][$0]) }
                outer.bandOpacity = single ? 0.3 : 0.2
                outer.lineWidth = 0
                chart.series.append(outer)
                var median = LineChart.Series(label: single ? "median" : "\(run.label) median", style: style)
                median.points = p.times.indices.map { (p.times[$0], q[2][$0]) }
                median.lineWidth = 1.8
                chart.series.append(median)
            }
            chart.yLog = logScale(panel: panel, bands: computed.map { $0.2.panels[ob] })
            if chart.yLog { chart.yLabel += " (log)" }
            body += chart.render(idPrefix: "pred-\(ob)")
        }
        body += "</div>"
        let draws = computed.map { "\($0.0.label): \($0.2.draws - $0.2.failedDraws)" }.joined(separator: ", ")
        let caption = "Predictions of \(single ? "" : "each run's ")posterior draws resampled by weight "
            + "(seed \(options.seed); successful draws — \(HTML.escape(draws))), simulated on \(options.predictiveGridPoints) "
            + "times from \(NumberFormat.page.short(first.panels.first?.times.first ?? 0)) to the last measurement. "
            + "Light band: 5–95% of the predicted measurement, with each observable's noise model added — "
            + "the measurements should scatter inside it; darker band and line: 5–95% and median of the noise-free "
            + "prediction (the model's curve). Dots are the measurements (\(HTML.escape(loaded.data?.source ?? "")))."
        return ReportPage.section(title, id: "predictive", caption: caption, body)
    }

    /// Log y when data, medians and noisy bands are all positive and span more than 1.5 decades.
    static func logScale(panel: PredictiveBands.Panel, bands: [PredictiveBands.Panel]) -> Bool {
        let values = panel.data.map(\.value) + bands.flatMap { $0.quantiles[2].filter(\.isFinite) }
            + bands.flatMap { ($0.noisyQuantiles[0] + $0.noisyQuantiles[4]).filter(\.isFinite) }
        guard let lo = values.min(), let hi = values.max(), lo > 0 else { return false }
        return hi / lo > 31.6
    }
}
