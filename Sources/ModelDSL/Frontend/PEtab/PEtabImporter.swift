import Foundation

/// A PEtab problem imported into the model language.
public struct PEtabImport: Sendable {
    /// The whole problem as one model: the SBML model, the parameters'
    /// priors and values, the observables and the conditions.
    public var ast: ModelAST
    /// The SBML import (its source is file 0 of the AST's locations).
    public var sbml: SBMLImport
    /// The parameter, observable and condition tables and the problem file:
    /// files 1, 2, 3 and 4 of the AST's locations.
    public var others: [ModelSource]
    /// The measurement table (a data file as the language reads them).
    public var measurementPath: String
    /// The problem file itself.
    public var problemPath: String
    /// From the SBML import and the tables (never errors).
    public var warnings: [Diagnostic]

    /// The SBML model's source: diagnostics with file 0 point into it.
    public var source: ModelSource { sbml.source }
}

/// The PEtab front end (format version 1): `problem.yaml` and its files →
/// ``PEtabImport``, a model in the language's syntax tree that the usual
/// checker and compiler take from there.
///
/// - SBML model: imported by ``SBMLImporter``.
/// - Parameter table: estimated parameters get a prior (``PEtabImporter/prior(…)``)
///   and their nominal value; fixed ones become constants at their nominal value.
/// - Observable table: `observe` statements with the placeholders
///   `observableParameterN_id` and `noiseParameterN_id` declared in order;
///   noise `normal`/`laplace` × transformation `lin`/`log`/`log10`.
/// - Condition table: `condition` statements (empty and `NaN` cells set nothing).
/// - Measurement table: read as the model's data file.
///
/// Every problem is reported as `file:line:column: error: …` in the file at fault.
public enum PEtabImporter {
    /// Whether `path` names a PEtab problem file (`.yaml`, `.yml`).
    public static func isProblemPath(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext == "yaml" || ext == "yml"
    }

    public static func importProblem(path: String) throws(ModelErrors) -> PEtabImport {
        try importProblem(source: TextFile.source(path, role: "PEtab problem"))
    }

    static let parametersFile = 1, observablesFile = 2, conditionsFile = 3, problemFile = 4

    public static func importProblem(source: ModelSource) throws(ModelErrors) -> PEtabImport {
        let problem = try PEtabProblemFile.read(source)
        // Files that cannot be read are reported where the problem file names them.
        var fileErrors = DiagnosticBag(file: source.path)
        func read(_ entry: PEtabProblemFile.Entry, _ role: String) -> ModelSource? {
            do {
                return ModelSource(path: entry.path, text: try TextFile.read(entry.path))
            } catch {
                fileErrors.error("cannot read the \(role) '\(entry.path)': \(error.reason)", at: entry.location)
                return nil
            }
        }
        let sbmlText = read(problem.model, "SBML model")
        let parameterSource = read(problem.parameters, "parameter table")
        let observableSource = read(problem.observables, "observable table")
        let conditionSource = read(problem.conditions, "condition table")
        if !FileManager.default.isReadableFile(atPath: problem.measurements.path) {
            fileErrors.error("cannot read the measurement table '\(problem.measurements.path)': file not found",
                             at: problem.measurements.location)
        }
        try fileErrors.throwIfErrors(source: source)
        guard let sbmlText, let parameterSource, let observableSource, let conditionSource else {
            throw ModelErrors(file: source.path, message: "cannot read the problem's files")
        }
        let sbml = try SBMLImporter.importModel(source: sbmlText)
        let others = [parameterSource, observableSource, conditionSource, source]
        var builder = PEtabModelBuilder(ast: sbml.ast, renamings: sbml.renamings,
                                        diagnostics: DiagnosticBag(file: sbmlText.path, otherFiles: others.map(\.path)))
        if let table = PEtabTable.read(parameterSource, fileIndex: parametersFile, role: "parameter",
                                       required: ["parameterId", "parameterScale", "lowerBound", "upperBound", "nominalValue", "estimate"],
                                       diagnostics: &builder.diagnostics) {
            builder.addParameters(table)
        }
        if let table = PEtabTable.read(observableSource, fileIndex: observablesFile, role: "observable",
                                       required: ["observableId", "observableFormula", "noiseFormula"],
                                       diagnostics: &builder.diagnostics) {
            builder.addObservables(table)
        }
        if let table = PEtabTable.read(conditionSource, fileIndex: conditionsFile, role: "condition",
                                       required: ["conditionId"], diagnostics: &builder.diagnostics) {
            builder.addConditions(table)
        }
        builder.ruleValuesOfEstimatedParameters()
        try builder.diagnostics.throwIfErrors(source: sbmlText, others: others)
        var warnings = sbml.warnings + builder.diagnostics.warnings
        for entry in problem.ignored {
            warnings.append(Diagnostic(severity: .warning, file: source.path, line: entry.keyLocation.line,
                                       column: entry.keyLocation.column, length: entry.key.unicodeScalars.count,
                                       message: "'\(entry.key)' is not used (FlowFit reads the model, parameter, observable, condition and measurement tables)"))
        }
        return PEtabImport(ast: builder.ast, sbml: sbml, others: others, measurementPath: problem.measurements.path,
                           problemPath: source.path, warnings: warnings)
    }
}
