import Foundation
import Inference

/// `compare.json`: the plan of a comparison, every run (``CompareRun``, made
/// of the run documents' types) and a summary per backend. Written with
/// `JSONEncoder` like `summary.json`, read back by the report.
struct CompareDocument: Codable, Sendable, Equatable {
    var format: Int = RunDocument.currentFormat
    var flowcliVersion: String
    var model: String
    var modelFile: String
    var dataFile: String
    /// Comma-separated, in run order.
    var backends: String
    var repeats: Int
    var firstSeed: String
    var threads: Int
    @Nullable var maxEvaluationsPerRun: Int?
    @Nullable var maxSecondsPerRun: Double?
    var convergenceToleranceNats: Double
    @Nullable var referenceLogEvidence: Double?
    var runs: [CompareRun]
    var backendSummaries: [BackendComparison.Summary]

    enum CodingKeys: String, CodingKey {
        case format, model, backends, repeats, threads, runs
        case flowcliVersion = "flowcli_version"
        case modelFile = "model_file"
        case dataFile = "data_file"
        case firstSeed = "first_seed"
        case maxEvaluationsPerRun = "max_evaluations_per_run"
        case maxSecondsPerRun = "max_seconds_per_run"
        case convergenceToleranceNats = "convergence_tolerance_nats"
        case referenceLogEvidence = "reference_log_evidence"
        case backendSummaries = "backend_summaries"
    }

    func encoded() throws -> Data {
        do {
            var data = try RunDocument.encoder.encode(self)
            data.append(0x0A)
            return data
        } catch {
            throw CLIError("cannot encode the comparison: \(UserMessage.describe(error))")
        }
    }

    /// Reads `compare.json`; nil with the reason when it cannot be read.
    static func load(path: String) -> Result<CompareDocument, ReportError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.unreadable(path: path, reason: "missing or not readable"))
        }
        do { return .success(try JSONDecoder().decode(CompareDocument.self, from: data)) } catch {
            return .failure(.malformedSummary(path: path, reason: UserMessage.describe(error)))
        }
    }

    /// The plan's facts in words, for the report's header (the model, its
    /// files and the solver are shown from the runs themselves).
    var facts: [(label: String, value: String)] {
        [("backends", backends.replacingOccurrences(of: ",", with: ", ")),
         ("repeats", String(repeats)),
         ("first seed", firstSeed),
         ("threads", String(threads)),
         ("max evaluations per run", maxEvaluationsPerRun.map(String.init) ?? "no limit"),
         ("max seconds per run", maxSecondsPerRun.map(formatNumber) ?? "no limit"),
         ("settling tolerance", "\(formatNumber(convergenceToleranceNats)) nats"),
         ("reference log Z", referenceLogEvidence.map(formatNumber) ?? "none"),
         ("flowcli version", flowcliVersion)]
    }
}
