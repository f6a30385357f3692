/// PEtab 2's tables read as the PEtab 1 tables they correspond to, so that one
/// builder serves both versions. Every translated field keeps the line and
/// column of the PEtab 2 cell it came from, so errors point into the file the
/// user wrote.
///
/// - Parameters: no `parameterScale` (every parameter is on the linear
///   scale: `lin`); `estimate` is `true`/`false`; `priorDistribution` and
///   `priorParameters` become `objectivePriorType` (uniform, normal,
///   log-normal → logNormal; the others are refused here, in PEtab 2's words)
///   and `objectivePriorParameters`, truncated to the bounds as in PEtab 1; no
///   prior is uniform between the bounds.
/// - Observables: `noiseDistribution` normal, laplace, log-normal and
///   log-laplace become a noise distribution and an `observableTransformation`;
///   `observablePlaceholders` and `noisePlaceholders` stay (the builder
///   declares those names, in order, instead of PEtab 1's naming convention).
/// - Conditions: the long table (`conditionId`, `targetId`, `targetValue`)
///   becomes one column per target.
/// - Experiments (`experimentId`, `time`, `conditionId`): an optional period
///   at `-inf` (pre-equilibration) and one period at time 0, each with at most
///   one condition. Later periods (a condition applied during the
///   simulation), simultaneous conditions and other start times are refused.
public enum PEtabVersion2 {
    /// The field `text` standing where `at` stands.
    private static func field(_ text: String, at: DelimitedLine.Field) -> DelimitedLine.Field {
        DelimitedLine.Field(text: text, column: at.column)
    }

    private static func table(_ table: PEtabTable, header: [DelimitedLine.Field], rows: [PEtabTable.Row]) -> PEtabTable {
        PEtabTable(path: table.path, fileIndex: table.fileIndex, header: header, headerLine: table.headerLine, rows: rows)
    }

    static func parameters(_ t: PEtabTable, diagnostics: inout DiagnosticBag) -> PEtabTable {
        let renamed = ["priorDistribution": "objectivePriorType", "priorParameters": "objectivePriorParameters"]
        for name in ["parameterScale", "objectivePriorType", "objectivePriorParameters", "initializationPriorType"] {
            if let c = t.column(name) {
                diagnostics.error("column '\(name)' is PEtab 1; a PEtab 2 parameter table has none (priorDistribution and priorParameters give the prior, on the parameter itself)",
                                  at: t.headerLocation(c), length: name.unicodeScalars.count)
            }
        }
        let header = t.header.map { field(renamed[$0.text] ?? $0.text, at: $0) } + [field("parameterScale", at: t.header[0])]
        let priorColumn = t.column("priorDistribution")
        let names = ["log-normal": "logNormal", "log-laplace": "logLaplace"]
        let supported = ["uniform", "normal", "log-normal"]
        var rows: [PEtabTable.Row] = []
        for row in t.rows {
            var fields = row.fields
            if let c = priorColumn, !fields[c].text.isEmpty {
                let prior = fields[c].text
                if !supported.contains(prior) {
                    // Reported here in PEtab 2's words; the builder does not see the row.
                    let laplace = prior.contains("laplace") ? " (FlowFit has no Laplace prior)" : ""
                    diagnostics.error("priorDistribution \(Echo.quoted(prior)) is not supported\(laplace); supported: \(supported.joined(separator: ", ")) (or none: uniform between the bounds)",
                                      at: t.location(row, fields[c]), length: prior.unicodeScalars.count)
                    continue
                } else if let known = names[prior] {
                    fields[c] = field(known, at: fields[c])
                }
            }
            rows.append(PEtabTable.Row(line: row.line, fields: fields + [field("lin", at: row.fields[0])]))
        }
        return table(t, header: header, rows: rows)
    }

