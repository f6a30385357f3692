import Foundation
import ModelDSL
import ODE

/// One measured configuration of the benchmark.
struct BenchRow: Sendable {
    var name: String
    var threads: Int
    var lanes: Int
    /// Wall time per log-likelihood evaluation (best of the repetitions).
    var microsecondsPerEvaluation: Double
    /// Process CPU time (all threads) per evaluation in the same run: the
    /// cost per core, robust to other load on the machine.
    var cpuMicrosecondsPerEvaluation: Double
    /// CPU time against the hand-written right-hand side at the same threads and lanes.
    var ratioToHandWritten: Double?
    /// Right-hand-side evaluations per solve (per problem, as the solver counts them).
    var rhsEvaluationsPerSolve: Double
    /// Step attempts (accepted + rejected) per solve.
    var stepsPerSolve: Double
    /// Fraction of the solves `auto` moved to the stiff method.
    var stiffFraction: Double
    /// `rhsEvaluations / (evaluateCalls · lanes)`: busy fraction of the lanes.
    var laneUtilisation: Double
    /// Points whose log L was −∞.
    var failures: Int
}

/// What `flowcli bench` prints.
struct BenchReport: Sendable, CustomStringConvertible {
    var rows: [BenchRow]
    var evaluations: Int
    var pointSource: String
    var options: SolverOptions
    /// The lane count with the lowest single-thread bytecode CPU time (when swept).
    var fastestLaneCount: Int?

    var description: String {
        var lines = [
            "log-likelihood benchmark: \(evaluations) points (\(pointSource)), solver \(options.method.rawValue) unless named, rtol \(options.relativeTolerance), atol \(options.absoluteTolerance)",
            "name                threads lanes  wall µs/eval  cpu µs/eval  ×hand(cpu)  rhs/solve  steps/solve  stiff  lane-use  -inf",
        ]
        for r in rows {
            let ratio = r.ratioToHandWritten.map { String(format: "%10.2f", $0) } ?? "         -"
            let name = r.name.padding(toLength: 20, withPad: " ", startingAt: 0)
            lines.append(name + String(
                format: "%6d %5d %13.1f %12.1f  ", r.threads, r.lanes, r.microsecondsPerEvaluation,
                r.cpuMicrosecondsPerEvaluation) + ratio + String(
                format: " %10.1f %12.1f %5.0f%% %8.0f%% %5d", r.rhsEvaluationsPerSolve, r.stepsPerSolve,
                100 * r.stiffFraction, 100 * r.laneUtilisation, r.failures))
        }
        if let fastestLaneCount { lines.append("fastest bytecode lane count (1 thread): \(fastestLaneCount)") }
        return lines.joined(separator: "\n")
    }
}
