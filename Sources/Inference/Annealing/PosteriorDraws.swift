/// The draws of one stage at β = 1 as the evidence and the samples use them:
/// points (in u), log-likelihoods, and log-weights against the stage's own
/// proposal, log w = log p_u + log L − log q_own (unbiased for Z: the proposal
/// was fixed before its draws).
///
/// A population keeps them for every stage at β = 1, not only for the stages
/// its pool still holds. An estimate over a sliding window of the latest
/// stages, in a run that stops once the window's standard error is small,
/// stops preferentially when the window happens to hold no large weight, and
/// is therefore biased low (on the repressilator by about 0.05–0.1 nats, more
/// than its stated error). Cost: (d + 2) doubles per draw.
public struct PosteriorDraws: Sendable, Codable, Hashable {
    public var points: [Double]
    public var logLikelihood: [Double]
    public var logWeight: [Double]

    public var count: Int { logWeight.count }

    /// The log of the stage's own estimate of Z, log mean w.
    public var logMean: Double { LogWeights.logMeanWithError(logWeight).logMean }
}