    static func observables(_ t: PEtabTable, diagnostics: inout DiagnosticBag) -> PEtabTable {
        if let c = t.column("observableTransformation") {
            diagnostics.error("column 'observableTransformation' is PEtab 1; in PEtab 2 the noiseDistribution says it (log-normal, log-laplace)",
                              at: t.headerLocation(c), length: "observableTransformation".unicodeScalars.count)
        }
        let distribution = t.column("noiseDistribution")
        let header = t.header + [field("observableTransformation", at: t.header[0])]
        let rows = t.rows.map { row in
            var fields = row.fields
            var transformation = "lin"
            if let c = distribution {
                switch fields[c].text {
                case "log-normal": transformation = "log"; fields[c] = field("normal", at: fields[c])
                case "log-laplace": transformation = "log"; fields[c] = field("laplace", at: fields[c])
                default: break
                }
            }
            return PEtabTable.Row(line: row.line, fields: fields + [field(transformation, at: row.fields[0])])
        }
        return table(t, header: header, rows: rows)
    }

    /// The long condition table as a wide one: a column per target, in order
    /// of first appearance; a row per condition, in order of first appearance.
    static func conditions(_ t: PEtabTable, diagnostics: inout DiagnosticBag) -> PEtabTable? {
        guard let idColumn = t.column("conditionId"), let targetColumn = t.column("targetId"),
              let valueColumn = t.column("targetValue") else { return nil }
        var targets: [DelimitedLine.Field] = []
        var conditions: [(id: DelimitedLine.Field, line: Int, values: [String: DelimitedLine.Field])] = []
        var index: [String: Int] = [:]
        for row in t.rows {
            let id = row.fields[idColumn], target = row.fields[targetColumn], value = row.fields[valueColumn]
            if !targets.contains(where: { $0.text == target.text }) { targets.append(target) }
            if index[id.text] == nil {
                index[id.text] = conditions.count
                conditions.append((id, row.line, [:]))
            }
            let k = index[id.text]!
            if conditions[k].values[target.text] != nil {
                diagnostics.error("condition '\(id.text)' sets '\(target.text)' twice", at: t.location(row, target),
                                  length: max(1, target.text.unicodeScalars.count))
            }
            conditions[k].values[target.text] = value
        }
        // Header fields keep the column of a cell naming the target; rows the
        // line of the condition's first row.
        let header = [field("conditionId", at: t.header[idColumn])] + targets
        let rows = conditions.map { c in
            PEtabTable.Row(line: c.line, fields: [c.id] + targets.map { c.values[$0.text] ?? field("", at: c.id) })
        }
        return PEtabTable(path: t.path, fileIndex: t.fileIndex, header: header, headerLine: t.headerLine, rows: rows)
    }

