import Foundation

/// Multi-start local optimisation of the log posterior density in the
/// unconstrained space, f(u) = log p_u(u) + log L(x(u)), to find narrow
/// high-likelihood basins that draws from a proposal alone would never hit.
///
/// Every start runs a quasi-Newton ascent (BFGS on the inverse Hessian of −f,
/// central-difference gradients, a backtracking line search over a few fixed
/// step lengths); all starts advance together so that each iteration is one
/// batched likelihood call. After a short screening phase only the most
/// promising starts continue (those with the highest f): on an oscillator the
/// starts that will reach the data-fitting basin are already clearly ahead
/// after a handful of iterations, and most of the others converge to the same
/// poor local optimum.
///
/// Cost per iteration and live start: 2d + 1 + (line-search trials)
/// evaluations; screening S starts for k iterations costs ≈ S·k·(2d + 5).
public struct ModeSearchSettings: Sendable, Codable, Hashable {
    /// Starts screened per search.
    public var starts = 384
    /// Iterations every start gets before screening.
    public var screeningIterations = 4
    /// Fraction of starts that continue after screening (at least `minimumContinued`).
    public var continuedFraction = 0.08
    public var minimumContinued = 4
    /// Of the continued starts, this fraction is chosen for spread (farthest
    /// from the others) rather than by f (see ``QuasiNewtonBatch/retainDiverse``).
    public var spreadFraction = 0.5
    /// Total iterations for continued starts (the curved ridges of ODE
    /// posteriors need many: at 40, a third of the optima stopped on the ridge
    /// a few nats below its top and looked like separate basins).
    public var iterations = 120
    /// Continued starts climb on forward-difference gradients (d + 5
    /// evaluations per iteration) and switch to central ones (2d + 5) only
    /// once they stop improving (``QuasiNewtonBatch/polishWithCentralDifferences``).
    /// On the perturbed repressilator (d = 8, 30 seeds of the first search from
    /// prior draws) this cut the search from 60 700 to 50 900 evaluations on
    /// average, and every seed found as many of the three modes (docs/benchmarks.md).
    public var forwardDifferencesUntilConverged = true
    /// Central-difference step in u (large enough that the solver's
    /// tolerance-level noise in log L does not swamp the differences).
    public var gradientStep = 1e-3
    /// Keep optima whose f is within this many nats of the best one found.
    public var keepWithin = 10.0
    /// Two optima joined by a segment along which f never falls more than this
    /// below the lower of them are one basin.
    public var valleyDepth = 3.0
    /// Try relabellings of found modes over parameters with identical priors.
    public var tryRelabellings = true
    public var relabellingsPerMode = 24
    /// Relabel at most this many of the best optima.
    public var relabelledOptima = 6
    /// Keep at most this many satellite optima (best first).
    public var maximumSatellites = 12
    /// Iterations refining each relabelled guess.
    public var refinementIterations = 15
    /// Partial restarts: each redraws this many coordinates (a random number
    /// in the range) of a known mode from the prior.
    public var restartCoordinates = 2...4

    public init() {}

    /// Approximate likelihood evaluations per start in `d` dimensions
    /// (screening with forward differences, then the continued share with
    /// central differences, line searches included): an upper bound when
    /// continued starts climb on forward differences.
    public func evaluationsPerStart(dimension d: Int) -> Double {
        let screening = Double(d + 1) + Double(screeningIterations) * Double(d + 5)
        let continued = continuedFraction * Double(iterations - screeningIterations) * Double(2 * d + 5)
        return screening + continued
    }
}

/// A local maximum of f with a Laplace approximation around it.
public struct FoundMode: Sendable, Codable, Hashable {
    /// Location in u.
    public var center: [Double]
    /// f at the centre.
    public var logTarget: Double
    public var logLikelihood: Double
    /// Covariance of the Laplace approximation, (−∇²f)⁻¹, row-major d × d.
    public var covariance: [Double]
    /// Whether the search that reached it started from a relabelling of another optimum.
    public var fromRelabelling = false
    /// Whether the search that reached it started from one of the posterior's
    /// guesses (``Posterior/guesses``) and no other start reached its basin.
    /// (A checkpoint written before this field existed is refused by its
    /// settings hash before its state is decoded, so the key is always there.)
    public var fromGuess = false
}

