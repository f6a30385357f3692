/// Tolerances and limits of an adaptive solve.
///
/// The local error estimate `e` of a step is accepted when
/// `sqrt(mean_i (e_i / (atol + rtol * max(|y_i|, |y_i_new|)))^2) <= 1`.
/// Defaults are part of the user-facing contract: they are shown in
/// `flowcli --help` and written into every run summary.
public struct SolverOptions: Sendable, Hashable, Codable {
    public static let defaultRelativeTolerance = 1e-6
    public static let defaultAbsoluteTolerance = 1e-8
    public static let defaultMaxSteps = 100_000

    /// Relative tolerance `rtol`.
    public var relativeTolerance: Double
    /// Absolute tolerance `atol`.
    public var absoluteTolerance: Double
    /// Maximum number of step attempts (accepted + rejected) per problem.
    public var maxSteps: Int
    /// First step size; `nil` chooses it automatically (Hairer, Nørsett & Wanner II.4).
    public var initialStep: Double?
    /// Largest step allowed; `nil` means unbounded.
    public var maxStepSize: Double?
    /// The integration method (default ``SolverChoice/auto``: explicit until a
    /// problem proves stiff). Read by ``ODESolver``; ``BatchSolver`` is always
    /// explicit and ``RosenbrockSolver`` always implicit.
    public var method: SolverChoice

    public init(
        relativeTolerance: Double = SolverOptions.defaultRelativeTolerance,
        absoluteTolerance: Double = SolverOptions.defaultAbsoluteTolerance,
        maxSteps: Int = SolverOptions.defaultMaxSteps,
        initialStep: Double? = nil,
        maxStepSize: Double? = nil,
        method: SolverChoice = .auto
    ) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maxSteps = maxSteps
        self.initialStep = initialStep
        self.maxStepSize = maxStepSize
        self.method = method
    }

    private enum CodingKeys: String, CodingKey {
        case relativeTolerance, absoluteTolerance, maxSteps, initialStep, maxStepSize, method
    }

    /// Decodes options written before ``method`` existed as ``SolverChoice/auto``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        relativeTolerance = try c.decode(Double.self, forKey: .relativeTolerance)
        absoluteTolerance = try c.decode(Double.self, forKey: .absoluteTolerance)
        maxSteps = try c.decode(Int.self, forKey: .maxSteps)
        initialStep = try c.decodeIfPresent(Double.self, forKey: .initialStep)
        maxStepSize = try c.decodeIfPresent(Double.self, forKey: .maxStepSize)
        method = try c.decodeIfPresent(SolverChoice.self, forKey: .method) ?? .auto
    }
}
