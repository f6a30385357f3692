import Inference
import ODE

/// A run's record: one `Codable` value that *is* `summary.json`.
///
/// `fit` and `compare` build it from an ``InferenceResult`` and the run's
/// context (``RunDocument/init(_:context:interruptedBy:)``); ``RunWriter``
/// encodes it with `JSONEncoder`; `report` and `compare` decode it with
/// `JSONDecoder` (``RunDocument/load(path:)``), so the key names live in one
/// place — the `CodingKeys` below — and the writer and its readers cannot
/// drift apart. `fit --report` hands the in-memory value to the report.
///
/// Conventions of the file: snake_case keys, sorted; numbers that are not
/// finite (or do not exist, e.g. the evidence of a run that never reached the
/// posterior) are `null`; optional extras (an estimator's `ess`, a stalled
/// status's `beta`) are left out when absent. ``format`` names the layout.
struct RunDocument: Codable, Sendable, Equatable {
    /// The layout written by this flowcli. 2: typed document (settings nested,
    /// failed reliability checks, `null` evidence for runs that never reached
    /// the posterior, equal-weight sample count). Files without `format` are
    /// from older versions.
    static let currentFormat = 2

    var format: Int = RunDocument.currentFormat
    var flowcliVersion: String
    /// The model's name, and the paths of the model and data files as given.
    var model: String
    var modelFile: String
    @Nullable var dataFile: String?
    var backend: String
    /// The seed, as text: it may exceed 2⁵³.
    var seed: String
    var threads: Int
    var solver: Solver
    var budget: Limits
    /// The backend's settings, whole (nested as the backend's settings value).
    var settings: JSONValue
    var status: Status

    /// The headline log-evidence (natural log) and its standard error; null
    /// when the run did not reach the posterior or the estimate is not finite.
    @Nullable var logEvidence: Double?
    @Nullable var logEvidenceError: Double?
    var logEvidenceMethod: EvidenceMethod
    var logEvidenceReliable: Bool
    @Nullable var logEvidenceParetoK: Double?
    /// The reliability rules the headline failed (empty when reliable).
    var logEvidenceFailedChecks: [ReliabilityCheck]
    /// Every estimator computed, the headline included.
    var estimators: [Estimate]

    var likelihoodEvaluations: Int
    /// Failed likelihood evaluations by reason (an object `{reason: count}`).
    var failedSolves: FailureCounts
    var failedSolvesTotal: Int
    @Nullable var wallSeconds: Double?
    @Nullable var likelihoodSeconds: Double?
    /// Kish ESS of the weighted samples, and their number (rows of samples.csv).
    @Nullable var effectiveSampleSize: Double?
    var samples: Int
    /// Rows of samples_equal.csv (round(ESS) equal-weight draws).
    var equalWeightSamples: Int
    var stages: [Stage]
    /// Weighted posterior summaries per parameter.
    var parameters: Parameters
    /// The modes the sampler found, heaviest first (absent when the backend reports none).
    var modes: [Mode]?
    /// Backend-specific diagnostics.
    var diagnostics: JSONValue
    var warnings: [String]

