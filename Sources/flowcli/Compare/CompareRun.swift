import Inference

/// What `compare` keeps of one run once its directory is written: identity,
/// evidence, cost, when the evidence settled, and each parameter's posterior
/// mean and sd. (The samples themselves are not kept in memory.)
struct CompareRun: Sendable {
    var backend: String
    /// 1-based repeat index.
    var repeatIndex: Int
    var seed: UInt64
    /// The run directory, e.g. `runs/m-compare/flow-r2`.
    var directory: String
    /// `converged`, `budget_exhausted`, `stalled`, `interrupted`, `not_converged`.
    var state: String
    /// Whether β reached 1, so that the evidence is an estimate.
    var reachedPosterior: Bool
    var status: RunStatus
    /// The reliability rules the headline estimate failed (empty: reliable).
    var failedRules: [String]
    var logEvidence: Double
    var logEvidenceError: Double
    var method: String
    var reliable: Bool
    var evaluations: Int
    var seconds: Double
    /// Cost until the running log Ẑ stayed within the tolerance of the final value (nil if it has no final value).
    var settledEvaluations: Int?
    var settledSeconds: Double?
    var parameterNames: [String]
    var means: [Double]
    var sds: [Double]
}

extension CompareRun {
    /// The record of `result`, run `repeatIndex` of `backend`, written to `directory`.
    init(_ result: InferenceResult, backend: String, repeatIndex: Int, directory: String, tolerance: Double) {
        self.backend = backend
        self.repeatIndex = repeatIndex
        seed = result.seed
        self.directory = directory
        state = result.status.state
        status = result.status
        failedRules = result.evidence.failedChecks.map(\.rule.rawValue)
        reachedPosterior = result.status.reachedPosterior
        logEvidence = result.evidence.logEvidence
        logEvidenceError = result.evidence.standardError
        method = result.evidence.method.identifier
        reliable = result.evidence.reliable
        evaluations = result.ledger.evaluations
        seconds = result.wallSeconds
        let points = result.trace.map {
            EvidenceConvergence.Point(evaluations: $0.evaluations, seconds: $0.seconds, logEvidence: $0.logEvidence)
        }
        let settled = reachedPosterior
            ? EvidenceConvergence.settled(trace: points, final: logEvidence, end: (evaluations, seconds), tolerance: tolerance)
            : nil
        settledEvaluations = settled?.evaluations
        settledSeconds = settled?.seconds
        let summaries = result.samples.summaries()
        parameterNames = summaries.map(\.name)
        means = summaries.map(\.mean)
        sds = summaries.map(\.sd)
    }

    /// `flow` with one repeat, `flow-r2` with several.
    static func label(backend: String, repeatIndex: Int, repeats: Int) -> String {
        repeats == 1 ? backend : "\(backend)-r\(repeatIndex)"
    }

    /// The evidence is an estimate worth aggregating: β reached 1 and it is finite.
    var hasEstimate: Bool { reachedPosterior && logEvidence.isFinite }
}
