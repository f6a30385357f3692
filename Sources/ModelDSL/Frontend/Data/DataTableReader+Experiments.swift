/// The names a data row may use: conditions (`simulationConditionId`,
/// `preequilibrationConditionId`) and, as placeholder values, parameters and
/// constants. Built once per read.
struct DataNames: Sendable {
    let conditions: [String: Int]
    let parameters: [String: Int]
    let constants: [String: Double]
    let conditionNames: [String]
    /// Candidates for "did you mean …?" among placeholder values.
    let valueNames: [String]

    init(_ model: CheckedModel) {
        conditionNames = model.conditions.map(\.name)
        conditions = Dictionary(model.conditions.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        parameters = Dictionary(model.parameters.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        constants = Dictionary(model.constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        valueNames = model.parameters.map(\.name) + model.constants.map(\.name)
    }
}

/// Reading a row's experiment (its condition and pre-equilibration) and its
/// observable's placeholder values (`observableParameters`, `noiseParameters`:
/// `;`-separated numbers or names of parameters and constants, one per
/// placeholder, in the order the observable declares them).
extension DataTableReader {
    /// The row's experiment, or nil after an error.
    mutating func readExperiment(_ fields: [DelimitedLine.Field], line: Int) -> Experiment? {
        if let experiments, let f = field(MeasurementColumn.experiment, in: fields), !f.text.isEmpty {
            return namedExperiment(f, experiments, fields: fields, line: line)
        }
        var valid = true
        var experiment = Experiment()
        if let f = field(MeasurementColumn.simulationCondition, in: fields), !f.text.isEmpty {
            if let k = names.conditions[f.text] {
                experiment.condition = k
            } else {
                diagnostics.unknown("simulationConditionId", f.text, at: SourceLocation(line: line, column: f.column),
                                    candidates: names.conditionNames)
                valid = false
            }
        }
        if let f = field(MeasurementColumn.preequilibrationCondition, in: fields), !f.text.isEmpty {
            let at = SourceLocation(line: line, column: f.column)
            if let k = names.conditions[f.text] {
                experiment.preequilibration = k
            } else if names.conditionNames.isEmpty {
                diagnostics.error(
                    "preequilibrationConditionId \(Echo.quoted(f.text)) names no condition: the model declares none; declare it as 'condition \(Echo.shortened(f.text)) { … }' (its values are simulated to steady state before the measurements)",
                    at: at, length: f.text.unicodeScalars.count)
                valid = false
            } else {
                diagnostics.unknown("preequilibrationConditionId", f.text, at: at, candidates: names.conditionNames)
                valid = false
            }
        }
        return valid ? experiment : nil
    }

    /// The experiment named in the row's `experimentId` (PEtab 2), which then
    /// must not also give a condition of its own.
    private mutating func namedExperiment(
        _ f: DelimitedLine.Field, _ experiments: ExperimentNames, fields: [DelimitedLine.Field], line: Int
    ) -> Experiment? {
        let at = SourceLocation(line: line, column: f.column)
        guard let entry = experiments.entries[f.text] else {
            diagnostics.unknown("experimentId", f.text, at: at, candidates: experiments.names)
            return nil
        }
        for column in [MeasurementColumn.simulationCondition, MeasurementColumn.preequilibrationCondition] {
            if let other = self.field(column, in: fields), !other.text.isEmpty {
                diagnostics.error("a row names its experiment with experimentId or its conditions with \(column), not both",
                                  at: SourceLocation(line: line, column: other.column), length: other.text.unicodeScalars.count)
                return nil
            }
        }
        var experiment = Experiment()
        for (name, isPreequilibration) in [(entry.condition, false), (entry.preequilibration, true)] {
            guard let name else { continue }
            guard let k = names.conditions[name] else {
                diagnostics.error("experiment '\(f.text)' names the condition '\(name)', which the model does not declare",
                                  at: at, length: f.text.unicodeScalars.count)
                return nil
            }
            if isPreequilibration { experiment.preequilibration = k } else { experiment.condition = k }
        }
        return experiment
    }

    /// The values of the observable's placeholders, or nil after an error.
    mutating func readPlaceholders(
        _ fields: [DelimitedLine.Field], observable: Int, idField: DelimitedLine.Field, line: Int
    ) -> (observable: [DataSet.PlaceholderValue], noise: [DataSet.PlaceholderValue])? {
        let o = model.observables[observable]
        let values = placeholderList(MeasurementColumn.observableParameters, declared: o.observableParameters,
                                     observable: o.name, fields: fields, idField: idField, line: line)
        let noise = placeholderList(MeasurementColumn.noiseParameters, declared: o.noiseParameters,
                                    observable: o.name, fields: fields, idField: idField, line: line)
        guard let values, let noise else { return nil }
        return (values, noise)
    }

    private mutating func placeholderList(
        _ column: String, declared: [String], observable: String, fields: [DelimitedLine.Field],
        idField: DelimitedLine.Field, line: Int
    ) -> [DataSet.PlaceholderValue]? {
        let kind = column == MeasurementColumn.noiseParameters ? "noise parameter" : "observable parameter"
        let example = column == MeasurementColumn.noiseParameters ? "observe \(observable)(; sigma) = …" : "observe \(observable)(scale, offset) = …"
        guard let f = field(column, in: fields) else {
            guard declared.isEmpty else {
                diagnostics.error(
                    "observable '\(observable)' has \(pluralised(declared.count, kind)) (\(declared.joined(separator: ", "))), but the data file has no '\(column)' column to give their values",
                    at: SourceLocation(line: line, column: idField.column), length: idField.text.unicodeScalars.count)
                return nil
            }
            return []
        }
        let at = SourceLocation(line: line, column: f.column)
        if f.text.isEmpty {
            guard declared.isEmpty else {
                diagnostics.error(
                    "empty \(column): observable '\(observable)' needs \(pluralised(declared.count, "value")) (\(declared.joined(separator: ", ")))",
                    at: at)
                return nil
            }
            return []
        }
        guard !declared.isEmpty else {
            diagnostics.error(
                "\(column) \(Echo.quoted(f.text)) for observable '\(observable)', which declares no \(kind)s; declare them in the model (\(example)) or leave the field empty",
                at: at, length: f.text.unicodeScalars.count)
            return nil
        }
        // Items with their columns; spaces around an item are trimmed.
        var items: [(text: String, column: Int)] = []
        var current = String.UnicodeScalarView()
        var start = f.column
        var position = f.column
        for scalar in f.text.unicodeScalars {
            if scalar == ";" {
                items.append((String(current), start))
                current = String.UnicodeScalarView()
                start = position + 1
            } else {
                current.append(scalar)
            }
            position += 1
        }
        items.append((String(current), start))
        guard items.count == declared.count else {
            diagnostics.error(
                "\(column) \(Echo.quoted(f.text)) gives \(pluralised(items.count, "value")); observable '\(observable)' has \(pluralised(declared.count, kind)) (\(declared.joined(separator: ", ")))",
                at: at, length: f.text.unicodeScalars.count)
            return nil
        }
        var values: [DataSet.PlaceholderValue] = []
        var valid = true
        for item in items {
            let leading = item.text.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
            let text = String(item.text.unicodeScalars.dropFirst(leading)).trimmingSpaces()
            let itemAt = SourceLocation(line: line, column: item.column + leading)
            if let value = placeholderValue(text, column: column, at: itemAt) {
                values.append(value)
            } else {
                valid = false
            }
        }
        return valid ? values : nil
    }

    /// One item: a decimal number, or the name of a parameter or constant.
    private mutating func placeholderValue(_ text: String, column: String, at location: SourceLocation) -> DataSet.PlaceholderValue? {
        let length = max(1, text.unicodeScalars.count)
        guard !text.isEmpty else {
            diagnostics.error("empty value in \(column); separate the values with ';' (as in '0.5;2')", at: location)
            return nil
        }
        switch DecimalNumber.read(text) {
        case .value(let value):
            return .number(value)
        case .outOfRange:
            diagnostics.error("\(column) value \(Echo.quoted(text)) is out of range (beyond ±1.8e308)", at: location, length: length)
            return nil
        case .nonFiniteSpelling:
            diagnostics.error("\(column) value \(Echo.quoted(text)) is not finite", at: location, length: length)
            return nil
        case .hexadecimal:
            diagnostics.error("\(column) value \(Echo.quoted(text)) is hexadecimal; write numbers in decimal", at: location, length: length)
            return nil
        case .notANumber:
            break
        }
        if let k = names.parameters[text] { return .parameter(k) }
        if let value = names.constants[text] { return .number(value) }
        let isName = text.unicodeScalars.first.map(ModelLexer.isIdentifierStart) == true
            && text.unicodeScalars.allSatisfy(ModelLexer.isIdentifierPart)
        if isName, model.species.contains(where: { $0.name == text }) {
            diagnostics.error("\(column) value '\(text)' is a species; a placeholder's value is a number, a parameter or a constant",
                              at: location, length: length)
        } else if isName {
            diagnostics.unknown("parameter", text, at: location, candidates: names.valueNames)
        } else {
            diagnostics.error("\(column) value \(Echo.quoted(text)) is neither a number nor a parameter name", at: location, length: length)
        }
        return nil
    }
}

extension String {
    /// Without trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var scalars = unicodeScalars[...]
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}

/// "1 value", "2 values".
func pluralised(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
