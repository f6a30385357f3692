import Foundation
import ModelDSL

/// SplitMix64: a tiny seeded generator for tests (ModelDSL cannot use Inference's).
struct TestRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) * 0x1.0p-53
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// The straightforward recursive scalar meaning of an `Expr`, written
/// independently of the library (Foundation functions and the documented
/// formulas only). Also tracks the largest intermediate magnitude, which
/// bounds the rounding error any evaluation order can make.
struct ReferenceEvaluator {
    var time: Double
    var species: [Double]
    var parameters: [Double]
    var constants: [Double]
    var assignments: [Expr] = []
    var observables: [Expr] = []
    var largest: Double = 0

    mutating func value(_ e: Expr) -> Double {
        let v: Double
        switch e {
        case .number(let x): v = x
        case .time: v = time
        case .species(let i): v = species[i]
        case .parameter(let j): v = parameters[j]
        case .constant(let c): v = constants[c]
        case .assignment(let a): v = value(assignments[a])
        case .observable(let o): v = value(observables[o])
        case .negate(let x): v = -value(x)
        case .binary(let op, let x, let y):
            let a = value(x), b = value(y)
            switch op {
            case .add: v = a + b
            case .subtract: v = a - b
            case .multiply: v = a * b
            case .divide: v = a / b
            case .power: v = Foundation.pow(a, b)
            }
        case .call(let f, let args):
            let a = args.map { value($0) }
            switch f {
            case .exp: v = Foundation.exp(a[0])
            case .log, .ln: v = Foundation.log(a[0])
            case .log10: v = Foundation.log10(a[0])
            case .sqrt: v = Foundation.sqrt(a[0])
            case .abs: v = Swift.abs(a[0])
            case .min: v = Swift.min(a[0], a[1])
            case .max: v = Swift.max(a[0], a[1])
            case .pow: v = Foundation.pow(a[0], a[1])
            case .hill: v = a[1] * Foundation.pow(a[0], a[3]) / (Foundation.pow(a[2], a[3]) + Foundation.pow(a[0], a[3]))
            case .hillr: v = a[1] * Foundation.pow(a[2], a[3]) / (Foundation.pow(a[2], a[3]) + Foundation.pow(a[0], a[3]))
            case .mm: v = a[1] * a[0] / (a[2] + a[0])
            case .floor: v = Foundation.floor(a[0])
            case .ceil: v = Foundation.ceil(a[0])
            case .sin: v = Foundation.sin(a[0])
            case .cos: v = Foundation.cos(a[0])
            case .tan: v = Foundation.tan(a[0])
            case .asin: v = Foundation.asin(a[0])
            case .acos: v = Foundation.acos(a[0])
            case .atan: v = Foundation.atan(a[0])
            case .sinh: v = (Foundation.exp(a[0]) - Foundation.exp(-a[0])) / 2
            case .cosh: v = (Foundation.exp(a[0]) + Foundation.exp(-a[0])) / 2
            case .tanh: v = Foundation.tanh(a[0])
            case .asinh: v = Foundation.log(a[0] + (a[0] * a[0] + 1).squareRoot())
            case .acosh: v = Foundation.log(a[0] + (a[0] * a[0] - 1).squareRoot())
            case .atanh: v = 0.5 * Foundation.log((1 + a[0]) / (1 - a[0]))
            case .factorial: v = Foundation.tgamma(a[0] + 1)
            case .piecewise:
                // The documented rule: the first value whose condition is non-zero, NaN at a NaN condition.
                var chosen: Double? = nil
                var k = 0
                while chosen == nil && k + 1 < a.count {
                    if a[k + 1].isNaN { chosen = .nan } else if a[k + 1] != 0 { chosen = a[k] }
                    k += 2
                }
                v = chosen ?? (a.count % 2 == 1 ? a[a.count - 1] : .nan)
            case .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual, .and, .or, .xor, .not:
                if a.contains(where: \.isNaN) {
                    v = .nan
                } else {
                    let truth: [Function: Bool] = [
                        .lessThan: a[0] < a.last!, .lessOrEqual: a[0] <= a.last!, .greaterThan: a[0] > a.last!,
                        .greaterOrEqual: a[0] >= a.last!, .equal: a[0] == a.last!, .notEqual: a[0] != a.last!,
                        .and: a[0] != 0 && a.last! != 0, .or: a[0] != 0 || a.last! != 0,
                        .xor: (a[0] != 0) != (a.last! != 0), .not: a[0] == 0,
                    ]
                    v = truth[f]! ? 1 : 0
                }
            }
        }
        largest = Swift.max(largest, Swift.abs(v))
        return v
    }
}

/// Random expression trees over every operator and function (constant 0 must
/// be positive), with arguments
/// kept in the functions' safe domains: `log`, `sqrt`, `pow` bases and Hill
/// arguments get strictly positive subtrees (built without subtraction or
/// negation), `exp` gets a squashed argument `x/(1+|x|)`.
struct RandomExprGenerator {
    var rng: TestRandom
    let speciesCount: Int
    let parameterCount: Int
    let constantCount: Int
    var assignmentCount = 0

