import ModelDSL

/// Loads a model (and its data) for a command, and shows the front end's
/// warnings on stderr with their source lines.
enum ModelInput {
    /// What a command needs of the data.
    enum DataNeed {
        /// The command needs measurements (`loglik`, `fit`, `bench`): a missing
        /// `data` statement without `--data` is an error.
        case required
        /// Read them if the model or `--data` names a file (`check`, `simulate` without `--times`).
        case optional
        /// Do not read the model's `data "…"` (`simulate --times` without
        /// `--data`, so that data can be generated before the file exists).
        case skip
    }

    /// Reads, parses (or imports, for SBML and PEtab problems) and checks `path`; reads the data per `need` (`dataPath`
    /// overrides the model's `data` statement). Errors are the front end's
    /// `ModelErrors` (rendered diagnostics) or a ``CLIError``.
    static func load(path: String, dataPath: String?, need: DataNeed, showWarnings: Bool = true) throws -> LoadedModel {
        let loaded: LoadedModel
        if need == .skip && dataPath == nil {
            loaded = try LoadedModel.load(source: try ModelSource.readModel(path: path), readData: false)
        } else {
            loaded = try LoadedModel.load(path: path, dataPath: dataPath)
        }
        if need == .required, loaded.sbml != nil, loaded.petab == nil,
           loaded.model.observables.isEmpty || loaded.model.parameters.isEmpty {
            throw CLIError(
                "SBML model '\(loaded.model.name)' (\(path)) has no free parameters with priors, no observables and no "
                + "measurements, which this command needs: give the PEtab problem (problem.yaml) that uses it, or "
                + "flowcli import \(path) --output \(loaded.model.name).model, then add 'prior', 'observe' "
                + "and 'data' statements to that file")
        }
        if need == .required && loaded.data == nil {
            throw CLIError("model '\(loaded.model.name)' (\(path)) has no data statement: give the measurements with --data FILE")
        }
        if showWarnings { printWarnings(loaded) }
        return loaded
    }

    /// Each warning with its source line and caret, on stderr.
    static func printWarnings(_ loaded: LoadedModel) {
        for warning in loaded.warnings {
            printError(rendered(warning, in: loaded))
        }
    }

    /// A diagnostic with its source line when it points into the model file
    /// (or a table of a PEtab problem).
    static func rendered(_ diagnostic: Diagnostic, in loaded: LoadedModel) -> String {
        let line = loaded.sources.first { $0.path == diagnostic.file }?.line(diagnostic.line)
        return diagnostic.rendered(sourceLine: line)
    }
}
