import Inference

/// Affine-invariant ensemble MCMC (Goodman & Weare 2010; emcee) with parallel
/// tempering for the marginal likelihood: the `"ensemble"` backend.
///
/// One ensemble of `walkers` walkers per inverse temperature β_k of the
/// ladder targets p_u(u) L(x(u))^{β_k}. Every step (cost K · W likelihood
/// evaluations in two batched calls):
/// 1. a red/black update of every ensemble with ``move`` (``EnsembleUpdate``),
///    both halves' proposals for all temperatures batched together;
/// 2. one sweep of swaps between neighbouring temperatures (``TemperatureSwap``).
///
/// Outputs:
/// - **Posterior samples**: the β = 1 ensemble after burn-in (the first
///   `chain.burnInFraction` of the steps, default one half), every `chain.thin`-th
///   step (default 1: no thinning, because thinning only discards
///   information), equal weights (log weight 0). Consecutive samples are
///   correlated: the diagnostics give, per parameter, emcee's τ (per-walker
///   autocorrelation averaged over walkers) and the τ of the walker-averaged
///   series, which also counts the correlation *between* walkers that swaps
///   create, and the effective sample size of the ensemble mean (smallest
///   over parameters). A warning is raised when the post-burn-in chain is
///   shorter than 50 τ_max (the larger of the two τ's). The autocorrelation-
///   corrected ESS is the result's `effectiveSampleSize` (not the sample count).
/// - **Evidence**: stepping stone (headline), thermodynamic integration
///   with the Friel–Hurn–Wyse derivative correction, and the plain
///   trapezoid, all from the post-burn-in log-likelihoods of every
///   temperature, with moving-block bootstrap errors (``LadderEvidence``).
///   Calibration measured over 72 seeds on the 5-D Gaussian test target
///   (defaults, 1000 steps): the bootstrap error averaged 0.042 against a
///   run-to-run sd of 0.051 (rms z-score 1.25), insensitive to the block
///   length (17–100 steps), so part of the variance comes from slow collective
///   modes of the stretch-move ensemble that a single window cannot see; with
///   the DE move the error was conservative. TI's error excludes its
///   discretisation bias (≈ +0.1 to +0.2 nats on the test problems with 16
///   temperatures): prefer stepping stone, or more temperatures.
/// - **Reliability** (``EnsembleSettings/reliability``, the rules every
///   backend uses): the post-burn-in chain of *every* rung is longer than
///   50 τ_k, where τ_k is the larger of the per-walker and the walker-mean
///   integrated autocorrelation times of log L at β_k (and, at β = 1, of the
///   positions); and the stepping-stone estimates of the first and second
///   half of the post-burn-in window agree within 3 combined bootstrap
///   errors. A run that completes its steps but fails either ends
///   ``RunStatus/notConverged(stepsNeeded:)`` with the steps it estimates it
///   needs: ⌈50 τ_max / (1 − burn-in fraction)⌉, or twice the steps run when
///   only the halves disagree.
/// - **Trace**: a row every `chain.traceInterval` steps with the running
///   stepping-stone log Ẑ ± error from the post-burn-in part of the chain so
///   far, cumulative evaluations and seconds.
///
/// Deterministic for a given seed: all randomness comes from
/// `RandomSource(seed:)` streams (0: sampling, 1: bootstrap), drawn serially;
/// `threads` only parallelises likelihood batches.
public struct EnsembleSampler: InferenceBackend {
    /// The settings (a value; encoded whole into summaries).
    public let configuration: EnsembleSettings
    /// The proposal built from ``EnsembleSettings/move``.
    public let move: any EnsembleMove
    /// The validated inverse temperatures.
    let betas: [Double]

    /// Validates everything that does not depend on the posterior (the
    /// walker count is checked by ``run(_:seed:budget:progress:)``).
    ///
    /// - Throws: ``BaselineError/invalidSettings(_:)`` listing every setting
    ///   out of range, or the ladder's or move's own ``BaselineError``.
    public init(_ configuration: EnsembleSettings = EnsembleSettings()) throws(BaselineError) {
        let problems = configuration.problems()
        guard problems.isEmpty else { throw .invalidSettings(problems) }
        betas = try configuration.ladder.betas()
        move = try configuration.move.make()
        self.configuration = configuration
    }

    public var name: String { "ensemble" }

    var steps: Int { configuration.chain.steps }
    var thin: Int { configuration.chain.thin }
    var burnInFraction: Double { configuration.chain.burnInFraction }

    /// Walkers for a `dimension`-parameter posterior.
    public func walkerCount(dimension d: Int) -> Int { configuration.walkerCount(dimension: d) }

    /// The fewest walkers allowed for a `dimension`-parameter posterior: max(2d, 4).
    public static func minimumWalkers(dimension d: Int) -> Int { max(2 * d, 4) }

    public var settings: JSONValue { JSONValue(encoding: configuration) }
}
