/// A model file read, parsed, checked, and its data read: what the CLI works with.
public struct LoadedModel: Sendable {
    public var source: ModelSource
    public var ast: ModelAST
    public var model: CheckedModel
    /// The measurements, when the model has a `data` statement or a data path was given.
    public var data: DataSet?
    /// Warnings from checking the model and matching the data (never errors).
    public var warnings: [Diagnostic]

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
        let ast = try ModelParser.parse(source)
        let checked = try ModelChecker.checkWithWarnings(ast, source: source)
        var loaded = LoadedModel(source: source, ast: ast, model: checked.model, data: nil, warnings: checked.warnings)
        guard readData else { return loaded }
        if let dataPath {
            loaded.data = try DataReader.read(path: dataPath, model: checked.model)
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
            loaded.warnings += coverageWarnings(data, model: checked.model, ast: ast, file: source.path)
        }
        return loaded
    }

    /// A warning for each observable without measurements.
    private static func coverageWarnings(
        _ data: DataSet, model: CheckedModel, ast: ModelAST, file: String
    ) -> [Diagnostic] {
        var measured = [Bool](repeating: false, count: model.observables.count)
        for measurement in data.measurements where measured.indices.contains(measurement.observable) {
            measured[measurement.observable] = true
        }
        return model.observables.indices.filter { !measured[$0] }.map { i in
            let location = ast.observables.first { $0.name == model.observables[i].name }?.nameLocation
            return Diagnostic(
                severity: .warning, file: file, line: location?.line ?? 0, column: location?.column ?? 0,
                length: model.observables[i].name.unicodeScalars.count,
                message: "observable '\(model.observables[i].name)' has no measurements in '\(data.source)'")
        }
    }
}
