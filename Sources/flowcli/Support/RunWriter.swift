import Foundation
import Inference

/// What a run directory records about where the run came from.
struct RunContext {
    var version: String
    var modelFile: String
    var modelName: String
    var dataFile: String?
    var relativeTolerance: Double
    var absoluteTolerance: Double
    var maxSteps: Int
    var threads: Int
    /// Extra key/values for the summary (e.g. budget).
    var extra: [(String, JSONValue)] = []
}

/// Writes `summary.json`, `samples.csv` and `trace.csv` of a result into a
/// directory, each atomically.
enum RunWriter {
    static func write(_ result: InferenceResult, context: RunContext, to dir: String) throws {
        try AtomicFile.write(samplesCSV(result, context: context), to: dir + "/samples.csv")
        try AtomicFile.write(traceCSV(result), to: dir + "/trace.csv")
        try AtomicFile.write(summary(result, context: context).rendered() + "\n", to: dir + "/summary.json")
    }

    static func header(_ result: InferenceResult, context: RunContext) -> String {
        """
        # flowcli \(context.version)
        # model: \(context.modelFile)
        # data: \(context.dataFile ?? "none")
        # backend: \(result.backend)  seed: \(result.seed)  threads: \(context.threads)
        # solver: Dormand-Prince 5(4) rtol=\(context.relativeTolerance) atol=\(context.absoluteTolerance) max_steps=\(context.maxSteps)
        # log_evidence: \(result.evidence.logEvidence) ± \(result.evidence.standardError) (\(result.evidence.method.identifier))
        # weights are unnormalised log importance weights; samples are not resampled; parameters in natural units

        """
    }

    static func samplesCSV(_ result: InferenceResult, context: RunContext) -> String {
        let s = result.samples
        var out = header(result, context: context)
        out += (["log_weight", "log_likelihood", "log_prior"] + s.parameterNames).joined(separator: ",") + "\n"
        for i in 0..<s.count {
            var row = [number(s.logWeights[i]), number(s.logLikelihoods[i]), number(s.logPriors[i])]
            for j in 0..<s.dimension { row.append(number(s.value(i, j))) }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    static func traceCSV(_ result: InferenceResult) -> String {
        var out = "stage,beta,ess_fraction,pool_size,loss,evaluations,seconds,log_evidence,log_evidence_error,pareto_k\n"
        for r in result.trace {
            out += [String(r.stage), number(r.beta), number(r.essFraction), String(r.poolSize), number(r.loss),
                    String(r.evaluations), number(r.seconds), number(r.logEvidence), number(r.logEvidenceError),
                    number(r.paretoK)]
                .joined(separator: ",") + "\n"
        }
        return out
    }

    /// CSV number: shortest round-trip text; `-inf`, `inf`, `nan` spelled as pandas reads them.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x == .infinity { return "inf" }
        if x == -.infinity { return "-inf" }
        return "\(x)"
    }

    static func estimate(_ e: EvidenceEstimate) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("method", .string(e.method.identifier)),
            ("log_evidence", .number(e.logEvidence)),
            ("standard_error", .number(e.standardError)),
            ("reliable", .bool(e.reliable)),
        ]
        if let ess = e.effectiveSampleSize { pairs.append(("ess", .number(ess))) }
        if let k = e.paretoK, k.isFinite { pairs.append(("pareto_k", .number(k))) }
        if let n = e.sampleCount { pairs.append(("samples", .int(n))) }
        if let note = e.note { pairs.append(("note", .string(note))) }
        return .object(pairs)
    }

    static func settingValue(_ v: Setting.Value) -> JSONValue {
        switch v {
        case .int(let i): return .int(i)
        case .double(let d): return .number(d)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        }
    }

    static func status(_ s: RunStatus) -> JSONValue {
        switch s {
        case .converged: return .object([("state", .string("converged"))])
        case .budgetExhausted(let limit):
            return .object([("state", .string("budget_exhausted")), ("reason", .string(limit.description)), ("message", .string(s.description))])
        case let .stalled(beta, evaluations):
            return .object([("state", .string("stalled")), ("beta", .number(beta)), ("evaluations", .int(evaluations)),
                            ("message", .string(s.description))])
        case .interrupted: return .object([("state", .string("interrupted"))])
        case .notConverged(let steps):
            return .object([("state", .string("not_converged")), ("steps_needed", steps.map { .int($0) } ?? .null),
                            ("message", .string(s.description))])
        }
    }

    static func summary(_ result: InferenceResult, context: RunContext) -> JSONValue {
        let summaries = result.samples.summaries()
        var parameters: [(String, JSONValue)] = []
        for s in summaries {
            var q: [(String, JSONValue)] = []
            for (level, value) in zip(ParameterSummary.quantileLevels, s.quantiles) {
                q.append((String(format: "q%02d", Int((level * 100).rounded())), .number(value)))
            }
            parameters.append((s.name, .object([("mean", .number(s.mean)), ("sd", .number(s.sd))] + q)))
        }
        let failures = result.ledger.failures.sorted.map { ($0.reason.rawValue, JSONValue.int($0.count)) }
        var pairs: [(String, JSONValue)] = [
            ("flowcli_version", .string(context.version)),
            ("model", .string(context.modelName)),
            ("model_file", .string(context.modelFile)),
            ("data_file", context.dataFile.map { .string($0) } ?? .null),
            ("backend", .string(result.backend)),
            ("seed", .string(String(result.seed))),
            ("threads", .int(context.threads)),
            ("solver", .object([("method", .string("dormand_prince_54")),
                                ("rtol", .number(context.relativeTolerance)),
                                ("atol", .number(context.absoluteTolerance)),
                                ("max_steps", .int(context.maxSteps))])),
            ("settings", result.settings),
            ("status", status(result.status)),
            ("log_evidence", .number(result.evidence.logEvidence)),
            ("log_evidence_error", .number(result.evidence.standardError)),
            ("log_evidence_method", .string(result.evidence.method.identifier)),
            ("log_evidence_reliable", .bool(result.evidence.reliable)),
            ("log_evidence_pareto_k", result.evidence.paretoK.flatMap { $0.isFinite ? JSONValue.number($0) : nil } ?? .null),
            ("estimators", .array(result.estimators.map(estimate))),
            ("likelihood_evaluations", .int(result.ledger.evaluations)),
            ("failed_solves", .object(failures)),
            ("failed_solves_total", .int(result.ledger.failedEvaluations)),
            ("wall_seconds", .number(result.wallSeconds)),
            ("likelihood_seconds", .number(result.ledger.likelihoodSeconds)),
            ("effective_sample_size", .number(result.samplesESS)),
            ("samples", .int(result.samples.count)),
            ("stages", .array(result.trace.map {
                .object([("stage", .int($0.stage)), ("beta", .number($0.beta)), ("ess", .number($0.essFraction)),
                         ("evaluations", .int($0.evaluations))])
            })),
            ("parameters", .object(parameters)),
            ("diagnostics", JSONValue(settings: result.diagnostics)),
            ("modes", JSONValue(encoding: result.modes)),
            ("warnings", .array(result.warnings.map { .string($0) })),
        ]
        pairs.append(contentsOf: context.extra)
        return .object(pairs)
    }
}
