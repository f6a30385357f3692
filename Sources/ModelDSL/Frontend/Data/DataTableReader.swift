/// The row-by-row state of ``DataReader``: header, rows, per-observable order.
struct DataTableReader {
    var diagnostics: DiagnosticBag
    let delimiter: Unicode.Scalar
    let model: CheckedModel
    var measurements: [DataSet.Measurement] = []

    /// Column index of each required column, once the header is read.
    private var columns: (observable: Int, time: Int, measurement: Int)?
    /// The checks of the other PEtab columns (conditions, overrides).
    private var columnCheck: MeasurementColumnCheck
    private var headerCount = 0
    private var headerLine = 0
    /// The last time (and its line) seen for each observable in each experiment.
    private var lastTime: [SeriesKey: (time: Double, line: Int)] = [:]
    /// Names a row may use for conditions and placeholder values.
    let names: DataNames

    /// One observable in one experiment: its rows must be sorted by time.
    private struct SeriesKey: Hashable {
        var observable: Int
        var experiment: Experiment
    }

    /// The experiments `experimentId` may name (a PEtab 2 problem's), if any.
    let experiments: ExperimentNames?

    init(diagnostics: DiagnosticBag, delimiter: Unicode.Scalar, model: CheckedModel, experiments: ExperimentNames? = nil) {
        self.diagnostics = diagnostics
        self.delimiter = delimiter
        self.model = model
        self.experiments = experiments
        columnCheck = MeasurementColumnCheck(hasConditions: !model.conditions.isEmpty, hasExperiments: experiments != nil)
        names = DataNames(model)
    }

    mutating func read(_ lines: [String]) {
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = rawLine
            if offset == 0, line.unicodeScalars.first == "\u{FEFF}" { line.unicodeScalars.removeFirst() }
            if let bad = ControlCharacter.first(in: line) {
                diagnostics.error(ControlCharacter.message(bad.scalar), at: SourceLocation(line: number, column: bad.column))
                if headerLine == 0 {
                    headerLine = number  // no header can be read: stop rather than take the next line as one
                    return
                }
                continue
            }
            let content = line.drop { $0 == " " || $0 == "\t" }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let fields: [DelimitedLine.Field]
            do {
                fields = try DelimitedLine.fields(of: line, delimiter: delimiter)
            } catch {
                diagnostics.error(error.message, at: SourceLocation(line: number, column: error.column))
                continue
            }
            if headerLine == 0 {
                headerLine = number
                readHeader(fields, line: number)
                if columns == nil { return }
            } else {
                readRow(fields, line: number, length: line.unicodeScalars.count)
            }
        }
        columnCheck.finish(&diagnostics)
        if headerLine == 0 {
            diagnostics.error("empty data file; expected a header line 'observableId,time,measurement'",
                              at: SourceLocation(line: 1, column: 1))
        } else if measurements.isEmpty && !diagnostics.hasErrors {
            diagnostics.error("the data file has no measurements", at: SourceLocation(line: headerLine, column: 1))
        }
    }

    private mutating func readHeader(_ fields: [DelimitedLine.Field], line: Int) {
        headerCount = fields.count
        let found = columnCheck.header(fields, line: line, diagnostics: &diagnostics)
        if let found, !diagnostics.hasErrors {
            columns = (found[0], found[1], found[2])
        }
    }

    private mutating func readRow(_ fields: [DelimitedLine.Field], line: Int, length: Int) {
        guard let columns else { return }
        guard fields.count == headerCount else {
            let column = fields.count > headerCount ? fields[headerCount].column : length + 1
            diagnostics.error("expected \(headerCount) fields as in the header (line \(headerLine)), found \(fields.count)",
                              at: SourceLocation(line: line, column: column))
            return
        }
        columnCheck.row(fields, line: line)
        let experiment = readExperiment(fields, line: line)
        let idField = fields[columns.observable]
        let observable = model.observables.firstIndex { $0.name == idField.text }
        if observable == nil {
            let at = SourceLocation(line: line, column: idField.column)
            if idField.text.isEmpty {
                diagnostics.error("empty observableId", at: at)
            } else {
                diagnostics.unknown("observableId", idField.text, at: at, candidates: model.observables.map(\.name))
            }
        }
        let time = number(fields[columns.time], "time", line: line)
        let value = number(fields[columns.measurement], "measurement", line: line)
        if let time, time < 0 {
            diagnostics.error("negative time \(NumberText.format(time))",
                              at: SourceLocation(line: line, column: fields[columns.time].column))
        }
        guard let observable else { return }
        let placeholders = readPlaceholders(fields, observable: observable, idField: idField, line: line)
        guard let time, let value, time >= 0, let experiment, let placeholders else { return }
        let noise = model.observables[observable].noise
        if noise.isLogScale, value <= 0 {
            let kind: String
            if case .logLaplace = noise { kind = "LogLaplace" } else { kind = "LogNormal" }
            diagnostics.error(
                "measurement \(NumberText.format(value)) of '\(idField.text)' must be positive: its noise model is \(kind)",
                at: SourceLocation(line: line, column: fields[columns.measurement].column))
            return
        }
        let key = SeriesKey(observable: observable, experiment: experiment)
        if let last = lastTime[key], time < last.time {
            let within = model.conditions.isEmpty ? "" : " in the same condition"
            diagnostics.error(
                "time \(NumberText.format(time)) comes before time \(NumberText.format(last.time)) of '\(idField.text)'\(within) on line \(last.line); sort each observable's rows by time",
                at: SourceLocation(line: line, column: fields[columns.time].column))
            return
        }
        lastTime[key] = (time, line)
        measurements.append(DataSet.Measurement(
            observable: observable, time: time, value: value, line: line, condition: experiment.condition,
            preequilibration: experiment.preequilibration, observableParameters: placeholders.observable,
            noiseParameters: placeholders.noise))
    }

    /// The field of read column `name` in a row, if the column is present.
    func field(_ name: String, in fields: [DelimitedLine.Field]) -> DelimitedLine.Field? {
        guard let k = MeasurementColumn.readNames.firstIndex(of: name), let index = columnCheck.readColumns[k] else { return nil }
        return fields[index]
    }

    /// A finite decimal number (see ``DecimalNumber``), or nil with an error at the field.
    mutating func number(_ field: DelimitedLine.Field, _ what: String, line: Int) -> Double? {
        let problem: String
        switch DecimalNumber.read(field.text) {
        case .value(let value): return value
        case .nonFiniteSpelling:
            problem = what == "time" ? "is not finite (steady-state measurements, time = inf, are not supported)" : "is not finite"
        case .outOfRange: problem = "is out of range (beyond ±1.8e308)"
        case .hexadecimal: problem = "is hexadecimal; write numbers in decimal (e.g. 1.5, 2e-3)"
        case .notANumber: problem = "is not a number"
        }
        diagnostics.error("\(what) \(Echo.quoted(field.text)) \(problem)", at: SourceLocation(line: line, column: field.column),
                          length: field.text.unicodeScalars.count)
        return nil
    }
}
