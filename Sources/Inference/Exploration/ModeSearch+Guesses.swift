extension ModeSearch {
    /// Climbs from each guess (points in u) to convergence, without the
    /// screening that ``run`` applies to its starts (a guess at a prior bound
    /// starts far out in u, where the log-Jacobian makes its f low although its
    /// likelihood is high: screened against prior draws it would be dropped
    /// before it climbs) and with step lengths that shrink when every trial
    /// step fails (a published optimum is often narrower than the search's
    /// shortest step: ``QuasiNewtonBatch/shrinkOnFailure``), and adds the optima that are new basins to
    /// `existing`, marked ``FoundMode/fromGuess``.
    ///
    /// Cost per guess: up to ``ModeSearchSettings/iterations`` iterations of
    /// d + 5 (forward differences, then 2d + 5 central) evaluations.
    static func climbGuesses(
        _ guesses: [[Double]], into existing: [FoundMode], posterior: Posterior, settings: ModeSearchSettings,
        threads: Int, ledger: inout EvaluationLedger, progress: (Int) -> Void
    ) -> [FoundMode] {
        var search = QuasiNewtonBatch(posterior: posterior, starts: guesses, step: settings.gradientStep)
        search.forwardDifferences = settings.forwardDifferencesUntilConverged
        search.polishWithCentralDifferences = settings.forwardDifferencesUntilConverged
        search.shrinkOnFailure = true
        search.initialise(threads: threads, ledger: &ledger)
        for _ in 0..<settings.iterations {
            search.iterate(threads: threads, ledger: &ledger)
            progress(ledger.evaluations)
            if search.allConverged { break }
        }
        return collect(posterior: posterior, candidates: search.results(), into: existing, settings: settings,
                       threads: threads, ledger: &ledger, fromGuess: true)
    }
}
