/// Limits on a run. A run stops at whichever limit it reaches first and says so.
public struct Budget: Sendable, Hashable, Codable {
    /// Maximum number of likelihood evaluations (nil: unlimited).
    public var maxEvaluations: Int?
    /// Maximum wall-clock seconds (nil: unlimited).
    public var maxSeconds: Double?
    /// Threads for likelihood evaluation and training.
    public var threads: Int

    public init(maxEvaluations: Int? = nil, maxSeconds: Double? = nil, threads: Int = 1) {
        self.maxEvaluations = maxEvaluations
        self.maxSeconds = maxSeconds
        self.threads = max(1, threads)
    }
}

/// A progress report, sent after every stage/iteration. The CLI decides how
/// to show it; libraries never print.
public struct ProgressReport: Sendable {
    public var backend: String
    public var row: TraceRow
    /// A one-line description of what just happened (optional).
    public var message: String?

    public init(backend: String, row: TraceRow, message: String? = nil) {
        self.backend = backend
        self.row = row
        self.message = message
    }
}

/// Receives progress reports.
public typealias ProgressSink = @Sendable (ProgressReport) -> Void

/// The interface every sampler implements: given a posterior, a seed, a
/// budget and a progress sink, return weighted samples, a log-evidence with
/// an error bar and a convergence trace.
public protocol InferenceBackend: Sendable {
    /// "flow", "ensemble", "smc", …
    var name: String { get }
    /// The settings in effect, whole, for summaries.
    var settings: JSONValue { get }
    /// Runs the sampler. Throws only for invalid configuration (e.g. too few
    /// walkers); running out of budget is a result status, not an error.
    func run(_ posterior: Posterior, seed: UInt64, budget: Budget, progress: ProgressSink) throws -> InferenceResult
}
