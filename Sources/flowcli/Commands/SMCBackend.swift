import Baselines
import Inference

/// `--backend smc`: sequential Monte Carlo with adaptive tempering from the
/// prior to the posterior, independent-proposal and random-walk moves, and
/// independent replicates (`Baselines.SMCSampler`), configured from `fit`'s
/// SMC flags. Every default is the library's (`SMCSettings()`).
///
/// Cost: replicates × particles × (move sweeps summed over stages) likelihood
/// evaluations; the number of stages grows with the information the data
/// carry (≈ the KL divergence from prior to posterior divided by
/// −log(ESS fraction)).
enum SMCBackend {
    static let choice = BackendChoice(
        name: "smc",
        summary: "sequential Monte Carlo with adaptive tempering, independent-t and random-walk moves, independent replicates",
        flags: ["particles", "replicates", "smc-ess", "move-steps", "max-move-steps", "resampling"],
        help: help,
        make: { arguments, dimension in try make(arguments, dimension: dimension) })

    static var help: String {
        let d = SMCSettings()
        return """
          --particles N           particles per replicate, at least max(2 × parameters, 10) (default \(d.population.particles))
          --replicates R          independent SMC runs; log Z is the log of their mean Z, its error
                                  their spread / √R, and they must agree to be reliable (default \(d.population.replicates))
          --smc-ess F             ESS fraction of each stage's incremental weights, in (0, 1);
                                  sets the next β by bisection (default \(formatNumber(d.tempering.essFraction)))
          --move-steps N          minimum Metropolis sweeps per stage (default \(d.moves.minSteps))
          --max-move-steps N      maximum sweeps per stage (default \(d.moves.maxSteps), or --move-steps if larger);
                                  between the two, sweeps go on until every coordinate's correlation
                                  with the resampled ancestors is at most \(formatNumber(d.moves.maxCorrelation))
          --resampling multinomial|systematic
                                  resampling scheme; the Lee–Whiteley error is exact only for
                                  multinomial (default \(d.tempering.resampling.rawValue))
        """
    }

    /// The sampler for the flags given; invalid values (including too few
    /// particles for `dimension`) are ``UsageError``s carrying the library's message.
    static func make(_ arguments: Arguments, dimension: Int) throws -> any InferenceBackend {
        var s = SMCSettings()
        s.population.particles = try arguments.int("particles", default: s.population.particles, range: 1...100_000_000)
        s.population.replicates = try arguments.int("replicates", default: s.population.replicates, range: 1...10_000)
        s.tempering.essFraction = try arguments.double("smc-ess", default: s.tempering.essFraction, range: 1e-6...(1 - 1e-6))
        s.moves.minSteps = try arguments.int("move-steps", default: s.moves.minSteps, range: 1...1_000_000)
        s.moves.maxSteps = try arguments.int("max-move-steps", default: max(s.moves.maxSteps, s.moves.minSteps), range: 1...1_000_000)
        if let name = arguments.string("resampling") {
            let known = ResamplingScheme.allCases.map(\.rawValue).sorted()
            guard let scheme = ResamplingScheme(rawValue: name) else {
                let hint = Suggest.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("--resampling: unknown scheme '\(name)'\(hint); expected \(known.joined(separator: " or "))")
            }
            s.tempering.resampling = scheme
        }
        guard s.moves.maxSteps >= s.moves.minSteps else {
            throw UsageError("--max-move-steps \(s.moves.maxSteps) is below --move-steps \(s.moves.minSteps)")
        }
        let needed = SMCSampler.minimumParticles(dimension: dimension)
        guard s.population.particles >= needed else {
            throw UsageError("--particles: " + BaselineError.tooFewParticles(particles: s.population.particles, dimension: dimension,
                                                                             needed: needed).description)
        }
        do {
            return try SMCSampler(s)
        } catch {
            throw UsageError("smc backend: \(error)")
        }
    }
}
