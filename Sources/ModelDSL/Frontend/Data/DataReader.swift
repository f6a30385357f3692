/// The data-file reader: PEtab's long measurement format → ``DataSet``.
///
/// A CSV (`.csv`) or TSV (`.tsv`) file, UTF-8, whose header names the columns
/// `observableId`, `time` and `measurement` in any order. PEtab's other
/// columns follow ``MeasurementColumn``: `datasetId` and `replicateId` are
/// ignored; a second `simulationConditionId` (or `experimentId`, `modelId`),
/// and any `preequilibrationConditionId`, `observableParameters` or
/// `noiseParameters` value, is refused; other columns are ignored. Blank lines
/// and lines starting with `#` are skipped; control characters (a NUL, a stray
/// carriage return) are refused anywhere. Each row must have as many fields as
/// the header, a known observable, a finite non-negative time, a finite
/// measurement (positive for a LogNormal observable), numbers in decimal (see
/// ``DecimalNumber``), and each observable's rows must be sorted by time.
/// Every bad row is reported as `file:line:column: error: …`, pointing at the
/// offending field.
public enum DataReader {
    /// Reads and checks the file at `path` (relative paths are relative to the
    /// working directory; see ``resolve(dataPath:relativeTo:)``).
    /// With `experiments` (a PEtab 2 problem's), an `experimentId` column
    /// gives each row its condition and pre-equilibration.
    public static func read(path: String, model: CheckedModel, experiments: ExperimentNames? = nil) throws(ModelErrors) -> DataSet {
        _ = try delimiter(for: path)
        return try parse(TextFile.source(path, role: "data"), model: model, experiments: experiments)
    }

    /// Checks data already in memory; `source.path` gives the format and names the file in messages.
    public static func parse(_ source: ModelSource, model: CheckedModel, experiments: ExperimentNames? = nil) throws(ModelErrors) -> DataSet {
        var reader = DataTableReader(
            diagnostics: DiagnosticBag(file: source.path), delimiter: try delimiter(for: source.path), model: model,
            experiments: experiments)
        reader.read(source.lines)
        try reader.diagnostics.throwIfErrors(source: source)
        return DataSet(measurements: reader.measurements, source: source.path)
    }

    /// The path of a model's `data "…"` file: relative paths are taken relative
    /// to the directory of the model file.
    public static func resolve(dataPath: String, relativeTo modelPath: String) -> String {
        guard !dataPath.hasPrefix("/"), let slash = modelPath.lastIndex(of: "/") else { return dataPath }
        return String(modelPath[...slash]) + dataPath
    }

    /// `,` for `.csv`, tab for `.tsv`; any other extension is an error, and so
    /// is a control character in the path (C file APIs stop at a NUL, so
    /// `"a.csv\0.csv"` would open `a.csv`).
    static func delimiter(for path: String) throws(ModelErrors) -> Unicode.Scalar {
        if let bad = ControlCharacter.first(in: path) {
            throw ModelErrors(file: path, message: "the data path contains the control character U+\(ControlCharacter.hex(bad.scalar)) at character \(bad.column)")
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let suffix = name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } ?? "" : ""
        switch suffix {
        case "csv": return ","
        case "tsv": return "\t"
        default:
            let shown = suffix.isEmpty ? "no extension" : "extension '.\(suffix)'"
            throw ModelErrors(file: path, message: "unsupported data file '\(path)' (\(shown)); use a .csv or .tsv file")
        }
    }
}
