/// Section 2: corner plot(s) of the weighted posterior. A single run gets one
/// filled corner; a comparison gets an overlay of all runs (contours at the
/// 39% and 86% highest-density regions, step histograms) and each run's
/// filled corner folded away — or, with ``ReportOptions/CornerLayout/separate``,
/// only the filled corners, open.
enum CornerSection {
    static func html(_ input: ReportInput, axes: ParameterAxes, styles: [RunStyle],
                     truths: [String: Double], options: ReportOptions) -> String {
        guard !axes.names.isEmpty else {
            return ReportPage.section("Posterior", id: "posterior",
                                      ReportPage.note("No run has usable samples (positive finite weights and values): nothing to plot."))
        }
        let truthValues = axes.names.map { truths[$0] }
        let layers = zip(input.runs, styles).compactMap { layer($0.0, style: $0.1, axes: axes) }
        var body = ""
        let logNames = zip(axes.names, axes.scales).filter { $0.1.isLog }.map(\.0)
        var caption = "Weighted posterior samples (importance weights as written, not resampled). Diagonal: "
            + "weighted histograms with the 16, 50 and 84% quantiles (dashed); off-diagonal: smoothed weighted "
            + "densities, shaded by the highest-density regions holding 39, 86 and 99% of the mass (1, 2, 3σ of a 2-D Gaussian)."
        if !logNames.isEmpty {
            caption += " Log axes: " + logNames.map(HTML.escape).joined(separator: ", ")
                + " (" + (Set(zip(axes.names, axes.reasons).filter { logNames.contains($0.0) }.map(\.1)).sorted()
                    .map(HTML.escape).joined(separator: "; ")) + ")."
        }
        if !truths.isEmpty { caption += " Red lines and crosses: the given true values." }
        for run in input.runs where layers.allSatisfy({ $0.label != run.label }) {
            body += ReportPage.note("\(run.label): no usable samples for the corner plot.")
        }
        for run in input.runs where !run.summary.status.reachedPosterior {
            let state = run.summary.status.state.rawValue
            let beta = run.summary.status.beta.map { " at β = \(NumberFormat.page.short($0, 3))" } ?? ""
            body += ReportPage.note("\(run.label) \(state)\(beta): the run never reached the posterior, so its "
                                    + "samples may not represent it (see the run's warnings).")
        }
        body += notes(layers, names: axes.names).map(ReportPage.note).joined()
        if layers.count > 1 && options.cornerLayout == .overlaid {
            body += legend(layers)
            body += CornerPlot(names: axes.names, scales: axes.scales, layers: layers, truths: truthValues,
                               options: options, width: options.width).render(idPrefix: "corner-all")
            for (k, layer) in layers.enumerated() {
                body += "<details><summary>\(HTML.escape(layer.label)): filled corner plot</summary>\n"
                    + CornerPlot(names: axes.names, scales: axes.scales, layers: [layer], truths: truthValues,
                                 options: options, width: options.width).render(idPrefix: "corner-\(k)")
                    + "</details>\n"
            }
            caption = caption.replacingOccurrences(of: "shaded by the highest-density regions holding 39, 86 and 99% of the mass (1, 2, 3σ of a 2-D Gaussian).",
                with: "contours of the highest-density regions holding 39 and 86% of the mass (1 and 2σ of a 2-D Gaussian); each run's filled plot is folded below.")
        } else {
            for (k, layer) in layers.enumerated() {
                if layers.count > 1 { body += "<h3>\(HTML.escape(layer.label))</h3>\n" }
                body += CornerPlot(names: axes.names, scales: axes.scales, layers: [layer], truths: truthValues,
                                   options: options, width: options.width).render(idPrefix: "corner-\(k)")
            }
        }
        return ReportPage.section("Posterior", id: "posterior", caption: caption, body)
    }

    /// A run's samples restricted to the displayed parameters; samples
    /// lacking a displayed parameter get weight 0 (nil if none is left).
    static func layer(_ run: ReportRun, style: RunStyle, axes: ParameterAxes) -> CornerPlot.Layer? {
        guard let s = run.samples, var weights = s.weights else { return nil }
        var columns: [[Double]] = []
        for name in axes.names {
            if let j = s.parameterNames.firstIndex(of: name) { columns.append(s.columns[j]) } else {
                return nil
            }
        }
        for c in columns { for i in c.indices where !c[i].isFinite { weights[i] = 0 } }
        let total = weights.reduce(0, +)
        guard total > 0 else { return nil }
        let ess = total * total / weights.reduce(0) { $0 + $1 * $1 }
        return CornerPlot.Layer(label: run.label, style: style, columns: columns, weights: weights, effectiveSampleSize: ess)
    }

    static func legend(_ layers: [CornerPlot.Layer]) -> String {
        "<p class=\"caption\">" + layers.map { l in
            "<svg width=\"26\" height=\"10\" style=\"display:inline-block;vertical-align:0\"><line x1=\"1\" y1=\"5\" x2=\"25\" y2=\"5\" "
                + "stroke=\"\(l.style.color)\" stroke-width=\"2\"" + (l.style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
                + "/></svg> \(HTML.escape(l.label))"
        }.joined(separator: " &nbsp; ") + "</p>\n"
    }

    /// Warnings about what the plots can show: few effective samples, parameters without spread.
    static func notes(_ layers: [CornerPlot.Layer], names: [String]) -> [String] {
        var out: [String] = []
        for layer in layers {
            if layer.effectiveSampleSize < 20 {
                out.append("\(layer.label): effective sample size \(NumberFormat.page.fixed(layer.effectiveSampleSize, 1)); "
                           + "the plots show few distinct samples.")
            }
            for (k, column) in layer.columns.enumerated() {
                let values = column.indices.filter { layer.weights[$0] > 0 }.map { column[$0] }
                if let first = values.first, values.allSatisfy({ $0 == first }) {
                    out.append("\(layer.label): every sample has \(names[k]) = \(NumberFormat.page.short(first, 6)) (no spread).")
                }
            }
        }
        return out
    }
}
