import Foundation

/// The fields of a run's `summary.json` (written by `RunWriter`) that the
/// report shows. JSON `null` (how non-finite numbers are written) and absent
/// keys become `nil`, never a made-up value.
struct RunSummary: Sendable {
    /// One evidence estimator of `estimators[]`.
    struct Estimator: Sendable {
        var method: String
        var logEvidence: Double?
        var standardError: Double?
        var reliable: Bool?
        var effectiveSampleSize: Double?
        var note: String?
    }

    /// Posterior mean, sd and quantiles of one parameter (`parameters{}`).
    struct ParameterStats: Sendable {
        var mean: Double?
        var sd: Double?
        /// q05, q16, q50, q84, q95 in that order (nil where absent).
        var quantiles: [Double?]
    }

    var model: String?
    var modelFile: String?
    var dataFile: String?
    var backend: String?
    var seed: String?
    var threads: Int?
    var statusState: String?
    var statusMessage: String?
    /// β reached by a stalled run.
    var statusBeta: Double?
    var logEvidence: Double?
    var logEvidenceError: Double?
    var logEvidenceMethod: String?
    var logEvidenceReliable: Bool?
    var estimators: [Estimator] = []
    var evaluations: Int?
    var failedSolves: [(reason: String, count: Int)] = []
    var failedSolvesTotal: Int?
    var wallSeconds: Double?
    var effectiveSampleSize: Double?
    var sampleCount: Int?
    /// `summary.json` `solver.method` as written.
    var solverMethod: String?
    var relativeTolerance: Double?
    var absoluteTolerance: Double?
    var maxSteps: Int?
    var warnings: [String] = []
    var parameters: [String: ParameterStats] = [:]
    var settings: [(name: String, value: String)] = []

    static let quantileKeys = ["q05", "q16", "q50", "q84", "q95"]

    /// Parses `summary.json` at `path`.
    /// - Throws: ``ReportError`` if the file is unreadable or not a JSON object.
    static func load(path: String) throws(ReportError) -> RunSummary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "missing or not readable")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .malformedSummary(path: path, reason: "invalid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else {
            throw .malformedSummary(path: path, reason: "the top level is not an object")
        }
        return RunSummary(json: root)
    }

    init(json root: [String: Any]) {
        model = Self.string(root["model"])
        modelFile = Self.string(root["model_file"])
        dataFile = Self.string(root["data_file"])
        backend = Self.string(root["backend"])
        seed = Self.string(root["seed"]) ?? Self.int(root["seed"]).map(String.init)
        threads = Self.int(root["threads"])
        if let status = root["status"] as? [String: Any] {
            statusState = Self.string(status["state"])
            statusMessage = Self.string(status["message"]) ?? Self.string(status["reason"])
            statusBeta = Self.double(status["beta"])
        } else {
            statusState = Self.string(root["status"])
        }
        logEvidence = Self.double(root["log_evidence"])
        logEvidenceError = Self.double(root["log_evidence_error"])
        logEvidenceMethod = Self.string(root["log_evidence_method"])
        logEvidenceReliable = root["log_evidence_reliable"] as? Bool
        for case let e as [String: Any] in (root["estimators"] as? [Any]) ?? [] {
            estimators.append(Estimator(
                method: Self.string(e["method"]) ?? "?", logEvidence: Self.double(e["log_evidence"]),
                standardError: Self.double(e["standard_error"]), reliable: e["reliable"] as? Bool,
                effectiveSampleSize: Self.double(e["ess"]), note: Self.string(e["note"])))
        }
        evaluations = Self.int(root["likelihood_evaluations"])
        if let failures = root["failed_solves"] as? [String: Any] {
            failedSolves = failures.compactMap { key, value in Self.int(value).map { (key, $0) } }
                .sorted { $0.reason < $1.reason }
        }
        failedSolvesTotal = Self.int(root["failed_solves_total"])
        wallSeconds = Self.double(root["wall_seconds"])
        effectiveSampleSize = Self.double(root["effective_sample_size"])
        sampleCount = Self.int(root["samples"])
        if let solver = root["solver"] as? [String: Any] {
            solverMethod = Self.string(solver["method"])
            relativeTolerance = Self.double(solver["rtol"])
            absoluteTolerance = Self.double(solver["atol"])
            maxSteps = Self.int(solver["max_steps"])
        }
        warnings = ((root["warnings"] as? [Any]) ?? []).compactMap { Self.string($0) }
        for case let (name, value as [String: Any]) in (root["parameters"] as? [String: Any]) ?? [:] {
            parameters[name] = ParameterStats(
                mean: Self.double(value["mean"]), sd: Self.double(value["sd"]),
                quantiles: Self.quantileKeys.map { Self.double(value[$0]) })
        }
        if let s = root["settings"] as? [String: Any] {
            settings = s.map { ($0.key, Self.text($0.value)) }.sorted { $0.name < $1.name }
        }
    }

    // MARK: JSONSerialization values (numbers arrive as NSNumber; Bool is an NSNumber too).

    private static func string(_ v: Any?) -> String? { v as? String }

    private static func double(_ v: Any?) -> Double? {
        guard let n = v as? NSNumber else { return nil }
        let d = n.doubleValue
        return d.isFinite ? d : nil
    }

    private static func int(_ v: Any?) -> Int? {
        guard let d = double(v), d == d.rounded(), abs(d) < 9e15 else { return nil }
        return Int(d)
    }

    private static func text(_ v: Any) -> String {
        if let s = v as? String { return s }
        if type(of: v) == Bool.self, let b = v as? Bool { return b ? "true" : "false" }
        if let d = double(v) { return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)" }
        return "\(v)"
    }
}
