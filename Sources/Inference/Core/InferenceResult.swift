/// A log marginal-likelihood estimate with its standard error.
public struct EvidenceEstimate: Sendable, Codable, Hashable {
    /// The estimator.
    public var method: EvidenceMethod
    public var logEvidence: Double
    /// One standard error of `logEvidence` (nats).
    public var standardError: Double
    /// ESS of the weights behind the estimate, if it is an importance-sampling one.
    public var effectiveSampleSize: Double?
    /// Number of samples behind the estimate.
    public var sampleCount: Int?
    /// Pareto k̂ of the importance weights behind the estimate (see ``ParetoTail``), if any.
    public var paretoK: Double?
    /// The reliability rules this estimate failed (empty: reliable).
    public var failedChecks: [ReliabilityCheck]
    /// Extra information about the estimate (how its error was computed, …).
    public var note: String?

    /// Whether every reliability rule passed.
    public var reliable: Bool { failedChecks.isEmpty }

    public init(method: EvidenceMethod, logEvidence: Double, standardError: Double,
                effectiveSampleSize: Double? = nil, sampleCount: Int? = nil, paretoK: Double? = nil,
                failedChecks: [ReliabilityCheck] = [], note: String? = nil) {
        self.paretoK = paretoK
        self.method = method
        self.logEvidence = logEvidence
        self.standardError = standardError
        self.effectiveSampleSize = effectiveSampleSize
        self.sampleCount = sampleCount
        self.failedChecks = failedChecks
        self.note = note
    }
}

/// One row of a run's convergence trace (one stage / iteration / block).
public struct TraceRow: Sendable, Codable, Hashable {
    public var stage: Int
    /// Inverse temperature reached (1 = posterior).
    public var beta: Double
    /// ESS of the relevant weights as a fraction of their count.
    public var essFraction: Double
    /// Samples in the pool / particles / walkers.
    public var poolSize: Int
    /// Training loss for flow stages; NaN where not applicable.
    public var loss: Double
    /// Cumulative likelihood evaluations.
    public var evaluations: Int
    /// Cumulative wall-clock seconds.
    public var seconds: Double
    /// Running log-evidence estimate and its error (NaN before one exists).
    public var logEvidence: Double
    public var logEvidenceError: Double
    /// Pareto k̂ of the weights behind the running estimate (NaN where not applicable).
    public var paretoK: Double = .nan

    public init(stage: Int, beta: Double, essFraction: Double, poolSize: Int, loss: Double = .nan,
                evaluations: Int, seconds: Double, logEvidence: Double = .nan, logEvidenceError: Double = .nan) {
        self.stage = stage
        self.beta = beta
        self.essFraction = essFraction
        self.poolSize = poolSize
        self.loss = loss
        self.evaluations = evaluations
        self.seconds = seconds
        self.logEvidence = logEvidence
        self.logEvidenceError = logEvidenceError
    }
}

/// A named setting of a backend, for summaries.
public struct Setting: Sendable, Codable, Hashable {
    public enum Value: Sendable, Codable, Hashable {
        case int(Int), double(Double), string(String), bool(Bool)
    }
    public var name: String
    public var value: Value
    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}

/// Everything a backend returns.
public struct InferenceResult: Sendable, Codable {
    public var backend: String
    public var seed: UInt64
    /// The backend's settings, whole (see ``InferenceBackend/settings``).
    public var settings: JSONValue
    public var samples: WeightedSamples
    /// The headline estimate.
    public var evidence: EvidenceEstimate
    /// Every estimator computed (the headline included).
    public var estimators: [EvidenceEstimate]
    public var trace: [TraceRow]
    public var status: RunStatus
    public var ledger: EvaluationLedger
    public var wallSeconds: Double
    /// Human-readable warnings (unconverged chains, low ESS, ...).
    public var warnings: [String]
    /// Backend-specific diagnostics (name → value), e.g. acceptance fraction, τ.
    public var diagnostics: [Setting]
    /// The modes the run found, heaviest first (empty for backends that do not look for modes).
    public var modes: [ModeSummary] = []
    /// The effective sample size of `samples` where the backend knows it
    /// better than Kish's formula on their weights (e.g. MCMC: corrected for
    /// autocorrelation); nil: use `samples.effectiveSampleSize`.
    public var effectiveSampleSize: Double?

    public init(backend: String, seed: UInt64, settings: JSONValue, samples: WeightedSamples,
                evidence: EvidenceEstimate, estimators: [EvidenceEstimate], trace: [TraceRow],
                status: RunStatus, ledger: EvaluationLedger, wallSeconds: Double,
                warnings: [String] = [], diagnostics: [Setting] = [], effectiveSampleSize: Double? = nil) {
        self.backend = backend
        self.seed = seed
        self.settings = settings
        self.samples = samples
        self.evidence = evidence
        self.estimators = estimators
        self.trace = trace
        self.status = status
        self.ledger = ledger
        self.wallSeconds = wallSeconds
        self.warnings = warnings
        self.diagnostics = diagnostics
        self.effectiveSampleSize = effectiveSampleSize
    }

    /// ``effectiveSampleSize`` if the backend set it, else Kish's ESS of the samples' weights.
    public var samplesESS: Double { effectiveSampleSize ?? samples.effectiveSampleSize }
}
