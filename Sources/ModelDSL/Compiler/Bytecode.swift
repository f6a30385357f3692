import Foundation

/// The operations of the register bytecode. Every instruction is
/// `dst = op(a)`, `dst = op(a, b)` or `dst = op(a, b, c)` applied to all lanes.
public enum OpCode: UInt8, Sendable, Hashable, CaseIterable {
    case copy, negate, exp, log, log10, sqrt, abs
    case floor, ceil, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh, factorial, not
    case add, subtract, multiply, divide, power, minimum, maximum
    case lessThan, lessOrEqual, greaterThan, greaterOrEqual, equal, notEqual, and, or, xor
    /// `select(c, v, w)` = `v` if `c ≠ 0`, `w` if `c = 0`, NaN if `c` is NaN
    /// (operands `a = c`, `b = v`, `c = w`): one step of a `piecewise`.
    case select
    /// Fused forms of a product and the sum or difference that is its only
    /// reader (``BytecodeOptions/fuseProducts``), rounded twice like the two
    /// operations they replace (no FMA), so values are the same bit for bit:
    /// `multiplyAdd` = `a·b + c`, `multiplySubtract` = `a·b − c`,
    /// `subtractProduct` = `c − a·b`. Emitted by the bytecode compiler only,
    /// never nodes of the expression graph.
    case multiplyAdd, multiplySubtract, subtractProduct

    /// How many operands the operation reads (1, 2 or 3).
    public var operandCount: Int {
        switch self {
        case .select, .multiplyAdd, .multiplySubtract, .subtractProduct: return 3
        default: return rawValue >= OpCode.add.rawValue ? 2 : 1
        }
    }

    /// Whether the operation reads its second operand.
    public var isBinary: Bool { operandCount >= 2 }

    /// Whether `op(a, b) == op(b, a)` bit for bit (so operands may be
    /// reordered to share more subexpressions).
    var isCommutative: Bool {
        switch self {
        case .add, .multiply, .equal, .notEqual, .and, .or, .xor: return true
        default: return false
        }
    }

    /// The language function a one-operand or comparison/logical operation
    /// computes (nil for arithmetic, `minimum`/`maximum`, `copy`, `negate` and `select`).
    var function: Function? {
        switch self {
        case .exp: return .exp
        case .log: return .log
        case .log10: return .log10
        case .sqrt: return .sqrt
        case .abs: return .abs
        case .floor: return .floor
        case .ceil: return .ceil
        case .sin: return .sin
        case .cos: return .cos
        case .tan: return .tan
        case .asin: return .asin
        case .acos: return .acos
        case .atan: return .atan
        case .sinh: return .sinh
        case .cosh: return .cosh
        case .tanh: return .tanh
        case .asinh: return .asinh
        case .acosh: return .acosh
        case .atanh: return .atanh
        case .factorial: return .factorial
        case .not: return .not
        case .lessThan: return .lessThan
        case .lessOrEqual: return .lessOrEqual
        case .greaterThan: return .greaterThan
        case .greaterOrEqual: return .greaterOrEqual
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .and: return .and
        case .or: return .or
        case .xor: return .xor
        default: return nil
        }
    }

    /// The operation on one value: the meaning every loop of the executor
    /// implements, and what the compiler uses to fold constants (`c` is read
    /// by `select` only).
    @inlinable
    public func apply(_ a: Double, _ b: Double, _ c: Double = .nan) -> Double {
        switch self {
        case .copy: return a
        case .negate: return -a
        case .exp: return Foundation.exp(a)
        case .log: return Foundation.log(a)
        case .log10: return Foundation.log10(a)
        case .sqrt: return Foundation.sqrt(a)
        case .abs: return Swift.abs(a)
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .power: return ScalarMath.power(a, b)
        case .minimum: return ScalarMath.minimum(a, b)
        case .maximum: return ScalarMath.maximum(a, b)
        case .select: return ScalarMath.select(a, b, c)
        case .multiplyAdd: return a * b + c
        case .multiplySubtract: return a * b - c
        case .subtractProduct: return c - a * b
        case .lessThan: return ScalarMath.logic(.lessThan, a, b)
        case .lessOrEqual: return ScalarMath.logic(.lessOrEqual, a, b)
        case .greaterThan: return ScalarMath.logic(.greaterThan, a, b)
        case .greaterOrEqual: return ScalarMath.logic(.greaterOrEqual, a, b)
        case .equal: return ScalarMath.logic(.equal, a, b)
        case .notEqual: return ScalarMath.logic(.notEqual, a, b)
        case .and: return ScalarMath.logic(.and, a, b)
        case .or: return ScalarMath.logic(.or, a, b)
        case .xor: return ScalarMath.logic(.xor, a, b)
        case .floor: return ScalarMath.unary(.floor, a)
        case .ceil: return ScalarMath.unary(.ceil, a)
        case .sin: return ScalarMath.unary(.sin, a)
        case .cos: return ScalarMath.unary(.cos, a)
        case .tan: return ScalarMath.unary(.tan, a)
        case .asin: return ScalarMath.unary(.asin, a)
        case .acos: return ScalarMath.unary(.acos, a)
        case .atan: return ScalarMath.unary(.atan, a)
        case .sinh: return ScalarMath.unary(.sinh, a)
        case .cosh: return ScalarMath.unary(.cosh, a)
        case .tanh: return ScalarMath.unary(.tanh, a)
        case .asinh: return ScalarMath.unary(.asinh, a)
        case .acosh: return ScalarMath.unary(.acosh, a)
        case .atanh: return ScalarMath.unary(.atanh, a)
        case .factorial: return ScalarMath.unary(.factorial, a)
        case .not: return ScalarMath.not(a)
        }
    }
}

