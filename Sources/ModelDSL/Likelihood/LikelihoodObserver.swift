import ODE

/// A problem of a batched likelihood solve: one experiment of one parameter point.
struct ProblemRef: Sendable, Hashable {
    var point: Int
    var experiment: Int
}

/// Accumulates the log-likelihood of each problem (one experiment of one
/// parameter point) as the solver delivers its states.
///
/// Per output time with measurements of the problem's experiment: one
/// observable evaluation for the measurements without placeholders, one per
/// measurement with placeholders (its values bound after the row), then one
/// log-density per measurement, summed in time-then-file order. A problem
/// stops after its experiment's last measurement time, and — when summing —
/// at its first −∞. Recording (the breakdown) keeps going and stores every
/// contribution instead.
struct LikelihoodObserver: BatchSolveObserver {
    let schedule: MeasurementSchedule
    var observables: ObservableEvaluator
    /// Row-major rows of the problems (width ``rowWidth``; θ first).
    let rows: UnsafePointer<Double>
    let rowWidth: Int
    let problems: UnsafePointer<ProblemRef>
    /// Per problem: running sum, then final value.
    let values: UnsafeMutablePointer<Double>
    /// Per problem: 0 = finite, otherwise `LikelihoodFailureReason.code + 1`.
    let reasons: UnsafeMutablePointer<UInt8>
    /// When set (the breakdown), every contribution by entry index, and each
    /// problem's solver failure; failures then do not stop a problem.
    let record: Recording?
    private let output: ScratchBuffer
    private let inputs: ScratchBuffer

    struct Recording {
        let contributions: UnsafeMutablePointer<MeasurementContribution?>
        let solveFailures: UnsafeMutablePointer<SolveFailure?>
    }

    init(schedule: MeasurementSchedule, observables: ObservableEvaluator, rows: UnsafePointer<Double>, rowWidth: Int,
         problems: UnsafePointer<ProblemRef>, values: UnsafeMutablePointer<Double>,
         reasons: UnsafeMutablePointer<UInt8>, record: Recording? = nil, placeholderCount: Int) {
        self.schedule = schedule
        self.observables = observables
        self.rows = rows
        self.rowWidth = rowWidth
        self.problems = problems
        self.values = values
        self.reasons = reasons
        self.record = record
        output = ScratchBuffer(capacity: 2 * observables.observableCount)
        inputs = ScratchBuffer(capacity: rowWidth + placeholderCount)
    }

    mutating func record(problem: Int, timeIndex: Int, time: Double, state: UnsafePointer<Double>) -> Bool {
        let e = problems[problem].experiment
        let range = schedule.range(experiment: e, time: timeIndex)
        // Past its experiment's last measurement a problem stops (at the very
        // last output time the solve ends by itself, as a success).
        let more = timeIndex < schedule.lastTime[e] || timeIndex + 1 == schedule.times.count
        if range.isEmpty { return more }
        let out = output.pointer, k = observables.observableCount
        let slots = inputs.pointer, row = rows + problem * rowWidth
        slots.update(from: row, count: rowWidth)
        var plainReady = false
        var sum = values[problem]
        for index in range {
            let entry = schedule.entries[index]
            if entry.bindingStart == entry.bindingEnd {
                if !plainReady {
                    observables.evaluate(time: time, state: state, parameters: slots, into: out)
                    plainReady = true
                }
            } else {
                for b in schedule.bindings[entry.bindingStart..<entry.bindingEnd] {
                    slots[rowWidth + b.slot] = b.parameter >= 0 ? row[b.parameter] : b.value
                }
                observables.evaluate(time: time, state: state, parameters: slots, into: out)
                plainReady = false
            }
            let mu = out[entry.observable], sigma = out[k + entry.observable]
            let density = MeasurementSchedule.logDensity(entry, mu: mu, sigma: sigma)
            if let record {
                var c = MeasurementContribution(measurement: entry.measurement, prediction: mu, sd: sigma,
                                                logDensity: -.infinity, residual: .nan, failure: nil)
                switch density {
                case .success(let d): c.logDensity = d.value; c.residual = d.residual
                case .failure(let reason):
                    c.failure = reason
                    if reasons[problem] == 0 { reasons[problem] = UInt8(reason.code + 1) }
                }
                record.contributions[index] = c
                sum += c.logDensity
                continue
            }
            switch density {
            case .success(let d):
                sum += d.value
            case .failure(let reason):
                fail(problem, reason)
                return false
            }
        }
        values[problem] = sum
        return more
    }

