/// Printing expressions with the fewest parentheses that parse back to the same tree.
///
/// Spacing: `a + b`, `a - b`, `a*b`, `a/b`, `a^b`, `a < b`, `a && b`, `!a`,
/// `f(x, y)`. Parentheses go around an operand exactly when the grammar would
/// otherwise group it differently, plus around negative operands of binary
/// operators for readability (`a*(-b)` rather than `a*-b`).
extension SyntaxExpr {
    /// Binding strength, loosest first.
    enum Level: Int, Comparable {
        case disjunction = 1, conjunction, comparison, additive, multiplicative, unary, power, primary
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    var level: Level {
        switch kind {
        case .number(let value): return value < 0 || (value == 0 && value.sign == .minus) ? .unary : .primary
        case .name, .call: return .primary
        case .negate: return .unary
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: return .additive
            case .multiply, .divide: return .multiplicative
            case .power: return .power
            }
        case .operation(let function, _):
            return Self.level(of: function)
        }
    }

    static func level(of function: Function) -> Level {
        switch function {
        case .or: return .disjunction
        case .and: return .conjunction
        case .not: return .unary
        default: return .comparison
        }
    }

    /// The expression in canonical form.
    public var canonicalText: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch kind {
        case .number(let value):
            out += NumberText.format(value)
        case .name(let name):
            out += name
        case .negate(let operand):
            out += "-"
            operand.write(to: &out, parenthesized: operand.level <= .unary)
        case .binary(let op, let left, let right):
            switch op {
            case .power:
                left.write(to: &out, parenthesized: left.level <= .power)
                out += "^"
                right.write(to: &out, parenthesized: right.level < .unary)
            default:
                let mine: Level = (op == .add || op == .subtract) ? .additive : .multiplicative
                left.write(to: &out, parenthesized: left.level < mine)
                out += (op == .add || op == .subtract) ? " \(op.rawValue) " : op.rawValue
                right.write(to: &out, parenthesized: right.level <= mine || right.level == .unary)
            }
        case .call(let name, let arguments):
            out += name
            out += "("
            for (i, argument) in arguments.enumerated() {
                if i > 0 { out += ", " }
                argument.write(to: &out)
            }
            out += ")"
        case .operation(let function, let operands):
            let mine = Self.level(of: function)
            if operands.count == 1 {
                out += function.rawValue
                operands[0].write(to: &out, parenthesized: operands[0].level <= .unary)
            } else if operands.count == 2 {
                // `&&` and `||` are left-associative; comparisons do not chain.
                let leftNeeds = mine == .comparison ? operands[0].level <= mine : operands[0].level < mine
                operands[0].write(to: &out, parenthesized: leftNeeds)
                out += " \(function.rawValue) "
                operands[1].write(to: &out, parenthesized: operands[1].level <= mine)
            } else {  // not produced by the parser; printed as a call so that nothing is lost
                out += "\(function.rawValue)("
                for (i, operand) in operands.enumerated() {
                    if i > 0 { out += ", " }
                    operand.write(to: &out)
                }
                out += ")"
            }
        }
    }

    private func write(to out: inout String, parenthesized: Bool) {
        if parenthesized { out += "(" }
        write(to: &out)
        if parenthesized { out += ")" }
    }
}
