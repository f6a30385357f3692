/// A density over ℝᵈ that can be sampled, evaluated and fitted to weighted
/// samples: what the ESS-annealed sampler needs of a normalizing flow.
///
/// Points are stored row-major (`count × dimension`). Implementations are
/// value types so that the sampler can keep the proposal of every stage (for
/// the mixture density of its pool) and checkpoint them.
public protocol ProposalDensity: Sendable {
    var dimension: Int { get }

    /// `count` independent draws and their log-densities.
    func sample(count: Int, using rng: inout RandomSource, threads: Int) -> (points: [Double], logDensity: [Double])

    /// log q(x) of `count` points; finite or −∞, never NaN.
    func logDensity(of points: [Double], count: Int, threads: Int) -> [Double]

    /// Fits the density to weighted samples by minimising the weighted
    /// negative log-likelihood −Σᵢ w̄ᵢ log q(xᵢ) (forward KL to the weighted
    /// empirical target). `weights` are non-negative and need not be normalised.
    /// Returns the final training loss.
    mutating func fit(points: [Double], weights: [Double], count: Int,
                      using rng: inout RandomSource, threads: Int) throws -> Double

    /// A copy whose draws are spread `scale` times wider in the density's own
    /// geometry (for a flow: a base N(0, scale² I)); the default is the density itself.
    func widened(_ scale: Double) -> Self

    /// A copy that only needs to sample and evaluate (no training state, e.g.
    /// no optimizer moments): what the pool keeps of past stages' proposals,
    /// so that checkpoints stay small. The default is the density itself.
    func densityOnly() -> Self
}

extension ProposalDensity {
    public func widened(_ scale: Double) -> Self { self }
    public func densityOnly() -> Self { self }
}
