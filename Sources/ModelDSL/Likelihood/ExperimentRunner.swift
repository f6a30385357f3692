import ODE

/// Runs the problems of a chunk of parameter points through the batched
/// solver: first the pre-equilibrations (one problem per point and
/// pre-equilibration condition, solved until steady), then the experiments
/// (one problem per point and experiment, starting from the steady state
/// where the experiment pre-equilibrates). Each phase is one solver call, so
/// the lanes hold problems of different conditions side by side. Shared by
/// the likelihood, its breakdown and the simulator.
struct ExperimentRunner: Sendable {
    let layout: SimulationLayout
    private(set) var experiments: [Experiment]
    /// The distinct pre-equilibration conditions, in order of first use.
    private(set) var preequilibrations: [Int]
    let options: SolverOptions
    /// Where every solve starts (the initial values hold here).
    private(set) var startTime: Double
    /// Per condition input set of the layout.
    let inputEvaluators: [any BatchExpressionEvaluator]
    /// The lowered right-hand side (steady-state checks); nil without pre-equilibration.
    let steadyCheck: (any BatchExpressionEvaluator)?

    init(layout: SimulationLayout, experiments: [Experiment], options: SolverOptions, startTime: Double,
         kind: EvaluatorKind, bytecodeOptions: BytecodeOptions) throws(CompileError) {
        self.layout = layout
        self.experiments = experiments
        preequilibrations = Self.preequilibrations(of: experiments)
        self.options = options
        self.startTime = startTime
        inputEvaluators = layout.conditionInputCount == 0 ? []
            : layout.inputSets.map { kind.makeEvaluator($0, bytecodeOptions: bytecodeOptions) }
        steadyCheck = layout.carries
            ? kind.makeEvaluator(try layout.lowered.rightHandSideSet(), bytecodeOptions: bytecodeOptions) : nil
    }

    private static func preequilibrations(of experiments: [Experiment]) -> [Int] {
        var pre: [Int] = []
        for e in experiments { if let p = e.preequilibration, !pre.contains(p) { pre.append(p) } }
        return pre
    }

    /// The same runner for other experiments and start time (pre-equilibration
    /// needs a layout that carries states).
    func with(experiments: [Experiment], startTime: Double) -> ExperimentRunner {
        var copy = self
        copy.experiments = experiments
        copy.preequilibrations = Self.preequilibrations(of: experiments)
        copy.startTime = startTime
        return copy
    }

    /// The steady states of a chunk: point `i`, pre-equilibration `k` at
    /// `states[(i·K + k)·n ..< +n]`; `steady[i·K + k]` says whether it was reached.
    struct Preequilibration {
        var states: [Double]
        var steady: [Bool]
        var failures: [SolveFailure?]

        /// The first pre-equilibration of point `i` that did not reach a steady state.
        func firstFailure(point i: Int, count k: Int) -> Int? {
            (0..<k).first { !steady[i * k + $0] }
        }
    }

    /// Builds problem rows (see ``SimulationLayout``); one per chunk (its
    /// evaluators' scratch is its own).
    struct RowBuilder {
        let layout: SimulationLayout
        let startTime: Double
        var evaluators: [any BatchExpressionEvaluator]

        /// Writes the row of `theta` under condition `condition` (nil: the
        /// model's own values), carrying `carried` (a steady state) if given.
        mutating func fill(_ row: UnsafeMutablePointer<Double>, theta: UnsafePointer<Double>, condition: Int?,
                           carried: UnsafePointer<Double>?) {
            let p = layout.parameterCount
            row.update(from: theta, count: p)
            if !evaluators.isEmpty {
                let c = layout.inputIndex(condition)
                withUnsafePointer(to: startTime) { t in
                    evaluators[c].evaluate(LaneInputs(time: t, species: t, parameters: theta, laneCount: 1), into: row + p)
                }
            }
            if layout.carries {
                let offset = layout.carryOffset, n = layout.model.species.count
                row[offset] = carried == nil ? 0 : 1
                if let carried {
                    (row + offset + 1).update(from: carried, count: n)
                } else {
                    (row + offset + 1).update(repeating: 0, count: n)
                }
            }
        }
    }

