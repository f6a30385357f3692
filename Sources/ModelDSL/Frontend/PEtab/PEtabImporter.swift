import Foundation

/// A PEtab problem imported into the model language.
public struct PEtabImport: Sendable {
    /// The whole problem as one model: the SBML model, the parameters'
    /// priors and values, the observables and the conditions.
    public var ast: ModelAST
    /// The SBML import (its source is file 0 of the AST's locations).
    public var sbml: SBMLImport
    /// The parameter, observable and condition tables, the problem file, the
    /// experiment and the mapping table: files 1–6 of the AST's locations (an
    /// absent table is an empty text).
    public var others: [ModelSource]
    /// The measurement table (a data file as the language reads them).
    public var measurementPath: String
    /// The problem file itself.
    public var problemPath: String
    /// PEtab 1 or 2.
    public var formatVersion: Int
    /// PEtab 2's experiments, which the measurement table's `experimentId`
    /// names (nil for PEtab 1).
    public var experiments: ExperimentNames?
    /// From the SBML import and the tables (never errors).
    public var warnings: [Diagnostic]

    /// The SBML model's source: diagnostics with file 0 point into it.
    public var source: ModelSource { sbml.source }
}

/// The PEtab front end (format versions 1 and 2; ``PEtabVersion2`` reads
/// version 2's tables as version 1's): `problem.yaml` and its files →
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

    static let parametersFile = 1, observablesFile = 2, conditionsFile = 3, problemFile = 4, experimentsFile = 5,
                      mappingFile = 6

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
        let conditionSource = problem.conditions.map { read($0, "condition table") }
            ?? ModelSource(path: source.path + " (no condition table)", text: "")
        let experimentSource = problem.experiments.map { read($0, "experiment table") }
            ?? ModelSource(path: source.path + " (no experiment table)", text: "")
        let mappingSource = problem.mapping.map { read($0, "mapping table") }
            ?? ModelSource(path: source.path + " (no mapping table)", text: "")
        if !FileManager.default.isReadableFile(atPath: problem.measurements.path) {
            fileErrors.error("cannot read the measurement table '\(problem.measurements.path)': file not found",
                             at: problem.measurements.location)
        }
        try fileErrors.throwIfErrors(source: source)
        guard let sbmlText, let parameterSource, let observableSource, let conditionSource, let experimentSource,
              let mappingSource else {
            throw ModelErrors(file: source.path, message: "cannot read the problem's files")
        }
        let sbml = try SBMLImporter.importModel(source: sbmlText)
        let others = [parameterSource, observableSource, conditionSource, source, experimentSource, mappingSource]
        var builder = PEtabModelBuilder(ast: sbml.ast, renamings: sbml.renamings,
                                        diagnostics: DiagnosticBag(file: sbmlText.path, otherFiles: others.map(\.path)))
        let v2 = problem.version == 2
        if let table = PEtabTable.read(parameterSource, fileIndex: parametersFile, role: "parameter",
                                       required: ["parameterId"] + (v2 ? [] : ["parameterScale"])
                                           + ["lowerBound", "upperBound", "nominalValue", "estimate"],
                                       diagnostics: &builder.diagnostics) {
            builder.addParameters(v2 ? PEtabVersion2.parameters(table, diagnostics: &builder.diagnostics) : table)
        }
        if let table = PEtabTable.read(observableSource, fileIndex: observablesFile, role: "observable",
                                       required: ["observableId", "observableFormula", "noiseFormula"],
                                       diagnostics: &builder.diagnostics) {
            builder.addObservables(v2 ? PEtabVersion2.observables(table, diagnostics: &builder.diagnostics) : table)
        }
        if problem.conditions != nil,
           let table = PEtabTable.read(conditionSource, fileIndex: conditionsFile, role: "condition",
                                       required: v2 ? ["conditionId", "targetId", "targetValue"] : ["conditionId"],
                                       diagnostics: &builder.diagnostics) {
            if !v2 {
                builder.addConditions(table)
            } else if let wide = PEtabVersion2.conditions(table, diagnostics: &builder.diagnostics) {
                builder.addConditions(wide)
            }
        }
        var experiments: ExperimentNames?
        if v2 {
            experiments = ExperimentNames([:])
            if problem.experiments != nil,
               let table = PEtabTable.read(experimentSource, fileIndex: experimentsFile, role: "experiment",
                                           required: ["experimentId", "time", "conditionId"],
                                           diagnostics: &builder.diagnostics) {
                experiments = PEtabVersion2.experiments(table, diagnostics: &builder.diagnostics)
            }
            if problem.mapping != nil,
               let table = PEtabTable.read(mappingSource, fileIndex: mappingFile, role: "mapping",
                                           required: ["petabEntityId", "modelEntityId"], diagnostics: &builder.diagnostics) {
                PEtabVersion2.checkMapping(table, diagnostics: &builder.diagnostics)
            }
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
                           problemPath: source.path, formatVersion: problem.version, experiments: experiments,
                           warnings: warnings)
    }
}