/// One bytecode instruction: `slot[dst] = op(slot[a], slot[b], slot[c])` over
/// all lanes (operands beyond ``OpCode/operandCount`` are ignored and equal `a`).
public struct Instruction: Sendable, Hashable {
    public var op: OpCode
    public var dst: Int32
    public var a: Int32
    public var b: Int32
    public var c: Int32

    public init(op: OpCode, dst: Int32, a: Int32, b: Int32, c: Int32? = nil) {
        self.op = op
        self.dst = dst
        self.a = a
        self.b = b
        self.c = c ?? a
    }
}

/// What a slot of a ``BytecodeProgram`` holds. Slots are lane vectors.
public enum SlotKind: Sendable, Hashable {
    case time
    case species(Int)
    case parameter(Int)
    /// Output `k` (written directly into the caller's output buffer).
    case output(Int)
    /// A constant broadcast to all lanes.
    case constant(Double)
    /// A temporary register (reused once its last reader has run).
    case temporary
}

/// Switches for the optimisations of ``BytecodeCompiler``, so that their
/// effect can be tested and measured. Constants are always substituted.
public struct BytecodeOptions: Sendable, Hashable {
    /// Hash-consing: identical subexpressions (across all outputs,
    /// assignments and observables) are computed once.
    public var shareSubexpressions: Bool
    /// Operations on constants are evaluated at compile time; `x*1`, `x/1`,
    /// `x+0`, `x-0`, `x^1`, `x^0`, `--x` are simplified.
    public var foldConstants: Bool
    /// `x^n` for integer `|n| ≤ 32` becomes multiplications (and `1/…`).
    public var lowerIntegerPowers: Bool
    /// The remaining `pow`s run the vectorised ``FastMath`` kernel
    /// (≤ 2 ulp + |y|·4e-17 relative) instead of `Foundation.pow`. Off by
    /// default: on x86-64 with glibc's FMA `pow` it executes ~12% fewer
    /// instructions but measured no faster (`flowcli bench`), and is less exact.
    public var fastPower: Bool
    /// A product whose only reader is a sum or difference is computed by that
    /// instruction (``OpCode/multiplyAdd`` and its kin): one dispatch instead
    /// of two, the same values bit for bit. Rate laws are sums of products,
    /// so this removes a quarter of a typical right-hand side's instructions,
    /// which matters when a solve has one lane and dispatch is not amortised.
    public var fuseProducts: Bool

    public init(shareSubexpressions: Bool = true, foldConstants: Bool = true, lowerIntegerPowers: Bool = true,
                fastPower: Bool = false, fuseProducts: Bool = true) {
        self.shareSubexpressions = shareSubexpressions
        self.foldConstants = foldConstants
        self.lowerIntegerPowers = lowerIntegerPowers
        self.fastPower = fastPower
        self.fuseProducts = fuseProducts
    }

    /// Every optimisation on (the default).
    public static let optimised = BytecodeOptions()
    /// Every optimisation off: one instruction per operation of the inlined trees.
    public static let naive = BytecodeOptions(
        shareSubexpressions: false, foldConstants: false, lowerIntegerPowers: false, fastPower: false,
        fuseProducts: false)
}
