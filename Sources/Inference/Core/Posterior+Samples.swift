extension Posterior {
    /// Natural-unit images of `count` unconstrained points (row-major,
    /// `count × d`): the one place points leave the sampler's space. Cost O(count · d).
    public func natural(points u: [Double], count: Int) -> [Double] {
        let d = dimension
        precondition(u.count == count * d, "points must be count × dimension")
        var x = [Double](repeating: 0, count: count * d)
        for i in 0..<count {
            for j in 0..<d { x[i * d + j] = priors[j].natural(u[i * d + j]) }
        }
        return x
    }

    /// Converts unconstrained points (row-major, `count × d`) to
    /// ``WeightedSamples`` in natural units, with the natural-unit log prior
    /// of each point. Cost O(count · d); no likelihood evaluations.
    public func naturalSamples(unconstrained u: [Double], logWeights: [Double], logLikelihoods: [Double]) -> WeightedSamples {
        let d = dimension
        let count = logWeights.count
        let x = natural(points: u, count: count)
        var logPriors = [Double](repeating: 0, count: count)
        x.withUnsafeBufferPointer { xb in
            for i in 0..<count {
                logPriors[i] = logPrior(natural: UnsafeBufferPointer(rebasing: xb[(i * d)..<((i + 1) * d)]))
            }
        }
        return WeightedSamples(parameterNames: parameterNames, values: x, logWeights: logWeights,
                               logLikelihoods: logLikelihoods, logPriors: logPriors)
    }
}
