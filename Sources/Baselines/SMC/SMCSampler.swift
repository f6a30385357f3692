import Inference

/// Sequential Monte Carlo with adaptive tempering from the prior to the
/// posterior: the `"smc"` backend (Del Moral, Doucet & Jasra 2006; Chopin
/// 2002), with the kernel of PyMC's `sample_smc` and independent replicates
/// for an honest error.
///
/// Each of R = ``SMCSettings/Population/replicates`` independent runs
/// (random stream r of the seed) starts from N prior draws (β = 0); each stage
/// 1. picks the next β′ by bisection so that the incremental weights
///    exp((β′ − β) log L) keep ESS = `essFraction` × (particles with finite
///    log L) (``TemperatureSearch/nextConditional``), and adds
///    log mean(weights) to log Ẑ_r;
/// 2. fits a mixture of Student t's and a random-walk covariance to the weighted
///    particles, then resamples (multinomial by default);
/// 3. moves every particle at β′, alternating sweeps of independent
///    Metropolis–Hastings from the t (``IndependentProposal``) and of random-walk
///    Metropolis (``GaussianRandomWalk``, scale adapted toward
///    `targetAcceptance`), at least `minSteps` sweeps and then until every
///    coordinate's correlation across particles between the resampled and
///    the moved positions is at most `maxCorrelation` (at most `maxSteps`).
///    Each sweep is ONE batch of N evaluations (``MetropolisSweep``).
///
/// Evidence: log Ẑ = log((1/R) Σ_r Ẑ_r) (unbiased for Z), with standard
/// error sd_r(log Ẑ_r)/√R from the replicates' spread. That error needs no
/// model of resampling and stays honest when a run's genealogy collapses,
/// where the single-run estimators fail: the Lee–Whiteley genealogy variance
/// (``GenealogyVariance``, unbiased under multinomial resampling) becomes
/// unusable below 10 Eves and the delta method ignores resampling altogether.
/// Both single-run errors are still reported per replicate and pooled. With
/// R = 1 the headline error is Lee–Whiteley (max(LW, delta) with
/// systematic resampling).
///
/// Reliability (``SMCSettings/reliability``, the rules every backend uses):
/// β = 1 reached by every replicate; the moves decorrelated the particles
/// (correlation ≤ `maximumMoveCorrelation`: a population split between
/// modes it cannot cross never gets there) — at every stage for the
/// tempering product, at β = 1 for the final importance estimate, whose
/// weights must also pass the ESS and Pareto k̂ rules; replicates agree within
/// `replicateSigmas` of their own single-run errors; with R = 1 a collapsed
/// genealogy fails. A run that reached β = 1 but failed a rule ends
/// ``RunStatus/notConverged(stepsNeeded:)``.
///
/// Posterior samples: every replicate's final particles, weighted Ẑ_r / N
/// (the standard pooling of independent SMC runs). Deterministic for a
/// given seed (all draws are serial; `threads` only parallelises likelihood
/// batches). Cost: R × N × (sweeps summed over stages) evaluations.
public struct SMCSampler: InferenceBackend {
    /// The settings (a value; encoded whole into summaries).
    public let configuration: SMCSettings

    /// - Throws: ``BaselineError/invalidSettings(_:)`` listing every setting out of range.
    public init(_ configuration: SMCSettings = SMCSettings()) throws(BaselineError) {
        let problems = configuration.problems()
        guard problems.isEmpty else { throw .invalidSettings(problems) }
        self.configuration = configuration
    }

    public var name: String { "smc" }

    /// The fewest particles allowed for a `dimension`-parameter posterior: max(2d, 10).
    public static func minimumParticles(dimension d: Int) -> Int { max(2 * d, 10) }

    public var settings: JSONValue { JSONValue(encoding: configuration) }
}
