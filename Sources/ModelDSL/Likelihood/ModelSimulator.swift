import ODE

/// One trajectory of a model and its observables (for `flowcli simulate`).
public struct Simulation: Sendable, Hashable {
    public var times: [Double]
    /// `states[k][i]`: species `i` at `times[k]`.
    public var states: [[Double]]
    /// `observables[k][o]`: the prediction of observable `o` at `times[k]`
    /// (NaN for an observable with placeholders whose values were not given).
    public var observables: [[Double]]
    /// `noiseSDs[k][o]`: its noise sd there.
    public var noiseSDs: [[Double]]
    /// Right-hand-side evaluations the solve took.
    public var rhsEvaluations: Int
}

/// Why an experiment could not be simulated.
public enum SimulationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The solve failed.
    case solve(SolveFailure)
    /// Pre-equilibration under the named condition did not reach a steady
    /// state (with the solver's failure when that is why).
    case steadyState(condition: String, SolveFailure?)

    public var description: String {
        switch self {
        case .solve(let f): return "\(f)"
        case .steadyState(let condition, let f):
            return "pre-equilibration under condition '\(condition)' did not reach a steady state"
                + (f.map { ": \($0)" } ?? " (‖dx/dt‖ was still large at the horizon)")
        }
    }
}

/// Integrates a model for one parameter vector with the same compiled
/// evaluator and solver as the likelihood (the batched solver with one lane).
/// A model without species (only assignment rules of time and parameters) is
/// evaluated without a solve.
public struct ModelSimulator: Sendable {
    public let model: CheckedModel
    public let options: SolverOptions
    public let evaluator: EvaluatorKind
    let layout: SimulationLayout
    let runner: ExperimentRunner
    let system: CompiledModel
    let observables: ObservableEvaluator

    public init(model: CheckedModel, options: SolverOptions = .init(), evaluator: EvaluatorKind = .bytecode) throws(LikelihoodSetupError) {
        do { try options.validate() } catch { throw .solverOptions(error) }
        do {
            layout = try SimulationLayout(model: model, preequilibrates: !model.conditions.isEmpty && !model.species.isEmpty)
            runner = try ExperimentRunner(layout: layout, experiments: [], options: options, startTime: 0, kind: evaluator,
                                          bytecodeOptions: .optimised)
            system = try CompiledModel(model: layout.lowered, kind: evaluator, laneCount: 1)
            observables = try ObservableEvaluator(model: layout.lowered, kind: evaluator)
        } catch { throw .compile(error) }
        self.model = model
        self.options = options
        self.evaluator = evaluator
    }

    /// States and observables at `times` under the model's own values,
    /// starting from the initial values at `startTime` (default
    /// `min(0, times[0])`, as the likelihood does).
    ///
    /// - Returns: the simulation, or the solver's typed failure.
    /// - Throws: ``LikelihoodSetupError`` for a parameter vector of the wrong
    ///   length or times that are empty, non-finite, decreasing or before `startTime`.
    public func simulate(parameters: [Double], times: [Double], startTime: Double? = nil)
        throws(LikelihoodSetupError) -> Result<Simulation, SolveFailure>
    {
        switch try simulate(parameters: parameters, times: times, experiment: Experiment(), startTime: startTime) {
        case .success(let s): return .success(s)
        case .failure(.solve(let f)): return .failure(f)
        case .failure(.steadyState(_, let f)):  // unreachable without pre-equilibration
            return .failure(f ?? SolveFailure(reason: .maxStepsReached, time: .nan, steps: 0))
        }
    }

