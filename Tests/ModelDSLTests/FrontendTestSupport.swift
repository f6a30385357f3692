import Foundation
import Testing
@testable import ModelDSL

/// Shared helpers for the front-end tests.
enum Frontend {
    /// The repository root, found from this file's path (Tests/ModelDSLTests/…).
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()  // ModelDSLTests
        url.deleteLastPathComponent()  // Tests
        url.deleteLastPathComponent()  // root
        return url.path
    }()

    static let shippedModels = ["repressilator", "lotka_volterra", "goodwin", "linear_gaussian"]

    static func modelPath(_ name: String) -> String { "\(repositoryRoot)/models/\(name).model" }

    static func shippedSource(_ name: String) throws -> ModelSource {
        let path = modelPath(name)
        return ModelSource(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// Parses and checks `text`; the checked model (throws on errors).
    static func check(_ text: String, file: String = "test.model") throws -> CheckedModel {
        let source = ModelSource(path: file, text: text)
        return try ModelChecker.check(try ModelParser.parse(source), source: source)
    }

    /// The errors parsing and checking `text` gives ([] when it is fine).
    static func errors(_ text: String, file: String = "test.model") -> [Diagnostic] {
        do {
            _ = try check(text, file: file)
            return []
        } catch let error as ModelErrors {
            return error.diagnostics
        } catch {
            Issue.record("unexpected error type \(error)")
            return []
        }
    }

    /// The warnings checking `text` gives (expects no errors).
    static func warnings(_ text: String) throws -> [Diagnostic] {
        let source = ModelSource(path: "test.model", text: text)
        return try ModelChecker.checkWithWarnings(try ModelParser.parse(source), source: source).warnings
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "flowfit-frontend-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// An independent evaluator of resolved expressions (what the compiler will do),
/// to test the checker's output by value rather than by shape.
struct TestEvaluator {
    var model: CheckedModel
    var state: [Double]
    var parameters: [Double]
    var time: Double = 0

    func assignment(_ i: Int) -> Double { value(model.assignments[i].expression) }

    func value(_ expr: Expr) -> Double {
        switch expr {
        case .number(let x): return x
        case .time: return time
        case .species(let i): return state[i]
        case .parameter(let i): return parameters[i]
        case .constant(let i): return model.constants[i].value
        case .assignment(let i): return assignment(i)
        case .observable(let i): return value(model.observables[i].expression)
        case .negate(let x): return -value(x)
        case .binary(let op, let a, let b):
            let (x, y) = (value(a), value(b))
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return Foundation.pow(x, y)
            }
        case .call(let f, let args):
            let v = args.map(value)
            switch f {
            case .exp: return Foundation.exp(v[0])
            case .log, .ln: return Foundation.log(v[0])
            case .log10: return Foundation.log10(v[0])
            case .sqrt: return v[0].squareRoot()
            case .abs: return Swift.abs(v[0])
            case .min: return Swift.min(v[0], v[1])
            case .max: return Swift.max(v[0], v[1])
            case .pow: return Foundation.pow(v[0], v[1])
            case .hill: return v[1] * Foundation.pow(v[0], v[3]) / (Foundation.pow(v[2], v[3]) + Foundation.pow(v[0], v[3]))
            case .hillr: return v[1] * Foundation.pow(v[2], v[3]) / (Foundation.pow(v[2], v[3]) + Foundation.pow(v[0], v[3]))
            case .mm: return v[1] * v[0] / (v[2] + v[0])
            default:  // the newer functions: the compiler tests' independent reference
                var reference = ReferenceEvaluator(time: time, species: [], parameters: [], constants: [])
                return reference.value(.call(f, v.map { .number($0) }))
            }
        }
    }
}

/// SplitMix64: a tiny seeded generator for the randomized tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
