/// A batched log-likelihood over named parameters in natural units.
///
/// This is the only thing a sampler knows of the model: the samplers never see
/// an ODE. One call evaluates many points, so an implementation can batch and
/// parallelise (for ODE models this is where all the time goes).
///
/// Contract: `values[i]` is finite or −∞ (a failed evaluation); never NaN and
/// never +∞. Failures are tallied by a short reason name. The result must not
/// depend on `threads`.
public protocol LogLikelihood: Sendable {
    /// Evaluates log L at `count` points stored row-major (`count × dimension`).
    func evaluate(_ points: UnsafeBufferPointer<Double>, count: Int, threads: Int) -> LikelihoodBatch
}

/// The result of one batched likelihood call.
public struct LikelihoodBatch: Sendable {
    /// log L per point: finite or −∞.
    public var values: [Double]
    /// Number of failed evaluations (−∞ values) by reason.
    public var failures: FailureCounts

    public init(values: [Double], failures: FailureCounts = FailureCounts()) {
        self.values = values
        self.failures = failures
    }
}

/// A log-likelihood given by a closure of one point (tests, toy targets).
///
/// Evaluated serially; the closure must be pure.
public struct ClosureLogLikelihood: LogLikelihood {
    public let dimension: Int
    private let function: @Sendable (UnsafeBufferPointer<Double>) -> Double

    public init(dimension: Int, _ function: @escaping @Sendable (UnsafeBufferPointer<Double>) -> Double) {
        self.dimension = dimension
        self.function = function
    }

    public func evaluate(_ points: UnsafeBufferPointer<Double>, count: Int, threads: Int) -> LikelihoodBatch {
        var values = [Double](repeating: -.infinity, count: count)
        var failures = FailureCounts()
        for i in 0..<count {
            let row = UnsafeBufferPointer(rebasing: points[(i * dimension)..<((i + 1) * dimension)])
            let v = function(row)
            if v.isNaN || v == .infinity {
                failures.add(.nonFiniteLikelihood)
            } else {
                values[i] = v
                if v == -.infinity { failures.add(.zeroLikelihood) }
            }
        }
        return LikelihoodBatch(values: values, failures: failures)
    }
}
