import Foundation
import Testing
@testable import Inference

@Suite("Checkpoint and resume")
struct ResumeTests {
    static func encodeDecode<T: Codable>(_ value: T) throws -> T {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        return try PropertyListDecoder().decode(T.self, from: try encoder.encode(value))
    }

    /// Stopping after every k stages, encoding the whole state and decoding it
    /// again must not change anything: the resumed run equals the straight run bit for bit.
    @Test("a resumed run equals a straight run", arguments: [1, 3])
    func resumedRunMatchesStraightRun(every k: Int) throws {
        let problem = ConjugateGaussian(d: 2, priorMean: [0, 1], priorSD: 2, noiseSD: 0.3, y: [0.5, 2.2])
        var settings = AnnealingSettings()
        settings.schedule.samplesPerStage = 100
        settings.flow.layers = 2
        settings.flow.hidden = 8
        settings.robust?.modes?.flows?.shape.layers = 2
        settings.robust?.modes?.flows?.shape.hidden = 8
        settings.training.optimiser.steps = 10
        settings.robust?.modes?.search.starts = 8
        settings.stopping.maxStages = 6
        let sampler = AnnealedFlowSampler<FlowProposal>.realNVP(settings: settings)
        let budget = Budget(maxEvaluations: 30_000, threads: 1)
        let posterior = problem.posterior
        let straight = try sampler.run(posterior, seed: 9, budget: budget, progress: { _ in })

        var state = try sampler.start(posterior, seed: 9, budget: budget)
        var steps = 0
        while try !sampler.step(&state, posterior: posterior, budget: budget, progress: { _ in }) {
            steps += 1
            if steps % k == 0 { state = try Self.encodeDecode(state) }
        }
        let resumed = sampler.finish(try Self.encodeDecode(state), posterior: posterior, budget: budget)
        #expect(resumed.samples == straight.samples)
        #expect(resumed.evidence.logEvidence == straight.evidence.logEvidence)
        #expect(resumed.evidence.standardError == straight.evidence.standardError)
        #expect(resumed.ledger.evaluations == straight.ledger.evaluations)
        #expect(resumed.trace.map(\.beta) == straight.trace.map(\.beta))
        #expect(resumed.status == straight.status)
    }
}