    mutating func leaf(positive: Bool) -> Expr {
        switch rng.int(positive ? 5 : 6) {
        case 0: return .species(rng.int(speciesCount))
        case 1: return .parameter(rng.int(parameterCount))
        case 2: return .time
        case 3: return .constant(positive ? 0 : rng.int(constantCount))  // constant 0 is positive
        case 4: return assignmentCount > 0 && positive == false ? .assignment(rng.int(assignmentCount)) : .number(rng.uniform(0.5, 2))
        default: return .number(rng.uniform(-2, 2))
        }
    }

    /// A bounded argument: `x / (1 + |x|)` ∈ (−1, 1).
    mutating func squashed(_ depth: Int) -> Expr {
        let x = any(depth)
        return .binary(.divide, x, .binary(.add, .number(1), .call(.abs, [x])))
    }

    mutating func positive(_ depth: Int) -> Expr {
        if depth == 0 || rng.int(4) == 0 { return leaf(positive: true) }
        let d = depth - 1
        switch rng.int(9) {
        case 0: return .binary(.add, positive(d), positive(d))
        case 1: return .binary(.multiply, positive(d), positive(d))
        case 2: return .binary(.divide, positive(d), positive(d))
        case 3: return .call(.exp, [squashed(d)])
        case 4: return .call(.sqrt, [positive(d)])
        case 5: return .binary(.power, positive(d), .number(Double(rng.int(7) - 3)))
        case 6: return .call(.pow, [positive(d), .number(rng.uniform(-2.5, 2.5))])
        case 7: return .call(.hill, [positive(d), positive(d), positive(d), .number(Double(1 + rng.int(4)))])
        default: return .call(.mm, [positive(d), positive(d), positive(d)])
        }
    }

    /// A condition over leaves (exact in every evaluator, so no evaluation
    /// order can flip it): a comparison, or `&&`, `||`, `xor`, `!` of comparisons.
    mutating func condition() -> Expr {
        let comparisons: [Function] = [.lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual]
        func comparison() -> Expr {
            .call(comparisons[rng.int(comparisons.count)], [leaf(positive: false), leaf(positive: false)])
        }
        switch rng.int(5) {
        case 0: return .call(.and, [comparison(), comparison()])
        case 1: return .call(.or, [comparison(), comparison()])
        case 2: return .call(.xor, [comparison(), comparison()])
        case 3: return .call(.not, [comparison()])
        default: return comparison()
        }
    }

    /// Trees over the piecewise, rounding, trigonometric and hyperbolic
    /// functions (each in its domain) with ``any(_:)`` subtrees.
    mutating func extended(_ depth: Int) -> Expr {
        if depth == 0 { return leaf(positive: false) }
        let d = depth - 1
        switch rng.int(8) {
        case 0:
            let pairs = 1 + rng.int(3)
            var args: [Expr] = []
            for _ in 0..<pairs { args += [extended(d), condition()] }
            if rng.int(2) == 0 { args.append(extended(d)) }
            return .call(.piecewise, args)
        case 1:
            return .binary(.add, condition(), extended(d))
        case 2:
            // floor/ceil of 3·leaf: one rounding, the same in every evaluator.
            return .call(rng.int(2) == 0 ? .floor : .ceil, [.binary(.multiply, .number(3), leaf(positive: false))])
        case 3:
            let f: [Function] = [.sin, .cos, .atan, .tanh, .asinh]
            return .call(f[rng.int(f.count)], [extended(d)])
        case 4:
            let f: [Function] = [.asin, .acos, .atanh, .tan, .sinh, .cosh]
            return .call(f[rng.int(f.count)], [squashed(d)])
        case 5:
            return .call(.acosh, [.binary(.add, .number(1), positive(d))])
        case 6:
            return .call(.factorial, [.binary(.multiply, .number(2), squashed(d))])
        default:
            return any(d)
        }
    }

    mutating func any(_ depth: Int) -> Expr {
        if depth == 0 || rng.int(5) == 0 { return leaf(positive: false) }
        let d = depth - 1
        switch rng.int(14) {
        case 0: return .binary(.add, any(d), any(d))
        case 1: return .binary(.subtract, any(d), any(d))
        case 2: return .binary(.multiply, any(d), any(d))
        case 3: return .binary(.divide, any(d), positive(d))
        case 4: return .negate(any(d))
        case 5: return .call(.log, [positive(d)])
        case 6: return .call(rng.int(2) == 0 ? .ln : .log10, [positive(d)])
        case 7: return .call(.abs, [any(d)])
        case 8: return .call(rng.int(2) == 0 ? .min : .max, [any(d), any(d)])
        case 9: return .binary(.power, any(d), .number(Double(rng.int(9) - 4)))
        case 10: return .call(.hillr, [positive(d), any(d), positive(d), positive(d)])
        case 11: return .binary(.power, positive(d), squashed(d))
        case 12: return .call(.exp, [squashed(d)])
        default: return positive(d)
        }
    }
}
