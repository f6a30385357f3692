import ODE

/// Input that ``ModelLikelihood`` refuses before doing any work.
public enum LikelihoodSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model's references are inconsistent (see ``CompileError``).
    case compile(CompileError)
    /// Invalid solver options.
    case solverOptions(SolverConfigurationError)
    /// The model has no species, so there is nothing to integrate.
    case noSpecies
    /// The data set has no measurements.
    case noMeasurements(source: String)
    /// A measurement names an observable index the model does not have.
    case unknownObservable(line: Int, index: Int)
    /// A measurement time or value is NaN or infinite.
    case nonFiniteMeasurement(line: Int)
    /// A LogNormal observable has a measurement ≤ 0 (its log is undefined).
    case nonPositiveLogNormalMeasurement(line: Int, observable: String, value: Double)
    /// The lane count must be at least 1.
    case invalidLaneCount(Int)
    /// A parameter vector of the wrong length.
    case parameterCount(expected: Int, got: Int)
    /// Simulation times must be finite and non-decreasing, and at least one is needed.
    case invalidTimes(String)
    /// A measurement names a condition index the model does not have.
    case unknownCondition(line: Int, index: Int)
    /// A measurement gives a different number of placeholder values than its
    /// observable declares (or names a parameter the model does not have: `got` −1).
    case placeholderCount(line: Int, observable: String, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .compile(let e): return "cannot compile the model: \(e)"
        case .solverOptions(let e): return "invalid solver options: \(e)"
        case .noSpecies: return "the model has no species to integrate"
        case .noMeasurements(let s): return "the data set \(s) has no measurements"
        case let .unknownObservable(line, index): return "line \(line): unknown observable #\(index)"
        case .nonFiniteMeasurement(let line): return "line \(line): measurement time or value is not finite"
        case let .nonPositiveLogNormalMeasurement(line, name, value):
            return "line \(line): observable \(name) has LogNormal noise but the measurement is \(value) (must be > 0)"
        case .invalidLaneCount(let n): return "lane count must be at least 1, got \(n)"
        case let .parameterCount(expected, got): return "expected \(expected) parameter values, got \(got)"
        case .invalidTimes(let why): return "invalid output times: \(why)"
        case let .unknownCondition(line, index): return "line \(line): unknown condition #\(index)"
        case let .placeholderCount(line, name, expected, got):
            return got < 0 ? "line \(line): a placeholder value of observable \(name) names a parameter the model does not have"
                : "line \(line): observable \(name) has \(expected) placeholders but the measurement gives \(got) values"
        }
    }
}