    /// The flow backend's `weight_outside_found_modes` diagnostic, if recorded:
    /// the weight beyond every listed mode's basin.
    var weightOutsideFoundModes: Double? {
        switch diagnostics["weight_outside_found_modes"] {
        case .number(let x)?: return x
        case .int(let n)?: return Double(n)
        default: return nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, model, backend, seed, threads, solver, budget, settings, status, estimators, samples, stages
        case parameters, modes, diagnostics, warnings
        case flowcliVersion = "flowcli_version"
        case modelFile = "model_file"
        case dataFile = "data_file"
        case logEvidence = "log_evidence"
        case logEvidenceError = "log_evidence_error"
        case logEvidenceMethod = "log_evidence_method"
        case logEvidenceReliable = "log_evidence_reliable"
        case logEvidenceParetoK = "log_evidence_pareto_k"
        case logEvidenceFailedChecks = "log_evidence_failed_checks"
        case likelihoodEvaluations = "likelihood_evaluations"
        case failedSolves = "failed_solves"
        case failedSolvesTotal = "failed_solves_total"
        case wallSeconds = "wall_seconds"
        case likelihoodSeconds = "likelihood_seconds"
        case effectiveSampleSize = "effective_sample_size"
        case equalWeightSamples = "equal_weight_samples"
    }
}

extension RunDocument {
    /// The ODE solver and its tolerances. `method` names the choice
    /// (`auto`, `dopri5`, `rodas4`, `rodas5p`; documents written before the
    /// choice existed say `dormand_prince_54`), `stiffMethod` the Rosenbrock
    /// method it uses on stiff problems (null for `dopri5`).
    struct Solver: Codable, Sendable, Equatable {
        var method: String
        @Nullable var stiffMethod: String?
        var rtol: Double
        var atol: Double
        var maxSteps: Int

        /// The adaptive Dormand–Prince 5(4) method, as documents before `--solver` named it.
        static let dormandPrince54 = "dormand_prince_54"

        enum CodingKeys: String, CodingKey {
            case method, rtol, atol
            case stiffMethod = "stiff_method"
            case maxSteps = "max_steps"
        }

        init(method: String, stiffMethod: String? = nil, rtol: Double, atol: Double, maxSteps: Int) {
            self.method = method
            self.stiffMethod = stiffMethod
            self.rtol = rtol
            self.atol = atol
            self.maxSteps = maxSteps
        }

        /// The record of `options`.
        init(_ options: SolverOptions) {
            let stiff: SolverChoice? = switch options.method {
            case .dopri5: nil
            case .auto: SolverChoice.autoStiffMethod
            case .rodas4, .rodas5p: options.method
            }
            self.init(method: options.method.rawValue, stiffMethod: stiff?.rawValue, rtol: options.relativeTolerance,
                      atol: options.absoluteTolerance, maxSteps: options.maxSteps)
        }

        /// The method recorded, if this flowcli knows it (`dormand_prince_54` is ``SolverChoice/dopri5``).
        var choice: SolverChoice? {
            method == Self.dormandPrince54 ? .dopri5 : SolverChoice(rawValue: method)
        }

        /// The options to solve with as the run did (an unknown method: ``SolverChoice/auto``).
        var options: SolverOptions {
            SolverOptions(relativeTolerance: rtol, absoluteTolerance: atol, maxSteps: maxSteps, method: choice ?? .auto)
        }

        /// `auto (Dormand-Prince 5(4), Rodas5P once stiff), rtol 1e-06, atol 1e-08, max steps 100000`.
        var text: String {
            "\(choice?.description ?? method), rtol \(rtol), atol \(atol), max steps \(maxSteps)"
        }
    }

    /// The run's limits (`--max-evals`, `--max-seconds`); null when unlimited.
    struct Limits: Codable, Sendable, Equatable {
        @Nullable var maxEvaluations: Int?
        @Nullable var maxSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case maxEvaluations = "max_evaluations"
            case maxSeconds = "max_seconds"
        }
    }

    /// How the run ended.
    struct Status: Codable, Sendable, Equatable {
        enum State: String, Codable, Sendable {
            case converged
            case budgetExhausted = "budget_exhausted"
            case stalled
            case interrupted
            case notConverged = "not_converged"
        }

        var state: State
        /// The ending in words.
        var message: String
        /// Whether β reached 1, so that the evidence is an estimate.
        var reachedPosterior: Bool
        /// The limit that was reached (`budget_exhausted`).
        var reason: String?
        /// The β reached (`stalled`, `interrupted`).
        var beta: Double?
        /// Evaluations when the run stalled or was interrupted.
        var evaluations: Int?
        /// The sampler's estimate of the steps a converged run needs (`not_converged`, when it can make one).
        var stepsNeeded: Int?

