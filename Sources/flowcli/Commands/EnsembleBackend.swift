import Baselines
import Inference

/// `--backend ensemble`: affine-invariant ensemble MCMC with parallel
/// tempering and stepping-stone evidence (`Baselines.EnsembleSampler`),
/// configured from `fit`'s ensemble flags. Every default is the library's
/// (`EnsembleSettings()`).
///
/// Cost of a full run: `temperatures × walkers × steps` likelihood
/// evaluations (defaults: 16 × max(32, 2d+2) × 1000 ≈ 5·10⁵ for d ≤ 15).
enum EnsembleBackend {
    static let moves = ["stretch", "de"]

    static let choice = BackendChoice(
        name: "ensemble",
        summary: "affine-invariant ensemble MCMC with parallel tempering; stepping-stone evidence",
        flags: ["walkers", "temperatures", "min-beta", "steps", "burn-in", "thin", "move", "stretch-scale", "bootstrap"],
        help: help,
        make: { arguments, dimension in try make(arguments, dimension: dimension) })

    /// The library's default ladder's count and smallest positive β.
    static var defaultLadder: (count: Int, minimumBeta: Double) {
        guard case let .geometric(count, minimumBeta) = EnsembleSettings().ladder else { return (16, 1e-6) }
        return (count, minimumBeta)
    }

    /// The library's default stretch scale.
    static var defaultStretchScale: Double {
        guard case .stretch(let a) = EnsembleSettings().move else { return 2 }
        return a
    }

    static var help: String {
        let d = EnsembleSettings()
        return """
          --walkers N             walkers per temperature, at least max(2 × parameters, 4)
                                  (default max(32, 2 × parameters + 2))
          --temperatures K        inverse temperatures: β = 0 and K−1 geometric values from
                                  --min-beta to 1 (default \(defaultLadder.count))
          --min-beta B            smallest positive β, in (0, 1) (default \(formatNumber(defaultLadder.minimumBeta)))
          --steps N               steps; each moves every walker of every temperature once, so a
                                  run costs K × walkers × N evaluations (default \(d.chain.steps)). The
                                  evidence is reliable only if every temperature's post-burn-in chain
                                  is longer than \(formatNumber(d.reliability.minimumTauMultiple)) τ and the two halves of it agree; otherwise
                                  the run ends "not converged" (exit status 4) saying how many steps it needs
          --burn-in F             fraction of the steps discarded, in [0, 1) (default \(formatNumber(d.chain.burnInFraction)))
          --thin N                keep every N-th post-burn-in β = 1 step as samples (default \(d.chain.thin))
          --move stretch|de       Goodman–Weare stretch move or differential evolution (default stretch)
          --stretch-scale A       the stretch move's a > 1 (default \(formatNumber(defaultStretchScale)))
          --bootstrap N           block-bootstrap replicates of the evidence error, ≥ 2 (default \(d.bootstrap.replicates))
        """
    }

    /// The sampler for the flags given; every invalid value (including too
    /// few walkers for `dimension`) is a ``UsageError`` carrying the
    /// library's message.
    static func make(_ arguments: Arguments, dimension: Int) throws -> any InferenceBackend {
        var s = EnsembleSettings()
        s.chain.walkers = try arguments.optionalInt("walkers", range: 1...1_000_000)
        let temperatures = try arguments.int("temperatures", default: defaultLadder.count, range: 2...10_000)
        let minimumBeta = try arguments.double("min-beta", default: defaultLadder.minimumBeta, range: 1e-300...1)
        s.ladder = .geometric(count: temperatures, minimumBeta: minimumBeta)
        s.chain.steps = try arguments.int("steps", default: s.chain.steps, range: 1...100_000_000)
        s.chain.burnInFraction = try arguments.double("burn-in", default: s.chain.burnInFraction, range: 0...1)
        s.chain.thin = try arguments.int("thin", default: s.chain.thin, range: 1...100_000_000)
        s.bootstrap.replicates = try arguments.int("bootstrap", default: s.bootstrap.replicates, range: 2...1_000_000)
        let moveName = arguments.string("move") ?? "stretch"
        guard moves.contains(moveName) else {
            let hint = Suggest.closest(to: moveName, among: moves).map { "; did you mean '\($0)'?" } ?? ""
            throw UsageError("--move: unknown move '\(moveName)'\(hint); expected stretch or de")
        }
        if moveName == "de" && arguments.has("stretch-scale") {
            throw UsageError("--stretch-scale applies to --move stretch, not de")
        }
        s.move = moveName == "de"
            ? .differentialEvolution(gamma: nil, jitter: DifferentialEvolutionMove.defaultJitter)
            : .stretch(scale: try arguments.double("stretch-scale", default: defaultStretchScale, range: 1...1e6))
        do {
            let sampler = try EnsembleSampler(s)
            if let w = s.chain.walkers {
                let needed = max(EnsembleSampler.minimumWalkers(dimension: dimension), 2 * sampler.move.minimumComplement)
                if w < needed {
                    throw UsageError("--walkers: " + BaselineError.tooFewWalkers(walkers: w, dimension: dimension, needed: needed).description)
                }
            }
            return sampler
        } catch let error as BaselineError {
            throw UsageError("ensemble backend: \(error)")
        }
    }
}
