import Foundation
import ODE

/// A small system `y' = f(t, y)` with its exact Jacobian, the same for every
/// problem (lanes are evaluated one by one from scalar closures).
struct ExactJacobianSystem: BatchJacobianSystem {
    let initialState: [Double]
    let f: @Sendable (Double, [Double]) -> [Double]
    /// Row-major `n × n`.
    let jacobianOf: @Sendable (Double, [Double]) -> [Double]
    /// `∂f/∂t`.
    let timeDerivativeOf: @Sendable (Double, [Double]) -> [Double]
    /// Problem `p` starts from `initialStates[p]` when given.
    var initialStates: [[Double]] = []
    var stateCount: Int { initialState.count }

    func load(problem: Int, lane: Int, initialState state: UnsafeMutablePointer<Double>) {
        let y0 = problem < initialStates.count ? initialStates[problem] : initialState
        for (i, v) in y0.enumerated() { state[i] = v }
    }

    private func lane(_ y: UnsafePointer<Double>, _ l: Int, _ laneCount: Int) -> [Double] {
        (0..<stateCount).map { y[$0 * laneCount + l] }
    }

    func evaluate(t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>, laneCount: Int) {
        for l in 0..<laneCount {
            for (i, v) in f(t[l], lane(y, l, laneCount)).enumerated() { dydt[i * laneCount + l] = v }
        }
    }

    func evaluateJacobian(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafePointer<Double>,
        jacobian: UnsafeMutablePointer<Double>, timeDerivative: UnsafeMutablePointer<Double>, laneCount: Int
    ) -> Int {
        for l in 0..<laneCount {
            let state = lane(y, l, laneCount)
            for (e, v) in jacobianOf(t[l], state).enumerated() { jacobian[e * laneCount + l] = v }
            for (i, v) in timeDerivativeOf(t[l], state).enumerated() { timeDerivative[i * laneCount + l] = v }
        }
        return 0
    }

    /// Robertson's chemical kinetics (Reference/stiff_reference.py).
    static let robertson = ExactJacobianSystem(
        initialState: [1, 0, 0],
        f: { _, y in
            [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1], 3e7 * y[1] * y[1]]
        },
        jacobianOf: { _, y in
            [-0.04, 1e4 * y[2], 1e4 * y[1],
             0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1],
             0, 6e7 * y[1], 0]
        },
        timeDerivativeOf: { _, _ in [0, 0, 0] })

    /// Van der Pol, μ = 1000 (Reference/stiff_reference.py).
    static let vanDerPol = ExactJacobianSystem(
        initialState: [2, 0],
        f: { _, y in [y[1], 1000 * (1 - y[0] * y[0]) * y[1] - y[0]] },
        jacobianOf: { _, y in [0, 1, -2000 * y[0] * y[1] - 1, 1000 * (1 - y[0] * y[0])] },
        timeDerivativeOf: { _, _ in [0, 0] })

    /// A damped linear rotation `y' = A y`, `A = [[-1/2, 3], [-3, -1/2]]`, `y(0) = (1, 0)`:
    /// `y = e^{-t/2} (cos 3t, −sin 3t)`.
    static let rotation = ExactJacobianSystem(
        initialState: [1, 0],
        f: { _, y in [-0.5 * y[0] + 3 * y[1], -3 * y[0] - 0.5 * y[1]] },
        jacobianOf: { _, _ in [-0.5, 3, -3, -0.5] },
        timeDerivativeOf: { _, _ in [0, 0] })
    static func rotationExact(_ t: Double) -> [Double] { [exp(-0.5 * t) * cos(3 * t), -exp(-0.5 * t) * sin(3 * t)] }

    /// A non-autonomous linear problem `y' = −y + sin t` (so `∂f/∂t = cos t`
    /// matters), `y(0) = 1`: `y = (sin t − cos t)/2 + 1.5 e^{−t}`.
    static let forced = ExactJacobianSystem(
        initialState: [1],
        f: { t, y in [-y[0] + sin(t)] },
        jacobianOf: { _, _ in [-1] },
        timeDerivativeOf: { t, _ in [cos(t)] })
    static func forcedExact(_ t: Double) -> [Double] { [(sin(t) - cos(t)) / 2 + 1.5 * exp(-t)] }

    /// The logistic equation `y' = 1.5 y (1 − y/10)`, `y(0) = 0.1`:
    /// `y = 10 / (1 + 99 e^{−1.5t})` (nonlinear, so all order conditions matter).
    static let logistic = ExactJacobianSystem(
        initialState: [0.1],
        f: { _, y in [1.5 * y[0] * (1 - y[0] / 10)] },
        jacobianOf: { _, y in [1.5 - 0.3 * y[0]] },
        timeDerivativeOf: { _, _ in [0] })
    static func logisticExact(_ t: Double) -> [Double] { [10 / (1 + 99 * exp(-1.5 * t))] }
}

/// Reads `Reference/stiff_reference.csv` (written by `stiff_reference.py`):
/// `problem → [(time, [values by component])]`.
func stiffReference() throws -> [String: [(time: Double, values: [Double])]] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference/stiff_reference.csv")
    let text = try String(contentsOf: url, encoding: .utf8)
    var table: [String: [(time: Double, values: [Double])]] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("problem") {
        let fields = line.split(separator: ",").map(String.init)
        guard fields.count == 4, let time = Double(fields[1]), let component = Int(fields[2]),
              let value = Double(fields[3]) else { continue }
        var rows = table[fields[0], default: []]
        if rows.last?.time != time { rows.append((time, [])) }
        precondition(rows[rows.count - 1].values.count == component, "components in order")
        rows[rows.count - 1].values.append(value)
        table[fields[0]] = rows
    }
    return table
}

/// Solves `system` for one problem with `solve(system:...)` of any solver and
/// returns the observer.
func solveOne(
    _ system: ExactJacobianSystem, times: [Double], options: SolverOptions, tableau: RosenbrockTableau = .rodas5P, laneCount: Int = 1
) throws -> (RecordingObserver, BatchSolveStatistics) {
    var s = system
    var observer = RecordingObserver(problemCount: 1, stateCount: system.stateCount)
    let stats = try RosenbrockSolver(options: options, laneCount: laneCount, tableau: tableau)
        .solve(system: &s, problems: 0..<1, startTime: 0, outputTimes: times, observer: &observer)
    return (observer, stats)
}
