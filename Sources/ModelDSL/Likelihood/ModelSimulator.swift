import ODE

/// One trajectory of a model and its observables (for `flowcli simulate`).
public struct Simulation: Sendable, Hashable {
    public var times: [Double]
    /// `states[k][i]`: species `i` at `times[k]`.
    public var states: [[Double]]
    /// `observables[k][o]`: the prediction of observable `o` at `times[k]`.
    public var observables: [[Double]]
    /// `noiseSDs[k][o]`: its noise sd there.
    public var noiseSDs: [[Double]]
    /// Right-hand-side evaluations the solve took.
    public var rhsEvaluations: Int
}

/// Integrates a model for one parameter vector with the same compiled
/// evaluator (and Jacobian) and solver as the likelihood. A model without
/// species (only assignment rules of time and parameters) is evaluated
/// without a solve.
public struct ModelSimulator: Sendable {
    public let model: CheckedModel
    public let options: SolverOptions
    public let evaluator: EvaluatorKind
    let system: CompiledModel
    let observables: ObservableEvaluator

    public init(model: CheckedModel, options: SolverOptions = .init(), evaluator: EvaluatorKind = .bytecode) throws(LikelihoodSetupError) {
        do { try options.validate() } catch { throw .solverOptions(error) }
        do {
            system = try CompiledModel(model: model, kind: evaluator, laneCount: 1)
            observables = try ObservableEvaluator(model: model, kind: evaluator)
        } catch { throw .compile(error) }
        self.model = model
        self.options = options
        self.evaluator = evaluator
    }

    /// States and observables at `times`, starting from the initial values at
    /// `startTime` (default `min(0, times[0])`, as the likelihood does).
    ///
    /// - Returns: the simulation, or the solver's typed failure.
    /// - Throws: ``LikelihoodSetupError`` for a parameter vector of the wrong
    ///   length or times that are empty, non-finite, decreasing or before `startTime`.
    public func simulate(parameters: [Double], times: [Double], startTime: Double? = nil)
        throws(LikelihoodSetupError) -> Result<Simulation, SolveFailure>
    {
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
        var model = system
        model.startTime = t0
        parameters.withUnsafeBufferPointer { model.setProblems($0) }
        let n = model.stateCount
        let outcome: Result<Trajectory, SolveFailure>
        if n == 0 {
            // Nothing to integrate: the observables are functions of time and parameters.
            outcome = .success(Trajectory(times: times, states: [], stateCount: 0, acceptedSteps: 0, rejectedSteps: 0,
                                          rhsEvaluations: 0))
        } else {
            var collector = StateCollector(stateCount: n, outputCount: times.count)
            let statistics: BatchSolveStatistics
            do {
                statistics = try ODESolver(options: options, laneCount: 1).solve(
                    system: &model, problems: 0..<1, startTime: t0, outputTimes: times, observer: &collector)
            } catch {
                throw .solverOptions(error)
            }
            if case .failure(let failure)? = collector.outcome {
                outcome = .failure(failure)
            } else {
                outcome = .success(Trajectory(
                    times: times, states: collector.states, stateCount: n,
                    acceptedSteps: statistics.acceptedSteps, rejectedSteps: statistics.rejectedSteps,
                    rhsEvaluations: statistics.rhsEvaluations))
            }
        }
        return outcome.map { trajectory in
            var obs = observables
            var sim = Simulation(times: times, states: [], observables: [], noiseSDs: [], rhsEvaluations: trajectory.rhsEvaluations)
            for k in times.indices {
                let state = Array(trajectory.state(at: k))
                let (predictions, sds) = obs.evaluate(time: times[k], state: state, parameters: parameters)
                sim.states.append(state)
                sim.observables.append(predictions)
                sim.noiseSDs.append(sds)
            }
            return sim
        }
    }
}

/// Collects one problem's states, row-major, and its outcome.
struct StateCollector: BatchSolveObserver {
    let stateCount: Int
    var states: [Double] = []
    var outcome: SolveOutcome?

    init(stateCount: Int, outputCount: Int) {
        self.stateCount = stateCount
        states.reserveCapacity(stateCount * outputCount)
    }

    mutating func record(problem: Int, timeIndex: Int, time: Double, state: UnsafePointer<Double>) -> Bool {
        states.append(contentsOf: UnsafeBufferPointer(start: state, count: stateCount))
        return true
    }

    mutating func finish(problem: Int, outcome: SolveOutcome) { self.outcome = outcome }
}
