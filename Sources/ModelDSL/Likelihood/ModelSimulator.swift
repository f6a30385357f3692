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
/// evaluator and solver as the likelihood. A model without species (only
/// assignment rules of time and parameters) is evaluated without a solve.
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
        var initial = [Double](repeating: 0, count: n)
        initial.withUnsafeMutableBufferPointer { model.load(problem: 0, lane: 0, initialState: $0.baseAddress.unsafelyUnwrapped) }
        do {
            outcome = try ODE.solve({ t, y, dydt in
                withUnsafePointer(to: t) { model.evaluate(t: $0, y: y, dydt: dydt, laneCount: 1) }
            }, initialState: initial, startTime: t0, outputTimes: times, options: options)
        } catch {
            throw .solverOptions(error)
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
