import Foundation
import ModelDSL
import ODE

/// Measures the cost of one log-likelihood evaluation (one ODE solve plus
/// the observables) for the compiled evaluators and the solver methods, on
/// one thread and on `threads`.
///
/// With the repressilator, whose equations are also written by hand in
/// Swift (``HandWrittenRepressilator``): the hand-written right-hand side,
/// the bytecode (with and without the vectorised pow), closures and the tree
/// walker, all with the method `method`; the bytecode with each stiff method
/// (Rodas4, Rodas5P: what the stiff path costs on a non-stiff model); and a
/// lane-count sweep (1, 4, 8, 16, 32) against the hand-written system. With
/// any other model: the bytecode with `method` (1 and `threads` threads) and
/// with each stiff method (1 thread), and with Dormand–Prince alone when that
/// is the chosen method.
///
/// Points: `evaluations` parameter vectors, drawn from the model's priors
/// with a seeded generator (`seed`), or all equal to the nominal point
/// (`nominal`: the per-simulation cost of one parameter vector, as a
/// simulator benchmark measures it). Solver: rtol 1e-6, atol 1e-8. Every
/// configuration is warmed up once; then `repetitions` rounds run all
/// configurations in turn (interleaved, so that load from other processes
/// hits all alike) and each row keeps its fastest round. CPU time is the
/// process's (all threads): the cost per core.
func runLikelihoodBenchmark(
    model: CheckedModel, data: DataSet, threads: Int, evaluations: Int, repetitions: Int = 5, seed: UInt64 = 1,
    method: SolverChoice = .auto, nominal: Bool = false
) throws(BenchmarkError) -> BenchReport {
    guard threads >= 1 else { throw .invalidArgument("threads must be at least 1, got \(threads)") }
    guard evaluations >= 1 else { throw .invalidArgument("evaluations must be at least 1, got \(evaluations)") }
    guard repetitions >= 1 else { throw .invalidArgument("repetitions must be at least 1, got \(repetitions)") }
    let options = SolverOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-8, method: method)
    let points: [Double]
    let pointSource: String
    if nominal {
        let point: ParameterPoint
        do { point = try ParameterPoint(model: model, assignments: []) } catch {
            throw .invalidArgument("no nominal point: \(error)")
        }
        points = Array((0..<evaluations).map { _ in point.values }.joined())
        pointSource = "the nominal point"
    } else {
        points = PriorDraws.points(model, count: evaluations, seed: seed)
        pointSource = "prior draws, seed \(seed)"
    }
    let lanes = ModelLikelihood.defaultLaneCount

    func likelihood(_ kind: EvaluatorKind, _ lanes: Int, fastPower: Bool = false, method: SolverChoice? = nil)
        throws(BenchmarkError) -> ModelLikelihood {
        var o = options
        if let method { o.method = method }
        do {
            return try ModelLikelihood(
                model: model, data: data, options: o, laneCount: lanes, evaluator: kind,
                bytecodeOptions: BytecodeOptions(fastPower: fastPower))
        } catch { throw .setup(error) }
    }

    // The configurations; `hand` is the index of the row to compare with.
    var cases: [BenchCase] = []
    func add(_ name: String, _ t: Int, _ l: Int, hand: Int?, _ run: @escaping BenchCase.Run) {
        cases.append(BenchCase(name: name, threads: t, lanes: l, hand: hand, run: run))
    }
    let stiffMethods: [SolverChoice] = [.rodas4, .rodas5p]
    var sweep: [Int] = []
    if (try? HandWrittenRepressilator(model: model, laneCount: lanes)) != nil {
        for t in threads == 1 ? [1] : [1, threads] {
            let bytecode = try likelihood(.bytecode, lanes)
            let system = try HandWrittenRepressilator(model: model, laneCount: lanes)
            let hand = cases.count
            add("hand-written", t, lanes, hand: nil) { bytecode.logLikelihoods(parameters: $0, count: $1, threads: t, system: system) }
            var variants: [(String, ModelLikelihood)] = [
                ("bytecode", bytecode), ("bytecode + fast pow", try likelihood(.bytecode, lanes, fastPower: true)),
                ("closures", try likelihood(.closures, lanes)), ("tree walker", try likelihood(.treeWalker, lanes)),
            ]
            if t == 1 {
                for m in stiffMethods where m != method {
                    variants.append(("bytecode \(m.rawValue)", try likelihood(.bytecode, lanes, method: m)))
                }
            }
            for (name, l) in variants { add(name, t, lanes, hand: hand) { l.logLikelihoods(parameters: $0, count: $1, threads: t) } }
        }
        for l in [1, 4, 8, 16, 32] {
            let bytecode = try likelihood(.bytecode, l)
            let system = try HandWrittenRepressilator(model: model, laneCount: l)
            let hand = cases.count
            add("hand-written lanes", 1, l, hand: nil) { bytecode.logLikelihoods(parameters: $0, count: $1, threads: 1, system: system) }
            sweep.append(cases.count)
            add("bytecode lanes", 1, l, hand: hand) { bytecode.logLikelihoods(parameters: $0, count: $1, threads: 1) }
        }
    } else {
        for t in threads == 1 ? [1] : [1, threads] {
            let chosen = try likelihood(.bytecode, lanes)
            add("bytecode \(method.rawValue)", t, lanes, hand: nil) { chosen.logLikelihoods(parameters: $0, count: $1, threads: t) }
        }
        for l in [1, 16] {
            let other = try likelihood(.bytecode, l)
            add("bytecode \(method.rawValue)", 1, l, hand: nil) { other.logLikelihoods(parameters: $0, count: $1, threads: 1) }
        }
        for m in stiffMethods where m != method {
            let l = try likelihood(.bytecode, lanes, method: m)
            add("bytecode \(m.rawValue)", 1, lanes, hand: nil) { l.logLikelihoods(parameters: $0, count: $1, threads: 1) }
        }
    }

    let rows = points.withUnsafeBufferPointer { all in
        measure(cases, points: all, count: evaluations, warmUp: Swift.min(evaluations, 16), rounds: repetitions)
    }
    let fastest = sweep.min { rows[$0].cpuMicrosecondsPerEvaluation < rows[$1].cpuMicrosecondsPerEvaluation }.map { rows[$0].lanes }
    return BenchReport(
        rows: rows, evaluations: evaluations, pointSource: pointSource, options: options, fastestLaneCount: fastest)
}