/// What a mode search found: one optimum per basin (`modes`, best first) and
/// the other optima of those basins (`satellites`: further along a ridge, or
/// on a plateau), which are worth proposal components of their own because
/// they reach where a single Laplace approximation at the best point does not.
public struct ModeSearchResult: Sendable, Codable, Hashable {
    public var modes: [FoundMode]
    public var satellites: [FoundMode]
    public init(modes: [FoundMode] = [], satellites: [FoundMode] = []) {
        self.modes = modes
        self.satellites = satellites
    }
}

public enum ModeSearch {
    /// Finds distinct optima from `starts` (points in u), and from `guesses`
    /// (points in u that every climb to convergence, unscreened), then tries the
    /// relabellings of each over parameters with identical priors
    /// (``ExchangeableGroups``), refined locally. Returns the distinct modes
    /// within ``ModeSearchSettings/keepWithin`` nats of the best, best first.
    /// `progress` receives the ledger's evaluation count after every iteration.
    public static func discover(
        posterior: Posterior, starts: [[Double]], guesses: [[Double]] = [], settings: ModeSearchSettings, threads: Int,
        ledger: inout EvaluationLedger, progress: (Int) -> Void = { _ in }
    ) -> ModeSearchResult {
        var optima = run(posterior: posterior, starts: starts, settings: settings, threads: threads, ledger: &ledger,
                         progress: progress)
        if !guesses.isEmpty {
            optima = climbGuesses(guesses, into: optima, posterior: posterior, settings: settings, threads: threads,
                                  ledger: &ledger, progress: progress)
        }
        let groups = ExchangeableGroups(priors: posterior.priors)
        if settings.tryRelabellings, !groups.groups.isEmpty, !optima.isEmpty {
            let guesses = optima.prefix(settings.relabelledOptima).flatMap {
                groups.relabellings(of: $0.center, limit: settings.relabellingsPerMode)
            }
            if !guesses.isEmpty {
                var search = QuasiNewtonBatch(posterior: posterior, starts: guesses, step: settings.gradientStep)
                search.initialise(threads: threads, ledger: &ledger)
                for _ in 0..<settings.refinementIterations {
                    search.iterate(threads: threads, ledger: &ledger)
                    progress(ledger.evaluations)
                    if search.allConverged { break }
                }
                optima = collect(posterior: posterior, candidates: search.results(), into: optima, settings: settings,
                                 threads: threads, ledger: &ledger, fromRelabelling: true)
            }
        }
        return groupConnected(optima, posterior: posterior, settings: settings, threads: threads, ledger: &ledger)
    }

    /// Groups optima that lie in one basin: two optima are connected if f
    /// never drops more than `valleyDepth` below the lower of the two along the
    /// segment between them (checked at a few interior points, one batched
    /// call). The best optimum of each group is its mode; the others are satellites.
    public static func groupConnected(
        _ modes: [FoundMode], posterior: Posterior, settings: ModeSearchSettings, threads: Int,
        ledger: inout EvaluationLedger
    ) -> ModeSearchResult {
        guard modes.count > 1 else { return ModeSearchResult(modes: modes) }
        let groups = basins(modes, posterior: posterior, settings: settings, threads: threads, ledger: &ledger)
        let satellites = groups.flatMap { $0.dropFirst() }.sorted()
        return ModeSearchResult(modes: groups.map { modes[$0[0]] },
                                satellites: Array(satellites.map { modes[$0] }.prefix(settings.maximumSatellites)))
    }

