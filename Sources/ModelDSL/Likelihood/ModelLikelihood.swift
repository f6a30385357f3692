import ODE

/// The log-likelihood of a model's parameters given a data set, for many
/// parameter vectors per call.
///
/// `log L(θ) = Σ_m log p(y_m | θ)` over the measurements, with the noise
/// densities of ``MeasurementSchedule`` (Normal, Laplace and their log kinds,
/// each as the density of `y`, PEtab convention). The measurements fall into
/// experiments (``Experiment``: a condition, optionally after
/// pre-equilibration to steady state under another), and each experiment is
/// one ODE problem per θ: the solver integrates from the start time
/// `t₀ = min(0, earliest measurement time)` — the species' initial values, or
/// the steady state, hold at `t₀` — through the experiment's measurement
/// times. The problems of all experiments of many θ share the solver's lanes
/// (``ExperimentRunner``), and `log L(θ)` sums the experiments in order.
///
/// A failed solve, a pre-equilibration that does not reach a steady state, a
/// non-finite prediction, a non-finite or non-positive sd, a non-positive
/// prediction of a log-scale noise model, or an underflowing density gives
/// exactly `-infinity`, counted by ``LikelihoodFailureReason`` (the reason of
/// the first failing experiment); an experiment's solve stops at its first
/// such measurement. Values never depend on the thread count or lane count
/// (each problem's arithmetic is independent of its neighbours, and
/// experiments are summed in a fixed order).
public struct ModelLikelihood: Sendable {
    public let model: CheckedModel
    public let data: DataSet
    public let options: SolverOptions
    public let laneCount: Int
    public let evaluator: EvaluatorKind
    /// `min(0, earliest measurement time)`.
    public let startTime: Double
    let schedule: MeasurementSchedule
    let layout: SimulationLayout
    let runner: ExperimentRunner
    /// Compiled from the lowered model (``SimulationLayout``): its problems are rows.
    let system: CompiledModel
    let observables: ObservableEvaluator

    /// Compiles the model and arranges the data.
    /// - Throws: ``LikelihoodSetupError`` for an inconsistent model, bad data
    ///   rows (with their line), invalid options or lane count.
    public init(
        model: CheckedModel, data: DataSet, options: SolverOptions = .init(),
        laneCount: Int = ModelLikelihood.defaultLaneCount, evaluator: EvaluatorKind = .bytecode,
        bytecodeOptions: BytecodeOptions = .optimised
    ) throws(LikelihoodSetupError) {
        guard laneCount >= 1 else { throw .invalidLaneCount(laneCount) }
        guard !model.species.isEmpty else { throw .noSpecies }
        do { try options.validate() } catch { throw .solverOptions(error) }
        schedule = try MeasurementSchedule(model: model, data: data)
        let start = Swift.min(0, schedule.times.first ?? 0)
        do {
            layout = try SimulationLayout(model: model, preequilibrates: schedule.experiments.contains { $0.preequilibration != nil })
            runner = try ExperimentRunner(layout: layout, experiments: schedule.experiments, options: options,
                                          startTime: start, kind: evaluator, bytecodeOptions: bytecodeOptions)
            system = try CompiledModel(model: layout.lowered, kind: evaluator, laneCount: laneCount, bytecodeOptions: bytecodeOptions)
            observables = try ObservableEvaluator(model: layout.lowered, kind: evaluator, bytecodeOptions: bytecodeOptions)
        } catch { throw .compile(error) }
        self.model = model
        self.data = data
        self.options = options
        self.laneCount = laneCount
        self.evaluator = evaluator
        startTime = start
    }

    /// Lanes per solver batch, chosen by measurement (`flowcli bench`,
    /// repressilator, 400 prior draws, release build): CPU µs per evaluation
    /// for 1/4/8/16/32 lanes ≈ 291/98/77/74/80. 8 and 16 are equal within the
    /// noise; 8 keeps more lanes busy for small batches (96% vs 89% at 400
    /// points), since lanes idle while a chunk's slowest problem finishes.
    public static let defaultLaneCount = 8

    public var parameterCount: Int { model.parameters.count }

    /// `log L` for `count` parameter vectors.
    ///
    /// - Parameters:
    ///   - parameters: `count × parameterCount` values, row-major, natural units.
    ///   - threads: worker threads (values below 1 mean 1); results are identical for any value.
    /// - Precondition: `parameters.count >= count * parameterCount` (a caller bug, not bad data).
    public func logLikelihoods(parameters: UnsafeBufferPointer<Double>, count: Int, threads: Int) -> LikelihoodBatchResult {
        logLikelihoods(parameters: parameters, count: count, threads: threads, system: system)
    }

    /// Convenience for an array of parameter vectors (each of length `parameterCount`).
    public func logLikelihoods(_ points: [[Double]], threads: Int = 1) throws(LikelihoodSetupError) -> LikelihoodBatchResult {
        for p in points where p.count != parameterCount { throw .parameterCount(expected: parameterCount, got: p.count) }
        let flat = points.flatMap { $0 }
        return flat.withUnsafeBufferPointer { logLikelihoods(parameters: $0, count: points.count, threads: threads) }
    }
}
