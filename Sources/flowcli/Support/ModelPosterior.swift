import Inference
import ModelDSL

/// Adapts a compiled model likelihood (ModelDSL + ODE) to the samplers'
/// ``LogLikelihood`` protocol: the only place where ODEs meet inference.
struct ModelLogLikelihood: LogLikelihood {
    let likelihood: ModelLikelihood

    func evaluate(_ points: UnsafeBufferPointer<Double>, count: Int, threads: Int) -> LikelihoodBatch {
        let r = likelihood.logLikelihoods(parameters: points, count: count, threads: threads)
        var failures = FailureCounts()
        for reason in LikelihoodFailureReason.allCases {
            failures.add(FailureReason(rawValue: reason.rawValue), count: r.failures[reason])
        }
        return LikelihoodBatch(values: r.logLikelihoods, failures: failures)
    }
}

extension Prior {
    /// The sampler's prior for a model's prior statement.
    init(_ spec: PriorSpec) throws(PriorError) {
        let d: Distribution
        switch spec.kind {
        case .uniform: d = .uniform(lower: spec.first, upper: spec.second)
        case .logUniform: d = .logUniform(lower: spec.first, upper: spec.second)
        case .normal: d = .normal(mean: spec.first, sd: spec.second)
        case .logNormal: d = .logNormal(mu: spec.first, sigma: spec.second)
        }
        try self.init(d, truncation: spec.truncation)
    }
}

extension Posterior {
    /// The posterior of a model's free parameters given its data.
    init(model: CheckedModel, likelihood: ModelLikelihood) throws {
        var priors: [Prior] = []
        for p in model.parameters {
            do { priors.append(try Prior(p.prior)) } catch {
                throw CLIError("prior of '\(p.name)': \(error)")
            }
        }
        self.init(parameterNames: model.parameters.map(\.name), priors: priors,
                  likelihood: ModelLogLikelihood(likelihood: likelihood))
    }
}