    /// The experiment table as pre-equilibration and condition per experiment.
    static func experiments(_ t: PEtabTable, diagnostics: inout DiagnosticBag) -> ExperimentNames {
        guard let idColumn = t.column("experimentId"), let timeColumn = t.column("time"),
              let conditionColumn = t.column("conditionId") else { return ExperimentNames([:]) }
        var periods: [String: [(time: Double, condition: DelimitedLine.Field, row: PEtabTable.Row)]] = [:]
        var order: [String] = []
        for row in t.rows {
            let id = row.fields[idColumn], timeField = row.fields[timeColumn]
            guard PEtabModelBuilder.isIdentifier(id.text) else {
                diagnostics.error("experimentId \(Echo.quoted(id.text)) is not a valid id (letters, digits and '_', not starting with a digit)",
                                  at: t.location(row, id), length: max(1, id.text.unicodeScalars.count))
                continue
            }
            let text = timeField.text.lowercased()
            var time: Double?
            if text == "-inf" || text == "-infinity" {
                time = -.infinity
            } else if case .value(let v) = DecimalNumber.read(timeField.text) {
                time = v
            }
            guard let time else {
                diagnostics.error("time \(Echo.quoted(timeField.text)) of experiment '\(id.text)' must be a finite number or -inf (pre-equilibration)",
                                  at: t.location(row, timeField), length: max(1, timeField.text.unicodeScalars.count))
                continue
            }
            if periods[id.text] == nil { order.append(id.text) }
            periods[id.text, default: []].append((time, row.fields[conditionColumn], row))
        }
        var entries: [String: ExperimentNames.Entry] = [:]
        for id in order {
            let list = periods[id]!.sorted { $0.time < $1.time }
            var entry = ExperimentNames.Entry(preequilibration: nil, condition: nil)
            var valid = true
            for (k, period) in list.enumerated() {
                let at = t.location(period.row, period.condition)
                let name = period.condition.text.isEmpty ? nil : period.condition.text
                if k > 0, list[k - 1].time == period.time {
                    diagnostics.error("experiment '\(id)' applies two conditions at the same time; FlowFit applies one condition per period (merge them into one condition)",
                                      at: at, length: max(1, period.condition.text.unicodeScalars.count))
                    valid = false
                } else if period.time == -.infinity {
                    // A steady state under the model's own values is not an
                    // experiment the language can name (pre-equilibration is a condition's).
                    guard let name else {
                        diagnostics.error("experiment '\(id)' pre-equilibrates without a condition; FlowFit pre-equilibrates under a condition only (give the period one that sets nothing, declared in the condition table)",
                                          at: at)
                        valid = false
                        continue
                    }
                    entry.preequilibration = name
                } else if k == 0 || list[k - 1].time == -.infinity {
                    guard period.time == 0 else {
                        diagnostics.error("experiment '\(id)' starts at time \(NumberText.format(period.time)); FlowFit simulates from time 0",
                                          at: t.location(period.row, period.row.fields[timeColumn]),
                                          length: max(1, period.row.fields[timeColumn].text.unicodeScalars.count))
                        valid = false
                        continue
                    }
                    entry.condition = name
                } else {
                    diagnostics.error("experiment '\(id)' applies condition \(Echo.quoted(period.condition.text)) at time \(NumberText.format(period.time)), during the simulation; FlowFit applies a condition from the start (and after pre-equilibration) only",
                                      at: at, length: max(1, period.condition.text.unicodeScalars.count))
                    valid = false
                }
            }
            if list.allSatisfy({ $0.time == -.infinity }), let last = list.last {
                diagnostics.error("experiment '\(id)' has a pre-equilibration but no period from time 0",
                                  at: t.location(last.row, last.row.fields[timeColumn]))
                valid = false
            }
            if valid { entries[id] = entry }
        }
        return ExperimentNames(entries)
    }

    /// A mapping table that only names things (`modelEntityId` empty or equal
    /// to `petabEntityId`, as in the test suite's cases) changes nothing and
    /// is accepted; a row that maps an id onto another is refused, since the
    /// tables would then have to be read through it.
    static func checkMapping(_ t: PEtabTable, diagnostics: inout DiagnosticBag) {
        guard let petab = t.column("petabEntityId"), let model = t.column("modelEntityId") else { return }
        for row in t.rows {
            let from = row.fields[petab], to = row.fields[model]
            guard !to.text.isEmpty, to.text != from.text else { continue }
            diagnostics.error("mapping '\(from.text)' → '\(to.text)' is not supported: FlowFit reads the tables with the model's own ids (rename '\(from.text)' to '\(to.text)' in them)",
                              at: t.location(row, to), length: to.text.unicodeScalars.count)
        }
    }

    /// A PEtab 2 measurement table (tab-separated) in PEtab 1's columns: the
    /// `experimentId` column becomes `simulationConditionId` and
    /// `preequilibrationConditionId` is added as the last column, with each
    /// row's experiment's conditions; every other field is kept as written.
    /// Rows must name known experiments (the data reader has checked them).
    public static func measurementsInVersion1Columns(_ text: String, experiments: ExperimentNames) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var experimentColumn: Int?
        var headerSeen = false
        for (k, line) in lines.enumerated() {
            let content = line.drop { $0 == " " || $0 == "\t" }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let trailingReturn = line.hasSuffix("\r")
            var fields = (trailingReturn ? String(line.dropLast()) : line)
                .split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if !headerSeen {
                headerSeen = true
                experimentColumn = fields.firstIndex(of: "experimentId")
                guard let c = experimentColumn else { return text }
                fields[c] = "simulationConditionId"
                fields.append("preequilibrationConditionId")
            } else if let c = experimentColumn, c < fields.count {
                let entry = experiments.entries[fields[c]]
                fields[c] = entry?.condition ?? ""
                fields.append(entry?.preequilibration ?? "")
            }
            lines[k] = fields.joined(separator: "\t") + (trailingReturn ? "\r" : "")
        }
        return lines.joined(separator: "\n")
    }
}
