import Inference

/// What `compare` keeps of one run once its directory is written — identity,
/// status and evidence (the run document's own types), cost, when the
/// evidence settled, and the parameter summaries — and one row of
/// `compare.json`'s `runs`. (The samples themselves are not kept in memory.)
struct CompareRun: Codable, Sendable, Equatable {
    var backend: String
    /// 1-based repeat index.
    var repeatIndex: Int
    var seed: String
    /// The run directory, e.g. `runs/m-compare/flow-r2`.
    var directory: String
    var status: RunDocument.Status
    /// Whether β reached 1, so that the evidence is an estimate (= `status.reached_posterior`).
    var reachedPosterior: Bool
    @Nullable var logEvidence: Double?
    @Nullable var logEvidenceError: Double?
    var logEvidenceMethod: EvidenceMethod
    var logEvidenceReliable: Bool
    /// The reliability rules the headline failed (as in summary.json).
    var logEvidenceFailedChecks: [ReliabilityCheck]
    /// log Ẑ − the `--reference` value (null without a reference or an estimate).
    @Nullable var distanceFromReference: Double?
    var likelihoodEvaluations: Int
    @Nullable var wallSeconds: Double?
    /// Cost until the running log Ẑ stayed within the tolerance of the final value (null without a final value).
    @Nullable var evaluationsToTolerance: Int?
    @Nullable var secondsToTolerance: Double?
    var parameters: RunDocument.Parameters

    enum CodingKeys: String, CodingKey {
        case backend, seed, directory, status, parameters
        case repeatIndex = "repeat"
        case reachedPosterior = "reached_posterior"
        case logEvidence = "log_evidence"
        case logEvidenceError = "log_evidence_error"
        case logEvidenceMethod = "log_evidence_method"
        case logEvidenceReliable = "log_evidence_reliable"
        case logEvidenceFailedChecks = "log_evidence_failed_checks"
        case distanceFromReference = "distance_from_reference"
        case likelihoodEvaluations = "likelihood_evaluations"
        case wallSeconds = "wall_seconds"
        case evaluationsToTolerance = "evaluations_to_tolerance"
        case secondsToTolerance = "seconds_to_tolerance"
    }
}

extension CompareRun {
    /// The record of the run `document` (with its `trace`), run `repeatIndex`
    /// of `backend`, written to `directory`.
    init(_ document: RunDocument, trace: [TraceRow], backend: String, repeatIndex: Int, directory: String,
         tolerance: Double, reference: Double?) {
        let z = document.logEvidence
        let points = trace.map {
            EvidenceConvergence.Point(evaluations: $0.evaluations, seconds: $0.seconds, logEvidence: $0.logEvidence)
        }
        let settled = document.status.reachedPosterior
            ? z.flatMap {
                EvidenceConvergence.settled(trace: points, final: $0,
                                            end: (document.likelihoodEvaluations, document.wallSeconds ?? .nan),
                                            tolerance: tolerance)
            }
            : nil
        self.init(backend: backend, repeatIndex: repeatIndex, seed: document.seed, directory: directory,
                  status: document.status, reachedPosterior: document.status.reachedPosterior,
                  logEvidence: z, logEvidenceError: document.logEvidenceError,
                  logEvidenceMethod: document.logEvidenceMethod, logEvidenceReliable: document.logEvidenceReliable,
                  logEvidenceFailedChecks: document.logEvidenceFailedChecks,
                  distanceFromReference: reference.flatMap { r in z.map { $0 - r } },
                  likelihoodEvaluations: document.likelihoodEvaluations, wallSeconds: document.wallSeconds,
                  evaluationsToTolerance: settled?.evaluations, secondsToTolerance: settled.flatMap { finite($0.seconds) },
                  parameters: document.parameters)
    }

    /// `flow` with one repeat, `flow-r2` with several.
    static func label(backend: String, repeatIndex: Int, repeats: Int) -> String {
        repeats == 1 ? backend : "\(backend)-r\(repeatIndex)"
    }

    /// The evidence is an estimate worth aggregating: β reached 1 and it is finite.
    var hasEstimate: Bool { reachedPosterior && logEvidence != nil }
}
