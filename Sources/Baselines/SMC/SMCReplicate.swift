import Inference

/// The bookkeeping and outcome of one SMC replicate.
struct SMCReplicate {
    let index: Int
    var beta = 0.0
    var stage = 0
    /// log Ẑ_β of the β reached (the evidence once β = 1).
    var logEvidence = 0.0
    var deltaVariance = 0.0
    var genealogy: GenealogyVariance?
    /// The random walk's scale, carried from stage to stage.
    var scale: Double
    var sweeps = 0
    var walkSweeps = 0
    var walkAccepted = 0
    var independentSweeps = 0
    var independentAccepted = 0
    var lastAcceptance = Double.nan
    var lastCorrelation = Double.nan
    /// The largest, over stages, of the correlation left after the stage's moves.
    var worstCorrelation = 0.0
    var regularisations = 0
    /// The most mixture components an independent proposal had.
    var mixtureComponents = 0
    var stopReason: BudgetLimit?
    var failure: String?
    /// The fresh importance draws from the mixture fitted to the final particles (nil: not drawn).
    var finalDraws: FinalDraws?
    /// The final particles (nil if the budget allowed no prior draws).
    var particles: ParticleSystem?

    let resampling: ResamplingScheme

    init(index: Int, scale: Double, resampling: ResamplingScheme) {
        self.index = index
        self.scale = scale
        self.resampling = resampling
    }

    /// Whether the replicate's log Ẑ is an estimate of the evidence.
    var reachedPosterior: Bool { beta >= 1 && failure == nil && logEvidence.isFinite }

    /// The delta-method standard error Σ_stages Var(w)/(N mean(w)²): ignores
    /// the dependence resampling creates, so it underestimates.
    var deltaError: Double { deltaVariance.squareRoot() }

    /// The single-run standard error of log Ẑ and how it was obtained: with
    /// multinomial resampling the Lee–Whiteley estimator if usable, else the
    /// delta method; with systematic resampling (where Lee–Whiteley does not
    /// apply and was measured to underestimate by ~2×) the larger of the two.
    var singleRunError: (value: Double, method: String, collapsed: Bool) {
        let lw = genealogy?.logEvidenceError()
        switch (resampling, lw) {
        case let (.multinomial, e?):
            return (e, "Lee–Whiteley genealogy estimator", false)
        case let (.systematic, e?):
            return (max(e, deltaError), "max of Lee–Whiteley and delta method (systematic resampling)", false)
        case (_, nil):
            return (deltaError, "delta method (genealogy collapsed or V̂ ≤ 0; underestimates)", genealogy != nil)
        }
    }

    var distinctEves: Int { genealogy?.distinctEves ?? (particles?.count ?? 0) }
}
