/// A sampler setting outside the range its algorithm can use.
public struct SettingProblem: Sendable, Hashable, CustomStringConvertible {
    /// What a setting must satisfy.
    public enum Requirement: Sendable, Hashable, CustomStringConvertible {
        /// value ≥ bound
        case atLeast(Double)
        /// value > bound
        case greaterThan(Double)
        /// lower < value < upper
        case between(Double, Double)
        /// lower ≤ value < upper
        case from(Double, below: Double)
        /// lower ≤ value ≤ upper
        case within(Double, Double)

        public var description: String {
            func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
            switch self {
            case .atLeast(let b): return "at least \(n(b))"
            case .greaterThan(let b): return "greater than \(n(b))"
            case let .between(a, b): return "in (\(n(a)), \(n(b)))"
            case let .from(a, b): return "in [\(n(a)), \(n(b)))"
            case let .within(a, b): return "in [\(n(a)), \(n(b))]"
            }
        }

        /// Whether `value` satisfies the requirement (NaN never does).
        public func admits(_ value: Double) -> Bool {
            switch self {
            case .atLeast(let b): return value >= b
            case .greaterThan(let b): return value > b
            case let .between(a, b): return value > a && value < b
            case let .from(a, b): return value >= a && value < b
            case let .within(a, b): return value >= a && value <= b
            }
        }
    }

    /// The setting's name as written in `summary.json` (e.g. `schedule.samples_per_stage`).
    public var setting: String
    public var value: Double
    public var requirement: Requirement

    public init(setting: String, value: Double, requirement: Requirement) {
        self.setting = setting
        self.value = value
        self.requirement = requirement
    }

    public var description: String {
        let v = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        return "\(setting) must be \(requirement) (got \(v))"
    }

    /// Appends a problem to `problems` unless `value` satisfies `requirement`.
    public static func check(_ value: Double, _ requirement: Requirement, _ setting: String,
                             into problems: inout [SettingProblem]) {
        if !requirement.admits(value) {
            problems.append(SettingProblem(setting: setting, value: value, requirement: requirement))
        }
    }

    public static func check(_ value: Int, _ requirement: Requirement, _ setting: String,
                             into problems: inout [SettingProblem]) {
        check(Double(value), requirement, setting, into: &problems)
    }
}

/// Invalid sampler settings.
public struct SamplerConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [SettingProblem]
    public init(problems: [SettingProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
