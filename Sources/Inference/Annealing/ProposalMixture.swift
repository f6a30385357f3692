import Foundation

/// q(x) = Σ_f v_f q_f(x) + Σ_k w_k g_k(x): flows plus elliptical components.
///
/// The flows are the global annealing flow and, once modes have been found,
/// one flow per mode. The components are (a) a broad "defensive" density
/// (Hesterberg 1995), so that importance weights p/q stay bounded by p/(w g)
/// wherever the flows have lost coverage and draws keep landing outside the
/// flows' support; and (b) Student-t Laplace approximations at modes found by
/// local search, so that narrow basins which draws from a flow alone would
/// never hit receive draws at every stage. Since the density of the whole
/// mixture is exact, the importance weights — and the evidence — stay
/// unbiased whatever the components are.
///
/// Sampling is stratified: exactly round(fraction·n) draws from each part (the
/// first flow takes the remainder), which lowers variance; the mixture density
/// is used for every draw (deterministic-mixture weighting). Callers choose
/// fractions that are whole numbers of draws so the two agree exactly.
/// `fit` fits the first flow only. Cost: one density evaluation of every part
/// per point.
public struct ProposalMixture<Main: ProposalDensity>: ProposalDensity {
    public var flows: [Main]
    public var flowFractions: [Double]
    public var components: [EllipticalDensity]
    public var componentFractions: [Double]

    /// A mixture; the fractions of all parts must be ≥ 0 and sum to 1.
    public init(flows: [Main], flowFractions: [Double], components: [EllipticalDensity] = [], componentFractions: [Double] = []) {
        precondition(!flows.isEmpty && flows.count == flowFractions.count && components.count == componentFractions.count)
        precondition((flowFractions + componentFractions).allSatisfy { $0 >= 0 })
        precondition(abs((flowFractions + componentFractions).reduce(0, +) - 1) < 1e-9)
        precondition(components.allSatisfy { $0.dimension == flows[0].dimension })
        self.flows = flows
        self.flowFractions = flowFractions
        self.components = components
        self.componentFractions = componentFractions
    }

    /// Each flow density-only (see ``ProposalDensity/densityOnly()``).
    public func densityOnly() -> ProposalMixture {
        var copy = self
        copy.flows = flows.map { $0.densityOnly() }
        return copy
    }

    /// A single flow.
    public init(main: Main) {
        self.init(flows: [main], flowFractions: [1])
    }

    public var dimension: Int { flows[0].dimension }

    /// Draws per part for a batch of `count`: flows first, then components.
    public func counts(_ count: Int) -> (flows: [Int], components: [Int]) {
        func share(_ f: Double) -> Int { Int((f * Double(count)).rounded()) }
        var f = flowFractions.map(share)
        let c = componentFractions.map(share)
        f[0] = max(0, count - f.dropFirst().reduce(0, +) - c.reduce(0, +))
        return (f, c)
    }

    public func sample(count: Int, using rng: inout RandomSource, threads: Int) -> (points: [Double], logDensity: [Double]) {
        let (f, c) = counts(count)
        var points: [Double] = []
        for (k, n) in f.enumerated() where n > 0 { points += flows[k].sample(count: n, using: &rng, threads: threads).points }
        for (k, n) in c.enumerated() where n > 0 { points += components[k].sample(count: n, using: &rng, threads: threads).points }
        let total = points.count / dimension
        return (points, logDensity(of: points, count: total, threads: threads))
    }

    public func logDensity(of points: [Double], count: Int, threads: Int) -> [Double] {
        var columns: [[Double]] = []
        var logFractions: [Double] = []
        for (k, f) in flowFractions.enumerated() where f > 0 {
            columns.append(flows[k].logDensity(of: points, count: count, threads: threads))
            logFractions.append(Foundation.log(f))
        }
        for (k, f) in componentFractions.enumerated() where f > 0 {
            columns.append(components[k].logDensity(of: points, count: count, threads: threads))
            logFractions.append(Foundation.log(f))
        }
        return LogWeights.logMixture(columns: columns, logFractions: logFractions, count: count)
    }

    /// The density of the flows alone, renormalised to their total fraction.
    public func flowsLogDensity(of points: [Double], count: Int, threads: Int) -> [Double] {
        let total = flowFractions.reduce(0, +)
        guard total > 0 else { return [Double](repeating: -.infinity, count: count) }
        let only = ProposalMixture(flows: flows, flowFractions: flowFractions.map { $0 / total })
        return only.logDensity(of: points, count: count, threads: threads)
    }

    public mutating func fit(points: [Double], weights: [Double], count: Int,
                             using rng: inout RandomSource, threads: Int) throws -> Double {
        try flows[0].fit(points: points, weights: weights, count: count, using: &rng, threads: threads)
    }
}

extension ProposalMixture: Codable where Main: Codable {}