        enum CodingKeys: String, CodingKey {
            case state, message, reason, beta, evaluations
            case reachedPosterior = "reached_posterior"
            case stepsNeeded = "steps_needed"
        }
    }

    /// One evidence estimate.
    struct Estimate: Codable, Sendable, Equatable {
        var method: EvidenceMethod
        @Nullable var logEvidence: Double?
        @Nullable var standardError: Double?
        var reliable: Bool
        var failedChecks: [ReliabilityCheck]
        /// ESS of the weights behind it, number of samples, Pareto k̂ of the weights (when they apply).
        var ess: Double?
        var samples: Int?
        var paretoK: Double?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case method, reliable, ess, samples, note
            case logEvidence = "log_evidence"
            case standardError = "standard_error"
            case failedChecks = "failed_checks"
            case paretoK = "pareto_k"
        }
    }

    /// One stage (trace row) in short.
    struct Stage: Codable, Sendable, Equatable {
        var stage: Int
        @Nullable var beta: Double?
        /// ESS fraction of the stage's weights.
        @Nullable var ess: Double?
        var evaluations: Int
    }

    /// One mode the sampler found (``ModeSummary``): where it is, its share
    /// of the posterior with an error, and which populations found it, when and how.
    struct Mode: Codable, Sendable, Equatable {
        /// The optimum in natural units, in the parameters' order (`parameters` of samples.csv).
        var center: [Double?]
        /// log posterior density (unconstrained space) at the optimum.
        @Nullable var logTarget: Double?
        /// Share of the posterior weight in the mode's basin, and its standard error.
        @Nullable var weight: Double?
        @Nullable var weightError: Double?
        var foundBy: [Finding]

        /// One population's finding of the mode.
        struct Finding: Codable, Sendable, Equatable {
            /// 1-based population.
            var population: Int
            var discovery: Discovery
            /// The mode's share of that population's own final weights.
            @Nullable var populationWeight: Double?

            enum CodingKeys: String, CodingKey {
                case population, discovery
                case populationWeight = "population_weight"
            }
        }

        /// When and how a population found the mode (``ModeDiscovery``).
        struct Discovery: Codable, Sendable, Equatable {
            /// The annealing stage (0-based) whose draws started the search, and its β.
            var stage: Int
            @Nullable var beta: Double?
            /// Share of that stage's pool weight already in the basin before the search found it.
            @Nullable var poolShareBefore: Double?
            /// Whether the search started from relabelling another mode's values.
            var byRelabelling: Bool
            /// The population (1-based) that found the mode and shared it after the populations disagreed.
            @Nullable var sharedFrom: Int?
            /// Whether only a start at the user's guess (`--guess`) reached the mode
            /// (absent in documents written before guesses existed).
            var fromGuess: Bool?

            enum CodingKeys: String, CodingKey {
                case stage, beta
                case poolShareBefore = "pool_share_before"
                case byRelabelling = "by_relabelling"
                case sharedFrom = "shared_from"
                case fromGuess = "from_guess"
            }
        }

        enum CodingKeys: String, CodingKey {
            case center, weight
            case logTarget = "log_target"
            case weightError = "weight_error"
            case foundBy = "found_by"
        }

        init(_ m: ModeSummary) {
            center = m.center.map(finite)
            logTarget = finite(m.logTarget)
            weight = finite(m.weight)
            weightError = finite(m.weightError)
            foundBy = m.foundBy.map {
                Finding(population: $0.population,
                        discovery: Discovery(stage: $0.discovery.stage, beta: finite($0.discovery.beta),
                                             poolShareBefore: finite($0.discovery.poolShareBefore),
                                             byRelabelling: $0.discovery.byRelabelling,
                                             sharedFrom: $0.discovery.sharedFrom,
                                             fromGuess: $0.discovery.fromGuess),
                        populationWeight: finite($0.populationWeight))
            }
        }
    }
}