    func rowBuilder() -> RowBuilder {
        RowBuilder(layout: layout, startTime: startTime, evaluators: inputEvaluators)
    }

    /// One batched solve of `problems` (rows already bound to `system`) with
    /// the method of `options` (``ODESolver``: explicit, stiff, or explicit
    /// with a hand-off to the stiff method per problem).
    func solve<System: ProblemBatchSystem & BatchJacobianSystem, Observer: BatchSolveObserver>(
        system: inout System, problems: Int, times: [Double], observer: inout Observer
    ) throws(SolverConfigurationError) -> BatchSolveStatistics {
        let solver = ODESolver(options: options, laneCount: system.laneCount)
        return try solver.solve(system: &system, problems: 0..<problems, startTime: startTime, outputTimes: times,
                                observer: &observer)
    }

    /// Pre-equilibrates every point of the chunk under every pre-equilibration
    /// condition (one batched solve).
    func preequilibrate<System: ProblemBatchSystem & BatchJacobianSystem>(
        theta: UnsafePointer<Double>, count: Int, system: inout System, builder: inout RowBuilder,
        statistics: inout BatchSolveStatistics
    ) -> Preequilibration {
        let k = preequilibrations.count, n = layout.model.species.count, w = layout.rowWidth
        let p = layout.parameterCount
        var result = Preequilibration(states: [Double](repeating: 0, count: count * k * n),
                                      steady: [Bool](repeating: false, count: count * k),
                                      failures: [SolveFailure?](repeating: nil, count: count * k))
        guard k > 0, count > 0, let check = steadyCheck else { return result }
        var rows = [Double](repeating: 0, count: count * k * w)
        rows.withUnsafeMutableBufferPointer { r in
            for i in 0..<count {
                for (j, condition) in preequilibrations.enumerated() {
                    builder.fill(r.baseAddress.unsafelyUnwrapped + (i * k + j) * w, theta: theta + i * p,
                                 condition: condition, carried: nil)
                }
            }
        }
        var status = [UInt8](repeating: 0, count: count * k)
        rows.withUnsafeBufferPointer { r in
            system.setProblems(r)
            result.states.withUnsafeMutableBufferPointer { states in
                status.withUnsafeMutableBufferPointer { st in
                    result.failures.withUnsafeMutableBufferPointer { failures in
                        var observer = SteadyStateObserver(
                            rightHandSide: check, rows: r.baseAddress.unsafelyUnwrapped, rowWidth: w, stateCount: n,
                            options: options, states: states.baseAddress.unsafelyUnwrapped,
                            status: st.baseAddress.unsafelyUnwrapped, failures: failures.baseAddress.unsafelyUnwrapped)
                        if let s = try? solve(system: &system, problems: count * k,
                                              times: SteadyStateObserver.times(from: startTime), observer: &observer) {
                            statistics.merge(s)
                        }
                    }
                }
            }
        }
        result.steady = status.map { $0 == SteadyStateObserver.steady }
        return result
    }

    /// The rows of `problems` (each after its pre-equilibration, if any).
    func rows(theta: UnsafePointer<Double>, problems: [ProblemRef], preequilibration: Preequilibration?,
              builder: inout RowBuilder) -> [Double] {
        let w = layout.rowWidth, p = layout.parameterCount, n = layout.model.species.count
        let k = preequilibrations.count
        var rows = [Double](repeating: 0, count: problems.count * w)
        rows.withUnsafeMutableBufferPointer { r in
            for (j, problem) in problems.enumerated() {
                let experiment = experiments[problem.experiment]
                let row = r.baseAddress.unsafelyUnwrapped + j * w
                if let pre = experiment.preequilibration, let slot = preequilibrations.firstIndex(of: pre),
                   let preequilibration {
                    preequilibration.states.withUnsafeBufferPointer { states in
                        builder.fill(row, theta: theta + problem.point * p, condition: experiment.condition,
                                     carried: states.baseAddress.unsafelyUnwrapped + (problem.point * k + slot) * n)
                    }
                } else {
                    builder.fill(row, theta: theta + problem.point * p, condition: experiment.condition, carried: nil)
                }
            }
        }
        return rows
    }
}
