extension LadderLogLikelihoods {
    /// Per temperature k, the integrated autocorrelation time τ_k (in steps)
    /// of log L over `range`: the larger of emcee's per-walker τ (the
    /// autocorrelation functions of the walker slots averaged) and the τ of
    /// the walker-mean series, which also sees correlations between walkers
    /// (swaps exchange states between slots). A rung is only sampled well
    /// once its chain is many τ_k long: stepping stone and thermodynamic
    /// integration average log L at every rung, not only at β = 1.
    ///
    /// A failed log L (−∞) is replaced by the window's smallest finite value
    /// minus 1, so entering or leaving a failed region counts as a change;
    /// slots whose log L never changes carry no autocorrelation information
    /// and are skipped (τ_k = 1 if none changes). Cost O(K · W · n log n).
    public func autocorrelationTimes(steps range: Range<Int>) -> [Double] {
        guard range.count >= 2 else { return [Double](repeating: .infinity, count: temperatures) }
        return (0..<temperatures).map { k in
            var series = (0..<walkers).map { i in range.map { value(step: $0, temperature: k, walker: i) } }
            let floor = series.joined().filter(\.isFinite).min() ?? 0
            for i in series.indices { series[i] = series[i].map { $0.isFinite ? $0 : floor - 1 } }
            let moving = series.filter { s in s.contains { $0 != s[0] } }
            guard !moving.isEmpty else { return 1 }
            let perWalker = Autocorrelation.integratedTime(moving)
            let means = (0..<range.count).map { t in moving.reduce(0) { $0 + $1[t] } / Double(moving.count) }
            let ofMean = means.contains { $0 != means[0] } ? Autocorrelation.integratedTime([means]) : 1
            return max(perWalker, ofMean)
        }
    }
}
