/// Section 6: posterior mean, sd and 5/16/50/84/95% quantiles of every
/// parameter (from summary.json, else computed from the weighted samples by
/// the same definition), `–` where a statistic does not exist,
/// one row per parameter and run, with the truth when given.
enum ParameterTable {
    static func html(_ runs: [ReportRun], names: [String], styles: [RunStyle], truths: [String: Double]) -> String {
        var allNames = names
        for run in runs { for n in run.parameterNames where !allNames.contains(n) { allNames.append(n) } }
        guard !allNames.isEmpty else { return "" }
        let showTruth = !truths.isEmpty
        let compare = runs.count > 1
        var t = "<table><tr><th class=\"name\">parameter</th>" + (compare ? "<th class=\"name\">run</th>" : "")
            + "<th>mean</th><th>sd</th>" + RunDocument.Stats.levels.map { "<th>\(NumberFormat.roundTrip($0 * 100))%</th>" }.joined()
            + (showTruth ? "<th>truth</th>" : "") + "</tr>\n"
        for name in allNames {
            for (k, (run, style)) in zip(runs, styles).enumerated() {
                guard let stats = stats(run, name) else { continue }
                t += "<tr><td class=\"name\">\(k == 0 || !compare ? HTML.escape(name) : "")</td>"
                if compare {
                    t += "<td class=\"name\"><span class=\"swatch\" style=\"background:\(style.color)\"></span>\(HTML.escape(run.label))</td>"
                }
                t += "<td>\(NumberFormat.page.significant(stats.mean))</td><td>\(NumberFormat.page.significant(stats.sd))</td>"
                t += stats.quantiles.map { "<td>\(NumberFormat.page.significant($0))</td>" }.joined()
                if showTruth { t += "<td>\(k == 0 ? NumberFormat.page.significant(truths[name]) : "")</td>" }
                t += "</tr>\n"
            }
        }
        t += "</table>\n"
        guard t.contains("<td") else {
            return ReportPage.section("Parameters", id: "parameters", ReportPage.note("No parameter summaries in the runs."))
        }
        let caption = "Weighted posterior summaries in natural units" + (compare ? ", one row per run." : ".")
        return ReportPage.section("Parameters", id: "parameters", caption: caption, t)
    }

    /// The summary's statistics, else (a summary without the parameter) the
    /// same definition computed from the weighted samples.
    static func stats(_ run: ReportRun, _ name: String) -> RunDocument.Stats? {
        if let written = run.summary.parameters[name] { return written }
        guard let samples = run.samples, let j = samples.parameterNames.firstIndex(of: name) else { return nil }
        let w = samples.weighted(j)
        return RunDocument.Stats(values: w.values, weights: w.weights)
    }
}