    /// States and observables at `times` for one experiment: its condition's
    /// values, after pre-equilibration to steady state under its
    /// pre-equilibration condition, if any. `placeholders[o]` gives the values
    /// of observable `o`'s placeholders (its predictions are NaN without them).
    public func simulate(
        parameters: [Double], times: [Double], experiment: Experiment, startTime: Double? = nil,
        placeholders: [[DataSet.PlaceholderValue]?] = []
    ) throws(LikelihoodSetupError) -> Result<Simulation, SimulationFailure> {
        guard parameters.count == model.parameters.count else {
            throw .parameterCount(expected: model.parameters.count, got: parameters.count)
        }
        guard let first = times.first else { throw .invalidTimes("no times given") }
        let t0 = startTime ?? Swift.min(0, first)
        for (i, t) in times.enumerated() {
            guard t.isFinite, t >= t0, i == 0 || t >= times[i - 1] else {
                throw .invalidTimes("time #\(i) = \(t) is not finite, not ≥ \(t0), or smaller than the previous one")
            }
        }
        for c in [experiment.condition, experiment.preequilibration] {
            if let c, !(c >= 0 && c < model.conditions.count) { throw .unknownCondition(line: 0, index: c) }
        }
        if experiment.preequilibration != nil && !layout.carries { throw .noSpecies }
        let runner = self.runner.with(experiments: [experiment], startTime: t0)
        var system = self.system
        system.startTime = t0
        var builder = runner.rowBuilder()
        let n = model.species.count
        let theta = parameters.isEmpty ? [0.0] : parameters
        var configurationError: SolverConfigurationError?
        let outcome: Result<(row: [Double], states: [[Double]], rhs: Int), SimulationFailure> = theta.withUnsafeBufferPointer { tb in
            let t = tb.baseAddress.unsafelyUnwrapped
            var statistics = BatchSolveStatistics()
            let preequilibration: ExperimentRunner.Preequilibration? = runner.preequilibrations.isEmpty ? nil
                : runner.preequilibrate(theta: t, count: 1, system: &system, builder: &builder, statistics: &statistics)
            if let preequilibration, let failed = preequilibration.firstFailure(point: 0, count: 1) {
                return .failure(.steadyState(condition: model.conditions[runner.preequilibrations[failed]].name,
                                             preequilibration.failures[failed]))
            }
            let row = runner.rows(theta: t, problems: [ProblemRef(point: 0, experiment: 0)],
                                  preequilibration: preequilibration, builder: &builder)
            guard n > 0 else { return .success((row, times.map { _ in [] }, 0)) }
            var observer = TrajectoryRecorder(stateCount: n)
            let solved: Result<BatchSolveStatistics, SolverConfigurationError> = row.withUnsafeBufferPointer { r in
                system.setProblems(r)
                do throws(SolverConfigurationError) {
                    return .success(try runner.solve(system: &system, problems: 1, times: times, observer: &observer))
                } catch {
                    return .failure(error)
                }
            }
            switch solved {
            case .failure(let error):
                configurationError = error
                return .failure(.solve(SolveFailure(reason: .maxStepsReached, time: t0, steps: 0)))
            case .success(let s):
                if let f = observer.failure { return .failure(.solve(f)) }
                statistics.merge(s)
                return .success((row, observer.states, statistics.rhsEvaluations))
            }
        }
        if let configurationError { throw .solverOptions(configurationError) }
        return outcome.map { solved in
            var sim = Simulation(times: times, states: solved.states, observables: [], noiseSDs: [], rhsEvaluations: solved.rhs)
            for (ti, time) in times.enumerated() {
                let (predictions, sds) = observe(time: time, state: solved.states[ti], row: solved.row,
                                                 parameters: parameters, placeholders: placeholders)
                sim.observables.append(predictions)
                sim.noiseSDs.append(sds)
            }
            return sim
        }
    }

    /// Predictions and sds at one state: once for the observables without
    /// placeholders, once per observable with given placeholder values.
    private func observe(time: Double, state: [Double], row: [Double], parameters: [Double],
                         placeholders: [[DataSet.PlaceholderValue]?]) -> ([Double], [Double]) {
        var evaluator = observables
        let k = model.observables.count, w = layout.rowWidth
        var predictions = [Double](repeating: .nan, count: k), sds = predictions
        var out = [Double](repeating: .nan, count: 2 * k)
        var slots = row + [Double](repeating: .nan, count: model.placeholderCount)
        let padded = state.isEmpty ? [0.0] : state
        func evaluate() {
            padded.withUnsafeBufferPointer { s in
                slots.withUnsafeBufferPointer { p in
                    out.withUnsafeMutableBufferPointer { o in
                        evaluator.evaluate(time: time, state: s.baseAddress.unsafelyUnwrapped,
                                           parameters: p.baseAddress.unsafelyUnwrapped, into: o.baseAddress.unsafelyUnwrapped)
                    }
                }
            }
        }
        evaluate()
        for o in 0..<k where model.observables[o].placeholders.isEmpty {
            predictions[o] = out[o]
            sds[o] = out[k + o]
        }
        for o in 0..<k where !model.observables[o].placeholders.isEmpty {
            guard o < placeholders.count, let values = placeholders[o], values.count == model.observables[o].placeholders.count
            else { continue }
            for (slot, v) in values.enumerated() {
                switch v {
                case .number(let x): slots[w + slot] = x
                case .parameter(let p): slots[w + slot] = p < parameters.count ? parameters[p] : .nan
                }
            }
            evaluate()
            predictions[o] = out[o]
            sds[o] = out[k + o]
        }
        return (predictions, sds)
    }
}

/// Collects one problem's states at the output times.
struct TrajectoryRecorder: BatchSolveObserver {
    let stateCount: Int
    var states: [[Double]] = []
    var failure: SolveFailure?

    mutating func record(problem: Int, timeIndex: Int, time: Double, state: UnsafePointer<Double>) -> Bool {
        states.append(Array(UnsafeBufferPointer(start: state, count: stateCount)))
        return true
    }

    mutating func finish(problem: Int, outcome: SolveOutcome) {
        if case .failure(let f) = outcome { failure = f }
    }
}
