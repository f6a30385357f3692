/// Which integration method a solve uses (`flowcli --solver`).
///
/// - ``auto``: Dormand–Prince 5(4) for every problem, with Hairer's
///   stiffness test watching each accepted step; a problem whose steps are
///   limited by stability rather than accuracy continues, from where it is,
///   with the stiff method ``autoStiffMethod``. A problem on which the test
///   never fires is integrated exactly as with ``dopri5`` (bit for bit).
/// - ``dopri5``: always Dormand–Prince 5(4) (explicit; the reference for non-stiff models).
/// - ``rodas4``, ``rodas5p``: always that Rosenbrock method (linearly implicit, for stiff models).
public enum SolverChoice: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case auto
    case dopri5
    case rodas4
    case rodas5p

    /// The stiff method `auto` switches to. Rodas5P: on the stiff benchmark
    /// problems it needed fewer right-hand-side and Jacobian evaluations than
    /// Rodas4 for the same accuracy at rtol 1e-6…1e-8 (docs/benchmarks.md).
    public static let autoStiffMethod = SolverChoice.rodas5p

    /// The Rosenbrock tableau of a stiff choice (`nil` for ``auto`` and ``dopri5``).
    public var rosenbrockTableau: RosenbrockTableau? {
        switch self {
        case .auto, .dopri5: return nil
        case .rodas4: return .rodas4
        case .rodas5p: return .rodas5P
        }
    }

    /// E.g. "auto (Dormand-Prince 5(4), Rodas5P once stiff)".
    public var description: String {
        switch self {
        case .auto: return "auto (Dormand-Prince 5(4), \(Self.autoStiffMethod.description) once stiff)"
        case .dopri5: return "Dormand-Prince 5(4)"
        case .rodas4: return "Rodas4"
        case .rodas5p: return "Rodas5P"
        }
    }
}
