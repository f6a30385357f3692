import Baselines
import Inference
import Testing
@testable import flowcli

/// The baselines' command-line defaults are the libraries' settings values
/// (read from them, not copied), and the flags reach the samplers.
@Suite struct BackendDefaultsTests {
    static func arguments(_ raw: [String]) throws -> Arguments {
        try Arguments(raw, spec: Arguments.Spec(valued: BackendFactory.allFlags, switches: []))
    }

    @Test func ensembleDefaultsAreTheLibrarys() throws {
        let made = try #require(try EnsembleBackend.make(Self.arguments([]), dimension: 3) as? EnsembleSampler)
        #expect(made.configuration == EnsembleSettings())
        #expect(made.settings == (try EnsembleSampler()).settings)
        // The help text shows the library's values.
        let d = EnsembleSettings()
        #expect(EnsembleBackend.help.contains("(default \(d.chain.steps))"))
        #expect(EnsembleBackend.help.contains("≥ 2 (default \(d.bootstrap.replicates))"))
    }

    @Test func ensembleFlagsReachTheSampler() throws {
        let a = try Self.arguments(["--walkers", "12", "--temperatures", "5", "--min-beta", "1e-4", "--steps", "30",
                                    "--burn-in", "0.25", "--thin", "2", "--move", "de", "--bootstrap", "50"])
        let s = try #require(try EnsembleBackend.make(a, dimension: 3) as? EnsembleSampler)
        let c = s.configuration
        #expect(c.chain.walkers == 12 && c.chain.steps == 30 && c.chain.thin == 2 && c.bootstrap.replicates == 50)
        #expect(c.chain.burnInFraction == 0.25)
        #expect(c.ladder == .geometric(count: 5, minimumBeta: 1e-4))
        #expect(s.move is DifferentialEvolutionMove)
    }

    @Test func smcDefaultsAreTheLibrarys() throws {
        let made = try #require(try SMCBackend.make(Self.arguments([]), dimension: 3) as? SMCSampler)
        #expect(made.configuration == SMCSettings())
        #expect(made.settings == (try SMCSampler()).settings)
        let a = try Self.arguments(["--particles", "40", "--replicates", "2", "--smc-ess", "0.7", "--move-steps", "80",
                                    "--resampling", "systematic"])
        let s = try #require(try SMCBackend.make(a, dimension: 3) as? SMCSampler)
        let c = s.configuration
        #expect(c.population.particles == 40 && c.population.replicates == 2 && c.tempering.essFraction == 0.7)
        #expect(c.moves.minSteps == 80 && c.tempering.resampling == .systematic)
        #expect(c.moves.maxSteps == 80)  // raised to --move-steps when that is larger than the default
    }
}
