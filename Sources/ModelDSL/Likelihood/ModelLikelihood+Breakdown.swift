import ODE

/// One measurement's share of the log-likelihood.
public struct MeasurementContribution: Sendable, Hashable {
    /// Index into `DataSet.measurements`.
    public var measurement: Int
    public var prediction: Double
    /// The noise model's spread (sd, or Laplace scale; on the log scale for
    /// the log kinds, so σ·ln 10 for PEtab's log10 ones).
    public var sd: Double
    /// `log p(y | prediction, sd)`, or `-infinity` with `failure` set.
    public var logDensity: Double
    /// The standardised residual `(ỹ − μ̃)/sd` (logs for the log kinds); its
    /// square summed is PEtab's χ². NaN with `failure`.
    public var residual: Double
    public var failure: LikelihoodFailureReason?
}

/// The log-likelihood at one point, measurement by measurement.
public struct LikelihoodBreakdown: Sendable, Hashable {
    /// In the order of summation (experiment, time, file order). Measurements
    /// that a failed solve did not reach are absent.
    public var contributions: [MeasurementContribution]
    /// The first failed solve (in experiment order; pre-equilibrations first).
    public var solveFailure: SolveFailure?
    /// The experiment of the first failure, if any.
    public var failedExperiment: Experiment?
    /// Whether that failure is a pre-equilibration that did not reach a steady state.
    public var steadyStateFailure: Bool
    /// `Σ logDensity` in that order; `-infinity` on any failure.
    public var total: Double
}

extension ModelLikelihood {
    /// Solves once (the same batched solves as ``logLikelihoods(parameters:count:threads:)``,
    /// for one point) and evaluates every measurement, without stopping at
    /// the first −∞: for diagnostics and tests.
    /// - Throws: ``LikelihoodSetupError/parameterCount(expected:got:)``.
    public func breakdown(parameters: [Double]) throws(LikelihoodSetupError) -> LikelihoodBreakdown {
        guard parameters.count == parameterCount else {
            throw .parameterCount(expected: parameterCount, got: parameters.count)
        }
        var system = self.system
        system.startTime = startTime
        var result = LikelihoodBreakdown(contributions: [], solveFailure: nil, failedExperiment: nil,
                                         steadyStateFailure: false, total: 0)
        var builder = runner.rowBuilder()
        let theta = parameters.isEmpty ? [0.0] : parameters
        return theta.withUnsafeBufferPointer { tb in
            let t = tb.baseAddress.unsafelyUnwrapped
            var statistics = BatchSolveStatistics()
            let k = runner.preequilibrations.count
            let preequilibration: ExperimentRunner.Preequilibration? = k == 0 ? nil
                : runner.preequilibrate(theta: t, count: 1, system: &system, builder: &builder, statistics: &statistics)
            if let preequilibration, let failed = preequilibration.firstFailure(point: 0, count: k) {
                result.steadyStateFailure = true
                result.solveFailure = preequilibration.failures[failed]
                result.failedExperiment = schedule.experiments.first { $0.preequilibration == runner.preequilibrations[failed] }
                result.total = -.infinity
                return result
            }
            let problems = schedule.experiments.indices.map { ProblemRef(point: 0, experiment: $0) }
            let rows = runner.rows(theta: t, problems: problems, preequilibration: preequilibration, builder: &builder)
            var partial = [Double](repeating: 0, count: problems.count)
            var codes = [UInt8](repeating: 0, count: problems.count)
            var contributions = [MeasurementContribution?](repeating: nil, count: schedule.entries.count)
            var failures = [SolveFailure?](repeating: nil, count: problems.count)
            rows.withUnsafeBufferPointer { r in
                system.setProblems(r)
                problems.withUnsafeBufferPointer { pb in
                    partial.withUnsafeMutableBufferPointer { vb in
                        codes.withUnsafeMutableBufferPointer { cb in
                            contributions.withUnsafeMutableBufferPointer { contributionBuffer in
                                failures.withUnsafeMutableBufferPointer { fb in
                                    var observer = LikelihoodObserver(
                                        schedule: schedule, observables: observables, rows: r.baseAddress.unsafelyUnwrapped,
                                        rowWidth: layout.rowWidth, problems: pb.baseAddress.unsafelyUnwrapped,
                                        values: vb.baseAddress.unsafelyUnwrapped, reasons: cb.baseAddress.unsafelyUnwrapped,
                                        record: .init(contributions: contributionBuffer.baseAddress.unsafelyUnwrapped,
                                                      solveFailures: fb.baseAddress.unsafelyUnwrapped),
                                        placeholderCount: model.placeholderCount)
                                    _ = try? runner.solve(system: &system, problems: problems.count, times: schedule.times,
                                                          observer: &observer)
                                }
                            }
                        }
                    }
                }
            }
            result.contributions = contributions.compactMap { $0 }
            for (e, code) in codes.enumerated() where code != 0 || failures[e] != nil {
                if result.failedExperiment == nil { result.failedExperiment = schedule.experiments[e] }
                if result.solveFailure == nil, let f = failures[e] { result.solveFailure = f }
            }
            result.total = result.failedExperiment == nil ? partial.reduce(0, +) : -.infinity
            return result
        }
    }

    /// States and observables at `times` for one parameter vector under the
    /// model's own values (same solver options and evaluator as the
    /// likelihood; start time `min(0, times[0])`). See ``ModelSimulator``.
    public func simulate(parameters: [Double], times: [Double]) throws(LikelihoodSetupError) -> Result<Simulation, SolveFailure> {
        try ModelSimulator(model: model, options: options, evaluator: evaluator).simulate(parameters: parameters, times: times)
    }
}
