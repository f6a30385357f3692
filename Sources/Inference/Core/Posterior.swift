import Foundation

/// A Bayesian posterior over named parameters, seen by samplers in the
/// unconstrained space ℝᵈ defined by the priors' bijections.
///
/// With u the unconstrained point and x(u) its natural-unit image,
/// `log π_β(u) = log p_u(u) + β · log L(x(u))`, where
/// `log p_u(u) = Σⱼ log pⱼ(xⱼ(uⱼ)) + log|dxⱼ/duⱼ|` is the prior density of u
/// (see ``Prior/logDensity(unconstrained:)``). The marginal likelihood
/// `Z = ∫ p(x) L(x) dx = ∫ p_u(u) L(x(u)) du` is the same in both spaces.
public struct Posterior: Sendable {
    public let parameterNames: [String]
    public let priors: [Prior]
    public let likelihood: any LogLikelihood
    /// Points the user believes are good (natural units, one value per
    /// parameter), e.g. a published optimum: the flow backend's first mode
    /// search climbs from each of them besides its own starts
    /// (``guessStarts()``), and reports the modes only they reached. They
    /// change where the search looks, never the posterior.
    public var guesses: [[Double]]

    public init(parameterNames: [String], priors: [Prior], likelihood: any LogLikelihood, guesses: [[Double]] = []) {
        precondition(parameterNames.count == priors.count, "one prior per parameter")
        precondition(guesses.allSatisfy { $0.count == priors.count }, "one value per parameter in a guess")
        self.parameterNames = parameterNames
        self.priors = priors
        self.likelihood = likelihood
        self.guesses = guesses
    }

    /// d, the number of free parameters.
    public var dimension: Int { priors.count }

    /// Natural-unit image of one unconstrained point.
    public func natural(_ u: [Double]) -> [Double] {
        zip(priors, u).map { $0.natural($1) }
    }

    /// Unconstrained image of one natural-unit point.
    public func unconstrained(_ x: [Double]) -> [Double] {
        zip(priors, x).map { $0.unconstrained($1) }
    }

    /// log p_u(u) of one unconstrained point.
    public func logPrior(unconstrained u: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0
        for j in 0..<priors.count { s += priors[j].logDensity(unconstrained: u[j]) }
        return s
    }

    /// Σⱼ log pⱼ(xⱼ): the prior density in natural units, for reporting.
    public func logPrior(natural x: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0
        for j in 0..<priors.count { s += priors[j].logDensity(x[j]) }
        return s
    }

    /// `count` independent prior draws, unconstrained, row-major.
    public func samplePrior(count: Int, using rng: inout RandomSource) -> [Double] {
        var u = [Double](repeating: 0, count: count * dimension)
        for i in 0..<count {
            for j in 0..<dimension {
                u[i * dimension + j] = priors[j].unconstrained(priors[j].sample(using: &rng))
            }
        }
        return u
    }

    /// Evaluates log L and log p_u at `count` unconstrained points (row-major),
    /// recording the cost in `ledger`. This is the one place samplers pay for
    /// likelihoods.
    public func evaluate(
        unconstrained u: [Double], count: Int, threads: Int, ledger: inout EvaluationLedger
    ) -> (logLikelihood: [Double], logPrior: [Double]) {
        let d = dimension
        precondition(u.count == count * d)
        let x = natural(points: u, count: count)
        var logPrior = [Double](repeating: 0, count: count)
        u.withUnsafeBufferPointer { ub in
            for i in 0..<count {
                logPrior[i] = self.logPrior(unconstrained: UnsafeBufferPointer(rebasing: ub[(i * d)..<((i + 1) * d)]))
            }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        var batch = x.withUnsafeBufferPointer { likelihood.evaluate($0, count: count, threads: threads) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        for i in 0..<count where batch.values[i].isNaN || batch.values[i] == .infinity {
            batch.values[i] = -.infinity
            batch.failures.add(.nonFiniteLikelihood)
        }
        ledger.record(count: count, seconds: elapsed, failures: batch.failures)
        return (batch.values, logPrior)
    }
}

/// The cost of a run so far: likelihood evaluations, their time, and failures by reason.
public struct EvaluationLedger: Sendable, Hashable, Codable {
    public private(set) var evaluations = 0
    public private(set) var likelihoodSeconds = 0.0
    public private(set) var failures = FailureCounts()

    public init() {}

    public mutating func record(count: Int, seconds: Double, failures newFailures: FailureCounts) {
        evaluations += count
        likelihoodSeconds += seconds
        failures.merge(newFailures)
    }

    /// Total failed evaluations.
    public var failedEvaluations: Int { failures.total }
}
