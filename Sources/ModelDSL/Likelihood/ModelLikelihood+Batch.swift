import ODE

extension ModelLikelihood {
    /// `log L` for `count` parameter vectors with any ``ProblemBatchSystem``
    /// in place of the compiled model (same solver, observer, data and
    /// chunking): the benchmark runs a hand-written right-hand side through
    /// this. When the stiff method is used, such a system is differentiated by
    /// finite differences.
    ///
    /// Work is split into chunks of problems run by ``Parallel/forEachChunk``;
    /// each chunk copies `system` and the observable evaluator (their scratch
    /// memory is copied on write) and writes only its own result slots.
    public func logLikelihoods<System: ProblemBatchSystem>(
        parameters: UnsafeBufferPointer<Double>, count: Int, threads: Int, system template: System
    ) -> LikelihoodBatchResult {
        run(parameters: parameters, count: count, threads: threads, system: template) {
            (solver, system, problems, start, times, observer) throws(SolverConfigurationError) in
            try solver.solve(system: &system, problems: problems, startTime: start, outputTimes: times, observer: &observer)
        }
    }

    /// The same for a system that supplies its own Jacobian (the compiled model).
    public func logLikelihoods<System: ProblemBatchSystem & BatchJacobianSystem>(
        parameters: UnsafeBufferPointer<Double>, count: Int, threads: Int, system template: System
    ) -> LikelihoodBatchResult {
        run(parameters: parameters, count: count, threads: threads, system: template) {
            (solver, system, problems, start, times, observer) throws(SolverConfigurationError) in
            try solver.solve(system: &system, problems: problems, startTime: start, outputTimes: times, observer: &observer)
        }
    }

    /// How a chunk is solved: ``ODESolver``'s overload for the system's kind.
    typealias ChunkSolve<System> = @Sendable (
        ODESolver, inout System, Range<Int>, Double, [Double], inout LikelihoodObserver
    ) throws(SolverConfigurationError) -> BatchSolveStatistics

    private func run<System: ProblemBatchSystem>(
        parameters: UnsafeBufferPointer<Double>, count: Int, threads: Int, system template: System,
        solve: ChunkSolve<System>
    ) -> LikelihoodBatchResult {
        let p = parameterCount
        precondition(count >= 0 && parameters.count >= count * p, "need \(count) × \(p) parameter values, got \(parameters.count)")
        precondition(template.parameterCount == p, "system takes \(template.parameterCount) parameters, model \(p)")
        guard count > 0 else {
            return LikelihoodBatchResult(logLikelihoods: [], failureReasons: [], failures: .init(), statistics: .init())
        }
        let workers = Swift.max(1, threads)
        // Two chunks per thread (load balance against lane-tail waste: a chunk
        // ends with lanes idling while its slowest problem finishes), at least
        // eight problems per lane.
        let chunkSize = workers == 1 ? count : Swift.max(8 * template.laneCount, (count + 2 * workers - 1) / (2 * workers))
        let chunkCount = (count + chunkSize - 1) / chunkSize
        var values = [Double](repeating: 0, count: count)
        var codes = [UInt8](repeating: 0, count: count)
        var stats = [BatchSolveStatistics](repeating: .init(), count: chunkCount)
        let dummy = [0.0]
        values.withUnsafeMutableBufferPointer { vb in
            codes.withUnsafeMutableBufferPointer { cb in
                stats.withUnsafeMutableBufferPointer { sb in
                    dummy.withUnsafeBufferPointer { db in
                        // nonisolated(unsafe): chunks are disjoint index ranges, so every
                        // slot of these buffers is written by exactly one chunk.
                        nonisolated(unsafe) let v = vb.baseAddress.unsafelyUnwrapped
                        nonisolated(unsafe) let c = cb.baseAddress.unsafelyUnwrapped
                        nonisolated(unsafe) let s = sb.baseAddress.unsafelyUnwrapped
                        nonisolated(unsafe) let rows = parameters.baseAddress ?? db.baseAddress.unsafelyUnwrapped
                        try? Parallel.forEachChunk(count: count, chunkSize: chunkSize, threads: workers) { range in
                            let offset = range.lowerBound
                            s[offset / chunkSize] = solveChunk(
                                rows: rows + offset * p, count: range.count, system: template,
                                values: v + offset, reasons: c + offset, solve: solve)
                        }
                    }
                }
            }
        }
        var result = LikelihoodBatchResult(logLikelihoods: values, failureReasons: [], failures: .init(), statistics: .init())
        result.failureReasons = codes.map { $0 == 0 ? nil : LikelihoodFailureReason.allCases[Int($0) - 1] }
        for r in result.failureReasons { if let r { result.failures[r] += 1 } }
        for st in stats { result.statistics.merge(st) }
        return result
    }

    /// Solves one chunk; `values`/`reasons` are the chunk's slots (zeroed).
    private func solveChunk<System: ProblemBatchSystem>(
        rows: UnsafePointer<Double>, count: Int, system template: System,
        values: UnsafeMutablePointer<Double>, reasons: UnsafeMutablePointer<UInt8>, solve: ChunkSolve<System>
    ) -> BatchSolveStatistics {
        var system = template
        system.startTime = startTime
        system.setProblems(UnsafeBufferPointer(start: rows, count: count * parameterCount))
        var observer = LikelihoodObserver(
            schedule: schedule, observables: observables, parameters: rows, parameterCount: parameterCount,
            values: values, reasons: reasons)
        let solver = ODESolver(options: options, laneCount: system.laneCount)
        do {
            return try solve(solver, &system, 0..<count, startTime, schedule.times, &observer)
        } catch {
            let code = UInt8(LikelihoodFailureReason.invalidSolverConfiguration.code + 1)
            for i in 0..<count { values[i] = -.infinity; reasons[i] = code }
            return BatchSolveStatistics()
        }
    }
}
