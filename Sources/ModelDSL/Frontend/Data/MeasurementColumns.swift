/// The columns of PEtab's measurement table (v1 and v2) and what FlowFit does
/// with each: the one place that decides which columns are read, which are
/// harmless labels, and which would change the meaning of the data and are
/// therefore refused until they are supported.
///
/// To support several simulation conditions, say, change the use of
/// `simulationConditionId` here (and give ``DataSet`` a condition per row).
/// Columns not listed are ignored, except a near-miss of a refused column's
/// name (`noiseParameter`), which is an error: a misspelt column would
/// otherwise be dropped silently.
struct MeasurementColumn: Sendable {
    enum Use: Sendable {
        /// Read: `observableId`, `time`, `measurement`.
        case required
        /// Labels that do not change the likelihood.
        case ignored
        /// Accepted while every row has the same value; `reason` says why a
        /// second value is refused.
        case singleValue(reason: String)
        /// Accepted while empty in every row; `reason` says why a value is refused.
        case empty(reason: String)
    }

    let name: String
    let use: Use

    var isRequired: Bool {
        if case .required = use { return true }
        return false
    }

    /// True for the columns whose values are checked row by row.
    var isPoliced: Bool {
        switch use {
        case .singleValue, .empty: return true
        case .required, .ignored: return false
        }
    }

    static let all: [MeasurementColumn] = [
        MeasurementColumn(name: "observableId", use: .required),
        MeasurementColumn(name: "time", use: .required),
        MeasurementColumn(name: "measurement", use: .required),
        MeasurementColumn(name: "simulationConditionId", use: .singleValue(
            reason: "FlowFit simulates one condition per data file, and rows of different conditions would be fitted as replicates of one experiment; split the file by condition")),
        MeasurementColumn(name: "experimentId", use: .singleValue(
            reason: "FlowFit simulates one experiment per data file; split the file by experiment")),
        MeasurementColumn(name: "modelId", use: .singleValue(
            reason: "a data file belongs to one model")),
        MeasurementColumn(name: "preequilibrationConditionId", use: .empty(
            reason: "pre-equilibration is not supported (integration starts from the model's initial values); leave the column empty or remove it")),
        MeasurementColumn(name: "observableParameters", use: .empty(
            reason: "observable parameter overrides are not supported; write the values into the observable's formula in the model and leave the column empty")),
        MeasurementColumn(name: "noiseParameters", use: .empty(
            reason: "the noise standard deviation comes from the model's observe statement (e.g. '~ Normal(0.1)'); leave the column empty or remove it")),
        MeasurementColumn(name: "datasetId", use: .ignored),
        MeasurementColumn(name: "replicateId", use: .ignored),
    ]

    static let requiredNames = all.filter(\.isRequired).map(\.name)
}

/// Applies the ``MeasurementColumn`` rules to a header and its rows, reporting
/// the first offending field of each refused column (and how many more rows
/// offend) when the table ends.
struct MeasurementColumnCheck {
    private struct Policed {
        var column: MeasurementColumn
        var index: Int
        /// The first value seen (single-value columns).
        var first: (value: String, line: Int)?
        /// The first offending field and the number of offending rows.
        var offence: (field: DelimitedLine.Field, line: Int)?
        var offences = 0
    }

    private var policed: [Policed] = []

    /// Checks the header's known columns: duplicates and misspelt refused
    /// columns are errors. Returns the index of each required column, in
    /// ``MeasurementColumn/requiredNames`` order, or nil when one is missing.
    mutating func header(_ fields: [DelimitedLine.Field], line: Int, diagnostics: inout DiagnosticBag) -> [Int]? {
        let names = fields.map(\.text)
        for column in MeasurementColumn.all {
            let matches = fields.indices.filter { names[$0] == column.name }
            if matches.count > 1 {
                diagnostics.error("column '\(column.name)' appears more than once",
                                  at: SourceLocation(line: line, column: fields[matches[1]].column))
            }
            if let first = matches.first, column.isPoliced {
                policed.append(Policed(column: column, index: first))
            }
        }
        let refused = MeasurementColumn.all.filter(\.isPoliced).map(\.name)
        let known = Set(MeasurementColumn.all.map(\.name))
        for field in fields where !known.contains(field.text) {
            // Suggestions are searched only for names of up to 64 characters (bounded cost).
            guard field.text.unicodeScalars.count <= 64,
                  let guess = NameSuggestion.closest(to: field.text, among: refused), !names.contains(guess)
            else { continue }
            diagnostics.error("unknown column \(Echo.quoted(field.text)); did you mean '\(guess)'?",
                              at: SourceLocation(line: line, column: field.column),
                              length: field.text.unicodeScalars.count, suggestion: guess)
        }
        var required: [Int] = []
        for name in MeasurementColumn.requiredNames {
            if let index = names.firstIndex(of: name) {
                required.append(index)
            } else {
                let guess = NameSuggestion.closest(to: name, among: names.filter { $0.unicodeScalars.count <= 64 })
                diagnostics.error("missing required column '\(name)'" + (guess.map { "; did you mean '\($0)'?" } ?? ""),
                                  at: SourceLocation(line: line, column: 1), suggestion: guess)
            }
        }
        return required.count == MeasurementColumn.requiredNames.count ? required : nil
    }

    /// Checks one row (which has as many fields as the header).
    mutating func row(_ fields: [DelimitedLine.Field], line: Int) {
        for k in policed.indices {
            let field = fields[policed[k].index]
            let offends: Bool
            switch policed[k].column.use {
            case .singleValue:
                if let first = policed[k].first {
                    offends = field.text != first.value
                } else {
                    policed[k].first = (field.text, line)
                    offends = false
                }
            case .empty:
                offends = !field.text.isEmpty
            case .required, .ignored:
                offends = false
            }
            guard offends else { continue }
            if policed[k].offence == nil { policed[k].offence = (field, line) }
            policed[k].offences += 1
        }
    }

    /// Reports each refused column's first offending field.
    func finish(_ diagnostics: inout DiagnosticBag) {
        for p in policed {
            guard let (field, line) = p.offence else { continue }
            let more = p.offences > 1 ? " (\(p.offences - 1) more row\(p.offences == 2 ? "" : "s") like it)" : ""
            let message: String
            switch p.column.use {
            case .singleValue(let reason):
                let first = p.first.map { "\(Echo.quoted($0.value)) on line \($0.line)" } ?? "the first row"
                message = "\(p.column.name) \(Echo.quoted(field.text)) differs from \(first)\(more): \(reason)"
            case .empty(let reason):
                message = "non-empty \(p.column.name) \(Echo.quoted(field.text))\(more): \(reason)"
            case .required, .ignored:
                continue
            }
            diagnostics.error(message, at: SourceLocation(line: line, column: field.column),
                              length: max(1, field.text.unicodeScalars.count))
        }
    }
}
