import Inference

/// The differential-evolution move (ter Braak 2006; emcee's `DEMove`).
///
/// For walker x and two distinct walkers c₁, c₂ of the complementary half,
/// propose y = x + γ (c₁ − c₂) + σ ε with ε ~ N(0, I). The proposal is
/// symmetric (log factor 0). The default γ = 2.38/√(2d) is optimal for
/// Gaussian targets; the small jitter σ keeps the ensemble from collapsing onto
/// a subspace. Cost O(d) per walker.
public struct DifferentialEvolutionMove: EnsembleMove {
    /// γ; nil means 2.38/√(2d), resolved at proposal time.
    public let gamma: Double?
    /// σ, the jitter standard deviation in unconstrained units.
    public let jitter: Double

    /// - Throws: ``BaselineError/invalidSetting(name:value:requirement:)`` for a
    ///   non-positive γ or a negative jitter.
    /// The default jitter σ.
    public static let defaultJitter = 1e-5

    public init(gamma: Double? = nil, jitter: Double = defaultJitter) throws(BaselineError) {
        if let g = gamma, !(g.isFinite && g > 0) {
            throw .invalidSetting(name: "DE gamma", value: "\(g)", requirement: "must be a finite number > 0")
        }
        guard jitter.isFinite, jitter >= 0 else {
            throw .invalidSetting(name: "DE jitter", value: "\(jitter)", requirement: "must be finite and ≥ 0")
        }
        self.gamma = gamma
        self.jitter = jitter
    }

    public var name: String { "differential_evolution" }
    public var settings: [Setting] {
        [Setting("de_gamma", gamma.map { .double($0) } ?? .string("2.38/sqrt(2d)")),
         Setting("de_jitter", .double(jitter))]
    }
    public var minimumComplement: Int { 2 }

    public func propose(
        walkers: UnsafeBufferPointer<Double>, complement: UnsafeBufferPointer<Double>, dimension d: Int,
        proposals: UnsafeMutableBufferPointer<Double>, logFactors: UnsafeMutableBufferPointer<Double>,
        rng: inout RandomSource
    ) {
        let n = walkers.count / d
        let m = complement.count / d
        let g = gamma ?? 2.38 / (2 * Double(d)).squareRoot()
        for i in 0..<n {
            let c1 = rng.integer(below: m)
            var c2 = rng.integer(below: m - 1)
            if c2 >= c1 { c2 += 1 }
            for j in 0..<d {
                let diff = complement[c1 * d + j] - complement[c2 * d + j]
                let noise = jitter > 0 ? jitter * rng.normal() : 0
                proposals[i * d + j] = walkers[i * d + j] + g * diff + noise
            }
            logFactors[i] = 0
        }
    }
}
