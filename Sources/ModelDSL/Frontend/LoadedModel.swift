/// A model file read, parsed, checked, and its data read: what the CLI works with.
///
/// The file is a model-language file, an SBML file (by its `.xml`/`.sbml`
/// extension, or text starting with `<`), or a PEtab problem (`.yaml`,
/// `.yml`), which are imported into the language first (``SBMLImporter``,
/// ``PEtabImporter``); everything after the syntax tree is the same.
public struct LoadedModel: Sendable {
    /// The model's source: the model file, or the SBML file of a PEtab problem.
    public var source: ModelSource
    public var ast: ModelAST
    /// The import, when the file is SBML (or a PEtab problem's model).
    public var sbml: SBMLImport?
    /// The import, when the file is a PEtab problem.
    public var petab: PEtabImport?
    public var model: CheckedModel
    /// The measurements, when the model has a `data` statement or a data path was given.
    public var data: DataSet?
    /// Warnings from checking the model and matching the data (never errors).
    public var warnings: [Diagnostic]

    /// The sources diagnostics may point into: the model's, then a PEtab problem's tables.
    public var sources: [ModelSource] { [source] + (petab?.others ?? []) }

    /// Reads the model at `path`; `dataPath` (the CLI's `--data`, relative to the
    /// working directory) overrides the model's `data "…"` (relative to the model file).
    public static func load(path: String, dataPath: String? = nil) throws(ModelErrors) -> LoadedModel {
        try load(source: TextFile.source(path, role: "model"), dataPath: dataPath)
    }

    /// As ``load(path:dataPath:)`` for a model already in memory (its `path`
    /// still anchors a relative `data "…"`). `readData: false` skips the data.
    public static func load(
        source: ModelSource, dataPath: String? = nil, readData: Bool = true
    ) throws(ModelErrors) -> LoadedModel {
        if PEtabImporter.isProblemPath(source.path) {
            return try load(petab: try PEtabImporter.importProblem(source: source), dataPath: dataPath, readData: readData)
        }
        if SBMLImporter.isSBMLPath(source.path) || SBMLImporter.looksLikeXML(source.text) {
            return try load(imported: try SBMLImporter.importModel(source: source), dataPath: dataPath, readData: readData)
        }
        let ast = try ModelParser.parse(source)
        return try load(source: source, ast: ast, sbml: nil, warnings: [], dataPath: dataPath, readData: readData)
    }

    /// Checks an imported SBML model (and reads `dataPath`, if given: SBML has no `data` statement).
    public static func load(imported: SBMLImport, dataPath: String? = nil, readData: Bool = true) throws(ModelErrors) -> LoadedModel {
        try load(source: imported.source, ast: imported.ast, sbml: imported, warnings: imported.warnings,
                 dataPath: dataPath, readData: readData)
    }

    /// Checks an imported PEtab problem and reads its measurement table
    /// (or `dataPath`, which replaces it).
    public static func load(petab: PEtabImport, dataPath: String? = nil, readData: Bool = true) throws(ModelErrors) -> LoadedModel {
        var loaded = try load(source: petab.source, ast: petab.ast, sbml: petab.sbml, warnings: petab.warnings,
                              dataPath: dataPath ?? (readData ? petab.measurementPath : nil), readData: readData,
                              others: petab.others, experiments: petab.experiments)
        loaded.petab = petab
        return loaded
    }

    private static func load(
        source: ModelSource, ast: ModelAST, sbml: SBMLImport?, warnings: [Diagnostic], dataPath: String?, readData: Bool,
        others: [ModelSource] = [], experiments: ExperimentNames? = nil
    ) throws(ModelErrors) -> LoadedModel {
        let checked = try ModelChecker.checkWithWarnings(ast, source: source, warnUnused: sbml == nil, others: others)
        var loaded = LoadedModel(source: source, ast: ast, sbml: sbml, petab: nil, model: checked.model, data: nil,
                                 warnings: warnings + checked.warnings)
        guard readData else { return loaded }
        if let dataPath {
            loaded.data = try DataReader.read(path: dataPath, model: checked.model, experiments: experiments)
        } else if let written = checked.model.dataPath, let statement = ast.data.first {
            let resolved = DataReader.resolve(dataPath: written, relativeTo: source.path)
            // Problems with the file itself point at the model's `data` statement.
            func atStatement(_ message: String) -> ModelErrors {
                ModelErrors([Diagnostic(
                    severity: .error, file: source.path, line: statement.location.line,
                    column: statement.location.column, length: 4, message: message)], sources: [source])
            }
            do {
                _ = try DataReader.delimiter(for: resolved)
            } catch {
                throw atStatement(error.diagnostics.first?.message ?? "unsupported data file '\(resolved)'")
            }
            let text: String
            do {
                text = try TextFile.read(resolved)
            } catch {
                // Bytes that are not UTF-8 are located in the data file itself.
                if let bad = error.invalidUTF8 { throw bad.errors(file: resolved, role: "data") }
                throw atStatement("cannot read data file '\(resolved)': \(error.reason)")
            }
            loaded.data = try DataReader.parse(ModelSource(path: resolved, text: text), model: checked.model)
        }
        if let data = loaded.data {
            loaded.warnings += coverageWarnings(data, model: checked.model, ast: ast, files: [source.path] + others.map(\.path))
        }
        loaded.dropUnusedWarnings(checked.unused)
        return loaded
    }

    /// Drops the "never used" warnings about parameters and constants the
    /// data's observableParameters or noiseParameters use.
    private mutating func dropUnusedWarnings(_ unused: [(name: String, warning: Diagnostic)]) {
        guard let data, !unused.isEmpty else { return }
        var named = Set<String>()
        for m in data.measurements {
            for v in m.observableParameters + m.noiseParameters {
                if case .parameter(let k) = v, model.parameters.indices.contains(k) { named.insert(model.parameters[k].name) }
            }
        }
        // Constants named in the data were read as their values; any unused
        // constant may be one of them, so they are kept silent when the data has placeholders.
        let placeholders = data.measurements.contains { !$0.observableParameters.isEmpty || !$0.noiseParameters.isEmpty }
        let constants = Set(model.constants.map(\.name))
        let drop = unused.filter { named.contains($0.name) || (placeholders && constants.contains($0.name)) }.map(\.warning)
        warnings.removeAll { drop.contains($0) }
    }

    /// A warning for each observable without measurements.
    private static func coverageWarnings(
        _ data: DataSet, model: CheckedModel, ast: ModelAST, files: [String]
    ) -> [Diagnostic] {
        var measured = [Bool](repeating: false, count: model.observables.count)
        for measurement in data.measurements where measured.indices.contains(measurement.observable) {
            measured[measurement.observable] = true
        }
        return model.observables.indices.filter { !measured[$0] }.map { i in
            let location = ast.observables.first { $0.name == model.observables[i].name }?.nameLocation
            return Diagnostic(
                severity: .warning, file: files[min(location?.file ?? 0, files.count - 1)],
                line: location?.line ?? 0, column: location?.column ?? 0,
                length: model.observables[i].name.unicodeScalars.count,
                message: "observable '\(model.observables[i].name)' has no measurements in '\(data.source)'")
        }
    }
}
