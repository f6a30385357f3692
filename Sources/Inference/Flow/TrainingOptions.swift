/// How a training step chooses its minibatch from a weighted sample set
/// `{(xᵢ, w̄ᵢ)}` (weights self-normalised, `Σ w̄ᵢ = 1`). Every scheme gives an
/// unbiased estimate of the loss `L = −Σᵢ w̄ᵢ log q(xᵢ)` and its gradient.
public enum MinibatchScheme: String, Sendable, Codable, Hashable {
    /// Systematic resampling: `B` indices drawn with probability ∝ `w̄`
    /// (one stratified uniform per step), each row weighted `1/B`. Rows with
    /// tiny weights cost nothing and the per-row weights are even, so the
    /// gradient variance stays low when weights are very uneven (ESS ≪ N).
    /// The default.
    case resampled
    /// `B` indices uniform with replacement over all `N` rows, row weight
    /// `N·w̄ᵢ/B`. Unbiased but high-variance for uneven weights.
    case importanceWeighted
    /// Every row with `w̄ᵢ > 0` in every step, weighted `w̄ᵢ` (exact gradient,
    /// cost ∝ number of positive weights; `batchSize` is ignored).
    case fullBatch
}

/// Options of `RealNVP.train`. Defaults: 200 steps of 512 rows, Adam with
/// learning rate 1e-3 (β₁ 0.9, β₂ 0.999, ε 1e-8), no weight decay, global
/// gradient-norm clip at 10, constant learning rate, `resampled` minibatches,
/// and Adam moments carried over from the previous call.
public struct TrainingOptions: Sendable, Codable, Hashable {
    /// Number of Adam steps.
    public var steps: Int
    /// Rows per minibatch (`resampled`, `importanceWeighted`).
    public var batchSize: Int
    /// Adam step size η.
    public var learningRate: Double
    /// Cosine decay of η over the call from `learningRate` to
    /// `learningRate · finalLearningRateFraction`; 1 keeps it constant.
    public var finalLearningRateFraction: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Decoupled (AdamW) decay on the conditioner weight matrices (not on
    /// biases or the diagonal affine layer).
    public var weightDecay: Double
    /// Global ℓ² bound on the gradient; larger gradients are rescaled to it.
    /// `.infinity` disables clipping.
    public var maxGradientNorm: Double
    public var minibatch: MinibatchScheme
    /// Start from zero Adam moments instead of continuing the stored state.
    public var resetOptimizer: Bool

    public init(
        steps: Int = 200, batchSize: Int = 512, learningRate: Double = 1e-3,
        finalLearningRateFraction: Double = 1, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0, maxGradientNorm: Double = 10,
        minibatch: MinibatchScheme = .resampled, resetOptimizer: Bool = false
    ) {
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.finalLearningRateFraction = finalLearningRateFraction
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.maxGradientNorm = maxGradientNorm
        self.minibatch = minibatch
        self.resetOptimizer = resetOptimizer
    }

    /// - Throws: `FlowError.invalidConfiguration` naming the first bad option.
    public func validate() throws(FlowError) {
        func check(_ ok: Bool, _ what: String) throws(FlowError) {
            if !ok { throw .invalidConfiguration("training option \(what)") }
        }
        try check(steps >= 0, "steps must be ≥ 0")
        try check(batchSize >= 1, "batchSize must be ≥ 1")
        try check(learningRate > 0 && learningRate.isFinite, "learningRate must be positive and finite")
        try check(finalLearningRateFraction >= 0 && finalLearningRateFraction <= 1,
                  "finalLearningRateFraction must be in [0, 1]")
        try check(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1, beta2 must be in [0, 1)")
        try check(epsilon > 0 && epsilon.isFinite, "epsilon must be positive and finite")
        try check(weightDecay >= 0 && weightDecay.isFinite, "weightDecay must be ≥ 0 and finite")
        try check(maxGradientNorm > 0 && !maxGradientNorm.isNaN, "maxGradientNorm must be positive")
    }
}

/// What `RealNVP.train` did.
public struct TrainingReport: Sendable, Codable, Equatable {
    /// Minibatch loss `−Σ_r ω_r log q(x_r)` at each step (before its update).
    public var losses: [Double]
    /// Global gradient norm at each step, before clipping.
    public var gradientNorms: [Double]
    /// `−Σᵢ w̄ᵢ log q(xᵢ)` over the whole weighted set before training.
    public var initialLoss: Double
    /// The same after training.
    public var finalLoss: Double
    /// Kish effective sample size `1/Σ w̄ᵢ²` of the weights.
    public var effectiveSampleSize: Double
    /// Rows per step actually used.
    public var batchRows: Int
}
