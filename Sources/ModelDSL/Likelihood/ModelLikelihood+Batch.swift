import ODE

extension ModelLikelihood {
    /// `log L` for `count` parameter vectors with any ``ProblemBatchSystem``
    /// in place of the compiled model (same solver, observer, data and
    /// chunking): the benchmark runs a hand-written right-hand side through
    /// this. When the stiff method is used, such a system is differentiated by
    /// finite differences (``FiniteDifferenceJacobian``).
    public func logLikelihoods<System: ProblemBatchSystem>(
        parameters: UnsafeBufferPointer<Double>, count: Int, threads: Int, system template: System
    ) -> LikelihoodBatchResult {
        logLikelihoods(parameters: parameters, count: count, threads: threads,
                       system: FiniteDifferenceJacobian(template))
    }

    /// The same for a system that supplies its own Jacobian (the compiled
    /// model). The system takes the rows of ``SimulationLayout`` — for a
    /// model without conditions or pre-equilibration, the parameter vectors
    /// themselves. Every problem — pre-equilibrations and experiments — is
    /// solved with ``ODESolver`` and the method of ``options``.
    ///
    /// Work is split into chunks of points run by ``Parallel/forEachChunk``;
    /// each chunk copies `system` and the observable evaluator (their scratch
    /// memory is copied on write) and writes only its own result slots.
    public func logLikelihoods<System: ProblemBatchSystem & BatchJacobianSystem>(
        parameters: UnsafeBufferPointer<Double>, count: Int, threads: Int, system template: System
    ) -> LikelihoodBatchResult {
        let p = parameterCount
        precondition(count >= 0 && parameters.count >= count * p, "need \(count) × \(p) parameter values, got \(parameters.count)")
        precondition(template.parameterCount == layout.rowWidth,
                     "system takes \(template.parameterCount) inputs, the model's rows have \(layout.rowWidth)")
        guard count > 0 else {
            return LikelihoodBatchResult(logLikelihoods: [], failureReasons: [], failures: .init(), statistics: .init())
        }
        let workers = Swift.max(1, threads)
        // Two chunks per thread (load balance against lane-tail waste: a chunk
        // ends with lanes idling while its slowest problem finishes), at least
        // eight problems per lane.
        let perPoint = Swift.max(1, schedule.experiments.count)
        let chunkSize = workers == 1 ? count
            : Swift.max((8 * template.laneCount + perPoint - 1) / perPoint, (count + 2 * workers - 1) / (2 * workers))
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
                                theta: rows + offset * p, count: range.count, system: template,
                                values: v + offset, reasons: c + offset)
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
    ///
    /// Pre-equilibrations first; a point whose pre-equilibration fails is −∞
    /// (``LikelihoodFailureReason/steadyStateNotReached``) and its experiments
    /// are not solved. Then one problem per remaining point and experiment;
    /// a point's value is the sum of its experiments' in experiment order,
    /// its reason that of its first failing experiment.
    private func solveChunk<System: ProblemBatchSystem & BatchJacobianSystem>(
        theta: UnsafePointer<Double>, count: Int, system template: System,
        values: UnsafeMutablePointer<Double>, reasons: UnsafeMutablePointer<UInt8>
    ) -> BatchSolveStatistics {
        var system = template
        system.startTime = startTime
        var statistics = BatchSolveStatistics()
        var builder = runner.rowBuilder()
        let preequilibration: ExperimentRunner.Preequilibration? = runner.preequilibrations.isEmpty ? nil
            : runner.preequilibrate(theta: theta, count: count, system: &system, builder: &builder, statistics: &statistics)
        let steadyFailed = UInt8(LikelihoodFailureReason.steadyStateNotReached.code + 1)
        var problems: [ProblemRef] = []
        problems.reserveCapacity(count * schedule.experiments.count)
        for i in 0..<count {
            if let preequilibration, preequilibration.firstFailure(point: i, count: runner.preequilibrations.count) != nil {
                values[i] = -.infinity
                reasons[i] = steadyFailed
                continue
            }
            for e in schedule.experiments.indices { problems.append(ProblemRef(point: i, experiment: e)) }
        }
        guard !problems.isEmpty else { return statistics }
        let rows = runner.rows(theta: theta, problems: problems, preequilibration: preequilibration, builder: &builder)
        var partial = [Double](repeating: 0, count: problems.count)
        var codes = [UInt8](repeating: 0, count: problems.count)
        let solved: BatchSolveStatistics? = rows.withUnsafeBufferPointer { r in
            system.setProblems(r)
            return problems.withUnsafeBufferPointer { pb in
                partial.withUnsafeMutableBufferPointer { vb in
                    codes.withUnsafeMutableBufferPointer { cb in
                        var observer = LikelihoodObserver(
                            schedule: schedule, observables: observables, rows: r.baseAddress.unsafelyUnwrapped,
                            rowWidth: layout.rowWidth, problems: pb.baseAddress.unsafelyUnwrapped,
                            values: vb.baseAddress.unsafelyUnwrapped, reasons: cb.baseAddress.unsafelyUnwrapped,
                            placeholderCount: model.placeholderCount)
                        return try? runner.solve(system: &system, problems: problems.count, times: schedule.times,
                                                 observer: &observer)
                    }
                }
            }
        }
        guard let solved else {
            let code = UInt8(LikelihoodFailureReason.invalidSolverConfiguration.code + 1)
            for i in 0..<count where reasons[i] == 0 { values[i] = -.infinity; reasons[i] = code }
            return statistics
        }
        statistics.merge(solved)
        // Problems are in (point, experiment) order: sum each point's in experiment order.
        for (j, problem) in problems.enumerated() {
            let i = problem.point
            if problem.experiment == 0 { values[i] = 0 }
            values[i] += partial[j]
            if reasons[i] == 0, codes[j] != 0 { reasons[i] = codes[j] }
        }
        for i in 0..<count where reasons[i] != 0 { values[i] = -.infinity }
        return statistics
    }
}
