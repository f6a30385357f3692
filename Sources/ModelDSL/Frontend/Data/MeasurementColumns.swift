/// The columns of PEtab's measurement table (v1 and v2) and what FlowFit does
/// with each: the one place that decides which columns are read, which are
/// harmless labels, and which would change the meaning of the data and are
/// therefore refused.
///
/// Columns not listed are ignored, except a near-miss of a read or policed
/// column's name (`noiseParameter`), which is an error: a misspelt column
/// would otherwise be dropped silently.
struct MeasurementColumn: Sendable {
    enum Use: Sendable {
        /// Read: `observableId`, `time`, `measurement`.
        case required
        /// Read when present (``DataTableReader``): conditions, pre-equilibration,
        /// observable and noise parameters.
        case read
        /// Labels that do not change the likelihood.
        case ignored
        /// Accepted while every row has the same value; `reason` says why a
        /// second value is refused.
        case singleValue(reason: String)
    }

    let name: String
    let use: Use

    var isRequired: Bool {
        if case .required = use { return true }
        return false
    }

    /// True for the columns whose values are checked row by row here.
    var isPoliced: Bool {
        if case .singleValue = use { return true }
        return false
    }

    /// True for the columns whose misspelling is an error.
    var isGuarded: Bool {
        switch use {
        case .singleValue, .read: return true
        case .required, .ignored: return false
        }
    }

    static let simulationCondition = "simulationConditionId"
    static let preequilibrationCondition = "preequilibrationConditionId"
    static let observableParameters = "observableParameters"
    static let noiseParameters = "noiseParameters"
    static let experiment = "experimentId"

    /// The columns for a model with conditions (`hasConditions`) or without:
    /// without, `simulationConditionId` may hold one value (the model's own
    /// values are that condition), as before conditions existed.
    static func all(hasConditions: Bool, hasExperiments: Bool = false) -> [MeasurementColumn] {
        [
            MeasurementColumn(name: "observableId", use: .required),
            MeasurementColumn(name: "time", use: .required),
            MeasurementColumn(name: "measurement", use: .required),
            MeasurementColumn(name: simulationCondition, use: hasConditions ? .read : .singleValue(
                reason: "the model declares no conditions, so every row would be simulated with the model's own values and rows of different conditions fitted as replicates of one experiment; declare the conditions in the model (condition NAME { k = …; S = … }) or split the file by condition")),
            MeasurementColumn(name: preequilibrationCondition, use: .read),
            MeasurementColumn(name: observableParameters, use: .read),
            MeasurementColumn(name: noiseParameters, use: .read),
            MeasurementColumn(name: experiment, use: hasExperiments ? .read : .singleValue(
                reason: "experimentId names the experiments of a PEtab 2 problem's experiment table; read the data with its problem.yaml, or give each row its simulationConditionId (and preequilibrationConditionId)")),
            MeasurementColumn(name: "modelId", use: .singleValue(
                reason: "a data file belongs to one model")),
            MeasurementColumn(name: "datasetId", use: .ignored),
            MeasurementColumn(name: "replicateId", use: .ignored),
        ]
    }

    static let requiredNames = all(hasConditions: true).filter(\.isRequired).map(\.name)
    static let readNames = all(hasConditions: true, hasExperiments: true)
        .filter { if case .read = $0.use { return true }; return false }.map(\.name)
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
    private let columns: [MeasurementColumn]

    init(hasConditions: Bool, hasExperiments: Bool = false) {
        columns = MeasurementColumn.all(hasConditions: hasConditions, hasExperiments: hasExperiments)
    }

    /// The index of each read column present (``MeasurementColumn/readNames``
    /// order; nil when absent or policed instead), after ``header(_:line:diagnostics:)``.
    private(set) var readColumns: [Int?] = []

    /// Checks the header's known columns: duplicates and misspelt guarded
    /// columns are errors. Returns the index of each required column, in
    /// ``MeasurementColumn/requiredNames`` order, or nil when one is missing.
    mutating func header(_ fields: [DelimitedLine.Field], line: Int, diagnostics: inout DiagnosticBag) -> [Int]? {
        let names = fields.map(\.text)
        readColumns = MeasurementColumn.readNames.map { name in
            guard let column = columns.first(where: { $0.name == name }), case .read = column.use else { return nil }
            return names.firstIndex(of: name)
        }
        for column in columns {
            let matches = fields.indices.filter { names[$0] == column.name }
            if matches.count > 1 {
                diagnostics.error("column '\(column.name)' appears more than once",
                                  at: SourceLocation(line: line, column: fields[matches[1]].column))
            }
            if let first = matches.first, column.isPoliced {
                policed.append(Policed(column: column, index: first))
            }
        }
        let refused = columns.filter(\.isGuarded).map(\.name)
        let known = Set(columns.map(\.name))
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
            case .required, .read, .ignored:
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
            case .required, .read, .ignored:
                continue
            }
            diagnostics.error(message, at: SourceLocation(line: line, column: field.column),
                              length: max(1, field.text.unicodeScalars.count))
        }
    }
}
