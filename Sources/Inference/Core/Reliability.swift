import Foundation

/// A rule an evidence estimate must pass to be called reliable. Every
/// backend applies the same rules (``ReliabilityRules``) to its own
/// diagnostics; a failed rule is reported by name with what was measured.
public enum ReliabilityRule: String, Sendable, Codable, Hashable, CaseIterable {
    /// The run reached the posterior (β = 1).
    case reachedPosterior = "reached_posterior"
    /// The estimate is a finite number with a finite error.
    case finiteEstimate = "finite_estimate"
    /// The importance weights' effective sample size is large enough.
    case effectiveSampleSize = "effective_sample_size"
    /// The importance weights' tail is light enough (Pareto k̂).
    case paretoTail = "pareto_k"
    /// Every chain is longer than a multiple of its autocorrelation time τ.
    case chainLength = "chain_length"
    /// Move steps decorrelated the particles.
    case decorrelation = "decorrelation"
    /// Independent replicates (populations, runs) agree on log Z and on the modes.
    case replicateAgreement = "replicate_agreement"
    /// The estimator's own convergence test passed (e.g. stepping-stone increments settled).
    case evidenceConvergence = "evidence_convergence"
}

/// One failed rule and what was measured.
public struct ReliabilityCheck: Sendable, Codable, Hashable, CustomStringConvertible {
    public var rule: ReliabilityRule
    /// What was measured against what was required, in words.
    public var message: String
    public init(_ rule: ReliabilityRule, _ message: String) {
        self.rule = rule
        self.message = message
    }
    public var description: String { "\(rule.rawValue): \(message)" }
}

/// The thresholds of the reliability rules, shared by every backend.
public struct ReliabilityRules: Sendable, Codable, Hashable {
    /// Least importance-weight ESS (samples).
    public var minimumESS = 50.0
    /// Largest Pareto k̂ of the weights: 0.5, where the weights' variance
    /// becomes infinite (``ParetoTail``). Vehtari et al.'s 0.7 is for
    /// Pareto-*smoothed* estimates; the evidence here is the raw weights' mean
    /// with a CLT error bar, which is optimistic above 0.5 — SMC on the tilted
    /// repressilator reported 0.12 nats low at k̂ = 0.53, 2.998 stated errors
    /// off, as reliable (docs/benchmarks.md).
    public var maximumParetoK = 0.5
    /// Least chain length in autocorrelation times (emcee's 50 τ).
    public var minimumTauMultiple = 50.0
    /// Replicates agree when every pairwise difference of log Z is within
    /// this many combined standard errors.
    public var replicateSigmas = 3.0
    /// Largest correlation, in any coordinate, between particles after a
    /// stage's moves and their resampled ancestors (SMC's decorrelation).
    public var maximumMoveCorrelation = 0.3

    public init() {}

    /// The reached-posterior rule.
    public func reached(_ status: RunStatus) -> ReliabilityCheck? {
        status.reachedPosterior ? nil
            : ReliabilityCheck(.reachedPosterior, "the run ended \(status): this is not an estimate of the evidence")
    }

    /// The finite-estimate rule.
    public func finite(logEvidence: Double, standardError: Double) -> ReliabilityCheck? {
        logEvidence.isFinite && standardError.isFinite ? nil
            : ReliabilityCheck(.finiteEstimate, "log Z = \(logEvidence) ± \(standardError) is not finite")
    }

    /// The importance-weight rules: ESS and Pareto k̂.
    public func weights(ess: Double, paretoK: Double?) -> [ReliabilityCheck] {
        var out: [ReliabilityCheck] = []
        if !(ess >= minimumESS) {
            out.append(ReliabilityCheck(.effectiveSampleSize,
                                        "ESS \(Self.short(ess)) is below \(Self.short(minimumESS))"))
        }
        if let k = paretoK, k >= maximumParetoK {
            out.append(ReliabilityCheck(.paretoTail, "Pareto k̂ = \(Self.short(k)) ≥ \(Self.short(maximumParetoK)): "
                                        + "the weights' tail is too heavy for the error bar to be trusted"))
        }
        return out
    }

    /// The chain-length rule: `steps` post-burn-in steps against τ.
    public func chainLength(steps: Int, tau: Double) -> ReliabilityCheck? {
        let needed = minimumTauMultiple * tau
        if tau.isFinite && Double(steps) >= needed { return nil }
        let text = tau.isFinite ? "\(Self.short(needed)) steps (\(Self.short(minimumTauMultiple)) τ, τ = \(Self.short(tau)))"
            : "an estimate of τ"
        return ReliabilityCheck(.chainLength, "the chains have \(steps) post-burn-in steps; they need \(text)")
    }

    /// The replicate-agreement rule over independent estimates (log Z, standard error).
    public func replicates(_ estimates: [(logEvidence: Double, standardError: Double)]) -> ReliabilityCheck? {
        var worst = 0.0
        for a in estimates.indices {
            for b in estimates.indices where b > a {
                let (za, sa) = estimates[a], (zb, sb) = estimates[b]
                let z = abs(za - zb) / (sa * sa + sb * sb).squareRoot()
                worst = max(worst, z.isNaN ? .infinity : z)
            }
        }
        guard worst > replicateSigmas else { return nil }
        return ReliabilityCheck(.replicateAgreement,
                                "independent replicates differ by \(Self.short(worst)) combined standard errors "
                                + "(more than \(Self.short(replicateSigmas)))")
    }

    /// The decorrelation rule: `correlation` is the worst, over stages and
    /// coordinates, correlation between moved particles and their resampled ancestors.
    public func decorrelation(correlation: Double) -> ReliabilityCheck? {
        correlation <= maximumMoveCorrelation ? nil
            : ReliabilityCheck(.decorrelation, "after the move steps the particles kept a correlation of "
                               + "\(Self.short(correlation)) with their resampled ancestors (at most "
                               + "\(Self.short(maximumMoveCorrelation)) allowed): they did not explore the tempered posterior")
    }

    /// The evidence-convergence rule: estimates from the first and second
    /// half of a chain agree within ``replicateSigmas`` combined standard errors.
    public func settled(firstHalf a: (logEvidence: Double, standardError: Double),
                        secondHalf b: (logEvidence: Double, standardError: Double)) -> ReliabilityCheck? {
        let z = abs(a.logEvidence - b.logEvidence) / (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
        guard !(z <= replicateSigmas) else { return nil }
        return ReliabilityCheck(.evidenceConvergence,
                                "the two halves of the chain give log Z = \(Self.short(a.logEvidence)) ± \(Self.short(a.standardError)) "
                                + "and \(Self.short(b.logEvidence)) ± \(Self.short(b.standardError)), \(Self.short(z)) combined "
                                + "standard errors apart (more than \(Self.short(replicateSigmas))): the estimate is still drifting")
    }

    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        return String(format: "%.3g", x)
    }
}