    mutating func finish(problem: Int, outcome: SolveOutcome) {
        guard case .failure(let f) = outcome else { return }
        record?.solveFailures[problem] = f
        if reasons[problem] == 0 { fail(problem, LikelihoodFailureReason(f.reason)) }
        values[problem] = -.infinity
    }

    private func fail(_ problem: Int, _ reason: LikelihoodFailureReason) {
        values[problem] = -.infinity
        reasons[problem] = UInt8(reason.code + 1)
    }
}

/// Watches pre-equilibration solves: at each output time it evaluates the
/// right-hand side and stops the problem once the state is steady,
/// `‖dx/dt‖ ≤ 1` in the solver's weighted RMS norm
/// `sqrt(mean_i (f_i / (atol + rtol·|x_i|))²)` (time in the model's units),
/// keeping that state. A problem that fails, or reaches the horizon without
/// becoming steady, has not reached a steady state.
struct SteadyStateObserver: BatchSolveObserver {
    var rightHandSide: any BatchExpressionEvaluator
    let rows: UnsafePointer<Double>
    let rowWidth: Int
    let stateCount: Int
    let relativeTolerance: Double
    let absoluteTolerance: Double
    /// Per problem: the steady state (`stateCount` values).
    let states: UnsafeMutablePointer<Double>
    /// Per problem: 0 running, 1 steady, 2 not steady.
    let status: UnsafeMutablePointer<UInt8>
    /// Per problem: the solver's failure, when that is why.
    let failures: UnsafeMutablePointer<SolveFailure?>
    private let derivative: ScratchBuffer

    static let steady: UInt8 = 1, notSteady: UInt8 = 2

    init(rightHandSide: any BatchExpressionEvaluator, rows: UnsafePointer<Double>, rowWidth: Int, stateCount: Int,
         options: SolverOptions, states: UnsafeMutablePointer<Double>, status: UnsafeMutablePointer<UInt8>,
         failures: UnsafeMutablePointer<SolveFailure?>) {
        self.rightHandSide = rightHandSide
        self.rows = rows
        self.rowWidth = rowWidth
        self.stateCount = stateCount
        relativeTolerance = options.relativeTolerance
        absoluteTolerance = options.absoluteTolerance
        self.states = states
        self.status = status
        self.failures = failures
        derivative = ScratchBuffer(capacity: stateCount)
    }

    /// The output times of a pre-equilibration from `start`: `start`, then
    /// `start + 10⁻³·2^k` up to about 10⁹ time units (the horizon).
    static func times(from start: Double) -> [Double] {
        [start] + (0...40).map { start + 1e-3 * Double(1 << $0) }
    }

    mutating func record(problem: Int, timeIndex: Int, time: Double, state: UnsafePointer<Double>) -> Bool {
        let f = derivative.pointer, n = stateCount
        withUnsafePointer(to: time) { t in
            rightHandSide.evaluate(LaneInputs(time: t, species: state, parameters: rows + problem * rowWidth, laneCount: 1),
                                   into: f)
        }
        var sum = 0.0
        for i in 0..<n {
            let w = f[i] / (absoluteTolerance + relativeTolerance * Swift.abs(state[i]))
            sum += w * w
        }
        guard (sum / Double(n)).squareRoot() <= 1 else { return true }
        (states + problem * n).update(from: state, count: n)
        status[problem] = Self.steady
        return false
    }

    mutating func finish(problem: Int, outcome: SolveOutcome) {
        guard status[problem] != Self.steady else { return }
        status[problem] = Self.notSteady
        if case .failure(let f) = outcome { failures[problem] = f }
    }
}
