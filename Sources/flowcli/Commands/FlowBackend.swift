import Inference

/// `--backend flow`: the ESS-annealed RealNVP sampler
/// (`AnnealedFlowSampler<FlowProposal>`), configured from `fit`'s flow flags.
enum FlowBackend {
    static let choice = BackendChoice(
        name: "flow",
        summary: "ESS-annealed RealNVP normalizing flow with importance-sampled evidence",
        flags: ["samples-per-stage", "ess-threshold", "layers", "hidden", "training-steps", "variant", "populations"],
        help: help,
        make: { arguments, dimension in try make(arguments, dimension: dimension) })

    static var help: String {
        let d = AnnealingSettings()
        return """
          --samples-per-stage N   flow draws (likelihood evaluations) per stage (default \(d.schedule.samplesPerStage))
          --ess-threshold F       ESS fraction each new temperature keeps, in [0.01, 0.99] (default \(d.schedule.essThreshold))
          --layers L              RealNVP coupling layers (default \(d.flow.layers))
          --hidden H              hidden width of the coupling networks (\(d.flow.hiddenLayers) hidden layers; default \(d.flow.hidden))
          --training-steps N      Adam steps per stage (each stage refines the previous flow; default \(d.training.optimiser.steps))
          --variant paper|robust  paper: the published loop only; robust: adds a mode search by
                                  multi-start local optimisation (with relabellings of parameters
                                  sharing a prior), a flow and a Student-t component per mode, a
                                  defensive wide component, and β steps gated on the flows'
                                  coverage (default \(d.variant.rawValue))
          --populations P         independent annealing populations merged by multiple importance
                                  sampling (robust variant only; default \(d.populations))
        """
    }

    /// The sampler for the flags given.
    static func make(_ arguments: Arguments, dimension: Int) throws -> any InferenceBackend {
        var settings = AnnealingSettings()
        if let v = arguments.string("variant") {
            guard let variant = AnnealingSettings.Variant(rawValue: v) else {
                let known = AnnealingSettings.Variant.allCases.map(\.rawValue)
                let hint = Suggest.closest(to: v, among: known).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("--variant: unknown variant '\(v)'\(hint); expected \(known.joined(separator: " or "))")
            }
            settings.variant = variant
        }
        settings.schedule.samplesPerStage = try arguments.int(
            "samples-per-stage", default: settings.schedule.samplesPerStage, range: 10...10_000_000)
        settings.schedule.essThreshold = try arguments.double(
            "ess-threshold", default: settings.schedule.essThreshold, range: 0.01...0.99)
        settings.flow.layers = try arguments.int("layers", default: settings.flow.layers, range: 1...256)
        settings.flow.hidden = try arguments.int("hidden", default: settings.flow.hidden, range: 1...65_536)
        settings.training.optimiser.steps = try arguments.int(
            "training-steps", default: settings.training.optimiser.steps, range: 0...1_000_000)
        let populations = try arguments.int("populations", default: settings.populations, range: 1...1000)
        if populations > 1 && settings.robust == nil {
            throw UsageError("--populations \(populations) needs --variant robust (the paper variant runs one population)")
        }
        settings.robust?.populations = populations
        let problems = settings.problems()
        guard problems.isEmpty else { throw UsageError(problems.map(\.description).joined(separator: "; ")) }
        // Building a flow fails only for its shape (dimension, layers, hidden),
        // never for the random draws: try once here, so that the sampler's
        // (non-throwing) factory below cannot fail.
        var probe = RandomSource(seed: 0)
        for role in [FlowRole.global, .mode] {
            do { _ = try FlowProposal(dimension: dimension, settings: settings, role: role, rng: &probe) } catch {
                throw CLIError("cannot build a flow of dimension \(dimension): \(error)")
            }
        }
        return AnnealedFlowSampler<FlowProposal>.realNVP(settings: settings)
    }
}
