import Foundation
import Inference

/// What a run directory records about where a run came from.
struct RunContext: Sendable {
    var version: String
    var modelFile: String
    var modelName: String
    var dataFile: String?
    var solver: RunDocument.Solver
    var threads: Int
    var budget: Budget
}

extension RunDocument {
    /// The document of `result`. A run stopped by a signal (`interruptedBy`)
    /// has the status `interrupted` whatever the sampler's own status; a run
    /// that did not reach the posterior carries no evidence value (null),
    /// only the estimator's name and why it is not an estimate.
    init(_ result: InferenceResult, context: RunContext, interruptedBy signal: Int32? = nil) {
        let status = Status(result.status, trace: result.trace, evaluations: result.ledger.evaluations,
                            budget: context.budget, interruptedBy: signal)
        let reached = status.reachedPosterior
        let e = result.evidence
        let ess = result.samplesESS
        self.init(
            flowcliVersion: context.version, model: context.modelName, modelFile: context.modelFile,
            dataFile: context.dataFile, backend: result.backend, seed: String(result.seed), threads: context.threads,
            solver: context.solver,
            budget: Limits(maxEvaluations: context.budget.maxEvaluations, maxSeconds: context.budget.maxSeconds),
            settings: result.settings, status: status,
            logEvidence: reached ? finite(e.logEvidence) : nil,
            logEvidenceError: reached ? finite(e.standardError) : nil,
            logEvidenceMethod: e.method, logEvidenceReliable: e.reliable && reached,
            logEvidenceParetoK: e.paretoK.flatMap(finite),
            logEvidenceFailedChecks: Self.checks(e, status: status),
            estimators: result.estimators.map { Estimate($0, status: status) },
            likelihoodEvaluations: result.ledger.evaluations, failedSolves: result.ledger.failures,
            failedSolvesTotal: result.ledger.failedEvaluations, wallSeconds: finite(result.wallSeconds),
            likelihoodSeconds: finite(result.ledger.likelihoodSeconds),
            effectiveSampleSize: result.samples.count == 0 ? nil : finite(ess),   // no samples: no ESS (not 0)
            samples: result.samples.count, equalWeightSamples: EqualWeightSample.count(effectiveSampleSize: ess),
            stages: result.trace.map {
                Stage(stage: $0.stage, beta: finite($0.beta), ess: finite($0.essFraction), evaluations: $0.evaluations)
            },
            parameters: Parameters(result.samples), modes: result.modes.isEmpty ? nil : result.modes.map(Mode.init),
            diagnostics: JSONValue(settings: result.diagnostics), warnings: result.warnings)
    }

    /// The estimate's failed checks, plus the reached-posterior rule when the
    /// run was interrupted (the sampler may not have known).
    static func checks(_ e: EvidenceEstimate, status: Status) -> [ReliabilityCheck] {
        var checks = e.failedChecks
        if !status.reachedPosterior && !checks.contains(where: { $0.rule == .reachedPosterior }) {
            checks.insert(ReliabilityCheck(.reachedPosterior, "the run ended \(status.message): this is not an estimate of the evidence"),
                          at: 0)
        }
        return checks
    }
}

extension RunDocument.Status {
    /// The status of a run that ended with `status` (or was stopped by `signal`).
    /// A limit is named as the user set it (`--max-evals 2500`), also when the
    /// sampler stopped at a population's share of it.
    init(_ status: RunStatus, trace: [TraceRow], evaluations: Int, budget: Budget = Budget(),
         interruptedBy signal: Int32? = nil) {
        let f = NumberFormat.plain
        let lastBeta = trace.last.map(\.beta).flatMap(finite)
        if let signal {
            let beta = lastBeta ?? 0
            self.init(state: .interrupted,
                      message: "interrupted by \(Self.signalName(signal)) at β = \(f.short(beta, 4)) after \(evaluations) evaluations",
                      reachedPosterior: false, beta: beta, evaluations: evaluations)
            return
        }
        switch status {
        case .converged:
            self.init(state: .converged, message: "converged", reachedPosterior: true)
        case .budgetExhausted(let limit):
            let reason = Self.limit(limit, budget: budget)
            self.init(state: .budgetExhausted, message: "budget exhausted (\(reason)) before the evidence converged",
                      reachedPosterior: true, reason: reason)
        case let .stalled(beta, evaluations):
            self.init(state: .stalled,
                      message: "stalled at β = \(f.short(beta, 4)) after \(evaluations) evaluations: β never reached 1",
                      reachedPosterior: false, beta: finite(beta), evaluations: evaluations)
        case .notConverged(let steps):
            self.init(state: .notConverged, message: status.description, reachedPosterior: true, stepsNeeded: steps)
        case .interrupted:
            self.init(state: .interrupted, message: "interrupted at β = \(f.short(lastBeta, 4)) after \(evaluations) evaluations",
                      reachedPosterior: false, beta: lastBeta, evaluations: evaluations)
        }
    }

    /// `2500 likelihood evaluations (--max-evals)`, `4 seconds (--max-seconds)`, `400 stages (the sampler's limit)`.
    static func limit(_ limit: BudgetLimit, budget: Budget) -> String {
        switch limit {
        case .evaluations(let n):
            return "\(budget.maxEvaluations ?? n) likelihood evaluations (--max-evals)"
        case .seconds(let s):
            return "\(NumberFormat.roundTrip(budget.maxSeconds ?? s)) seconds (--max-seconds)"
        case .stages(let n):
            return "\(n) stages (the sampler's limit)"
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(signal)"
        }
    }
}

extension RunDocument.Estimate {
    /// `e` as written: its value only when the run reached the posterior.
    init(_ e: EvidenceEstimate, status: RunDocument.Status) {
        let reached = status.reachedPosterior
        self.init(method: e.method, logEvidence: reached ? finite(e.logEvidence) : nil,
                  standardError: reached ? finite(e.standardError) : nil, reliable: e.reliable && reached,
                  failedChecks: RunDocument.checks(e, status: status),
                  ess: e.effectiveSampleSize.flatMap(finite), samples: e.sampleCount,
                  paretoK: e.paretoK.flatMap(finite), note: e.note)
    }
}