/// One configuration of the benchmark.
struct BenchCase {
    typealias Run = (UnsafeBufferPointer<Double>, Int) -> LikelihoodBatchResult
    var name: String
    var threads: Int
    var lanes: Int
    var hand: Int?
    var run: Run
}

/// Warms every case up, then runs `rounds` interleaved rounds and keeps each
/// case's fastest wall and CPU time.
private func measure(
    _ cases: [BenchCase], points: UnsafeBufferPointer<Double>, count: Int, warmUp: Int, rounds: Int
) -> [BenchRow] {
    let width = count == 0 ? 0 : points.count / count
    var wall = [Double](repeating: .infinity, count: cases.count), cpu = wall
    var results = [LikelihoodBatchResult?](repeating: nil, count: cases.count)
    for c in cases { _ = c.run(UnsafeBufferPointer(rebasing: points[0..<(warmUp * width)]), warmUp) }
    for _ in 0..<rounds {
        for (i, c) in cases.enumerated() {
            let wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID)
            results[i] = c.run(points, count)
            wall[i] = Swift.min(wall[i], seconds(CLOCK_MONOTONIC) - wall0)
            cpu[i] = Swift.min(cpu[i], seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0)
        }
    }
    var rows: [BenchRow] = []
    for (i, c) in cases.enumerated() {
        let stats = results[i]?.statistics ?? BatchSolveStatistics()
        rows.append(BenchRow(
            name: c.name, threads: c.threads, lanes: c.lanes,
            microsecondsPerEvaluation: wall[i] / Double(count) * 1e6,
            cpuMicrosecondsPerEvaluation: cpu[i] / Double(count) * 1e6,
            ratioToHandWritten: c.hand.map { cpu[i] / cpu[$0] },
            rhsEvaluationsPerSolve: Double(stats.rhsEvaluations) / Double(count),
            stepsPerSolve: Double(stats.acceptedSteps + stats.rejectedSteps) / Double(count),
            stiffFraction: Double(stats.stiffSwitches) / Double(count),
            laneUtilisation: Double(stats.rhsEvaluations) / Double(Swift.max(1, stats.evaluateCalls * c.lanes)),
            failures: results[i]?.failures.total ?? 0))
    }
    return rows
}

/// The current time of `clock` in seconds (`clock_gettime`).
func seconds(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