    /// The basins of `optima` (sorted best first): index groups, each group's
    /// best optimum first, groups in order of their best optimum.
    static func basins(_ optima: [FoundMode], posterior: Posterior, settings: ModeSearchSettings, threads: Int,
                       ledger: inout EvaluationLedger) -> [[Int]] {
        guard optima.count > 1 else { return optima.indices.map { [$0] } }
        let fractions = [0.2, 0.4, 0.6, 0.8]
        var pairs: [(Int, Int)] = []
        var points: [Double] = []
        for a in optima.indices {
            for b in (a + 1)..<optima.count {
                pairs.append((a, b))
                for t in fractions {
                    points += zip(optima[a].center, optima[b].center).map { (1 - t) * $0 + t * $1 }
                }
            }
        }
        let (l, lp) = posterior.evaluate(unconstrained: points, count: pairs.count * fractions.count,
                                         threads: threads, ledger: &ledger)
        var parent = Array(optima.indices)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { i = parent[i] }; return i }
        for (k, (a, b)) in pairs.enumerated() {
            let floor = min(optima[a].logTarget, optima[b].logTarget) - settings.valleyDepth
            let connected = fractions.indices.allSatisfy { j in l[k * fractions.count + j] + lp[k * fractions.count + j] >= floor }
            if connected {
                let (ra, rb) = (root(a), root(b))
                // Keep the better (lower index: optima are sorted best first).
                if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in optima.indices { groups[root(i), default: []].append(i) }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// Sorts newly found optima into basins relative to the modes already
    /// known: an optimum in the basin of a known mode (same Laplace region or
    /// connected without a valley) is a satellite of it; the others form new
    /// basins, whose best optima are new modes.
    public static func merge(
        _ found: [FoundMode], into known: [FoundMode], posterior: Posterior, settings: ModeSearchSettings,
        threads: Int, ledger: inout EvaluationLedger
    ) -> ModeSearchResult {
        let fresh = found.filter { f in !known.contains { Laplace.sameMode($0, f) } }
        guard !fresh.isEmpty else { return ModeSearchResult() }
        let all = (known + fresh).sorted { $0.logTarget > $1.logTarget }
        let isKnown = all.map { a in known.contains { $0 == a } }
        let groups = basins(all, posterior: posterior, settings: settings, threads: threads, ledger: &ledger)
        var result = ModeSearchResult()
        for g in groups {
            if g.contains(where: { isKnown[$0] }) {
                result.satellites += g.filter { !isKnown[$0] }.map { all[$0] }
            } else {
                result.modes.append(all[g[0]])
                result.satellites += g.dropFirst().map { all[$0] }
            }
        }
        result.satellites = Array(result.satellites.prefix(settings.maximumSatellites))
        return result
    }

    /// Multi-start search with screening; returns the distinct optima found
    /// (not yet grouped into basins), best first. `progress` receives the
    /// ledger's evaluation count after every iteration.
    public static func run(
        posterior: Posterior, starts: [[Double]], settings: ModeSearchSettings, threads: Int,
        ledger: inout EvaluationLedger, progress: (Int) -> Void = { _ in }
    ) -> [FoundMode] {
        guard !starts.isEmpty else { return [] }
        var search = QuasiNewtonBatch(posterior: posterior, starts: starts, step: settings.gradientStep)
        search.forwardDifferences = true
        search.initialise(threads: threads, ledger: &ledger)
        for _ in 0..<settings.screeningIterations {
            search.iterate(threads: threads, ledger: &ledger)
            progress(ledger.evaluations)
        }
        let keep = max(settings.minimumContinued, Int((Double(starts.count) * settings.continuedFraction).rounded(.up)))
        search.retainDiverse(keep, spreadFraction: settings.spreadFraction)
        if settings.forwardDifferencesUntilConverged {
            search.polishWithCentralDifferences = true
        } else {
            search.forwardDifferences = false
        }
        for _ in settings.screeningIterations..<settings.iterations {
            search.iterate(threads: threads, ledger: &ledger)
            progress(ledger.evaluations)
            if search.allConverged { break }
        }
        return collect(posterior: posterior, candidates: search.results(), into: [], settings: settings,
                       threads: threads, ledger: &ledger)
    }

    /// Adds the candidates that are new basins (with a Laplace covariance) to
    /// `existing`, keeping those within `keepWithin` of the best, best first.
    static func collect(
        posterior: Posterior, candidates: [(u: [Double], f: Double, logL: Double, inverseHessian: [Double])],
        into existing: [FoundMode], settings: ModeSearchSettings, threads: Int, ledger: inout EvaluationLedger,
        fromRelabelling: Bool = false, fromGuess: Bool = false
    ) -> [FoundMode] {
        let sorted = candidates.filter { $0.f.isFinite }.sorted { $0.f > $1.f }
        let best = max(sorted.first?.f ?? -.infinity, existing.map(\.logTarget).max() ?? -.infinity)
        guard best.isFinite else { return existing }
        var modes = existing
        for c in sorted where c.f >= best - settings.keepWithin {
            if modes.contains(where: { Laplace.contains($0, point: c.u) }) { continue }
            let covariance = Laplace.covariance(posterior: posterior, at: c.u, step: 1e-4, threads: threads, ledger: &ledger)
                ?? c.inverseHessian
            var mode = FoundMode(center: c.u, logTarget: c.f, logLikelihood: c.logL, covariance: covariance)
            mode.fromRelabelling = fromRelabelling
            mode.fromGuess = fromGuess
            if !modes.contains(where: { Laplace.sameMode(mode, $0) }) { modes.append(mode) }
        }
        return modes.filter { $0.logTarget >= best - settings.keepWithin }.sorted { $0.logTarget > $1.logTarget }
    }
}
