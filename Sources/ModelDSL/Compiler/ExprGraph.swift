/// A hash-consed expression DAG: the bytecode compiler's intermediate form.
///
/// Nodes are created children-first, so node ids are a topological order.
/// With sharing on, asking for a node that already exists returns its id:
/// the same subexpression anywhere in the outputs, assignments or observables
/// becomes one node, hence one instruction. Assignments and observables are
/// lowered once each (memoised) and referenced by id, so an assignment chain
/// never blows up into copies of trees.
struct ExprGraph {
    enum Node: Hashable {
        case time
        case species(Int)
        case parameter(Int)
        /// Keyed by bit pattern, so that `0.0` and `-0.0` stay distinct and NaN equals itself.
        case constant(UInt64)
        /// `op` applied to the nodes listed (as many as ``OpCode/operandCount``).
        case operation(OpCode, [Int])
    }

    private(set) var nodes: [Node] = []
    private var ids: [Node: Int] = [:]
    let options: BytecodeOptions

    init(options: BytecodeOptions) { self.options = options }

    /// The node id of `node`, creating it unless sharing finds it.
    mutating func intern(_ node: Node) -> Int {
        if options.shareSubexpressions, let id = ids[node] { return id }
        nodes.append(node)
        ids[node] = nodes.count - 1
        return nodes.count - 1
    }

    mutating func constant(_ v: Double) -> Int { intern(.constant(v.bitPattern)) }

    func constantValue(_ id: Int) -> Double? {
        if case .constant(let bits) = nodes[id] { return Double(bitPattern: bits) }
        return nil
    }

    /// `op(a)`, folded when `a` is a constant.
    mutating func unary(_ op: OpCode, _ a: Int) -> Int {
        if options.foldConstants {
            if let v = constantValue(a) { return constant(op.apply(v, 0)) }
            if op == .negate, case .operation(.negate, let inner) = nodes[a] { return inner[0] }
        }
        return intern(.operation(op, [a]))
    }

    /// `op(a, b)`, folded when both are constants, simplified for identity
    /// operands, and with commutative operands ordered for sharing.
    mutating func binary(_ op: OpCode, _ a: Int, _ b: Int) -> Int {
        if options.foldConstants {
            let ca = constantValue(a), cb = constantValue(b)
            if let x = ca, let y = cb { return constant(op.apply(x, y)) }
            switch (op, ca, cb) {
            case (.multiply, 1, _): return b
            case (.multiply, _, 1), (.divide, _, 1), (.power, _, 1): return a
            case (.add, 0, _): return b
            case (.add, _, 0), (.subtract, _, 0): return a
            case (.power, _, 0): return constant(1)  // pow(x, 0) = 1 for every x, NaN included
            default: break
            }
        }
        if op.isCommutative && options.shareSubexpressions && b < a { return intern(.operation(op, [b, a])) }
        return intern(.operation(op, [a, b]))
    }

    /// `select(c, v, w)`, folded to a branch when the condition is a constant
    /// (or NaN when it is a constant NaN).
    mutating func select(_ c: Int, _ v: Int, _ w: Int) -> Int {
        if options.foldConstants, let condition = constantValue(c) {
            if condition.isNaN { return constant(.nan) }
            return condition != 0 ? v : w
        }
        return intern(.operation(.select, [c, v, w]))
    }

    /// `x^n` for a small integer `n` by square-and-multiply: `x²=x·x`,
    /// `x³=x²·x`, `x⁴=x²·x²`, …; negative `n` as `1/x^|n|`.
    mutating func integerPower(_ x: Int, _ n: Int) -> Int {
        if n == 0 { return constant(1) }
        if n < 0 { return binary(.divide, constant(1), integerPower(x, -n)) }
        if n == 1 { return x }
        let half = integerPower(x, n / 2)
        let square = binary(.multiply, half, half)
        return n % 2 == 0 ? square : binary(.multiply, square, x)
    }

    /// `x^y`, lowered to multiplications when `y` is a small integer constant.
    mutating func power(_ x: Int, _ y: Int) -> Int {
        if options.lowerIntegerPowers, let v = constantValue(y), let n = loweredIntegerExponent(v) {
            return integerPower(x, n)
        }
        return binary(.power, x, y)
    }
}
