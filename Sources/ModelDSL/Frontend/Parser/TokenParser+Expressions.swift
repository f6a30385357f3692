/// Expressions, by precedence climbing:
/// ```
/// expression := conjunction ('||' conjunction)*
/// conjunction := comparison ('&&' comparison)*
/// comparison := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?   — not chained
/// sum        := term (('+' | '-') term)*
/// term       := unary (('*' | '/') unary)*
/// unary      := ('-' | '+' | '!') unary | power
/// power      := primary ('^' unary)?        — right-associative; -x^2 = -(x^2), 2^-1 = 2^(-1)
/// primary    := number | name | name '(' arguments ')' | '(' expression ')'
/// ```
/// Depth is tracked as the tree is built so a long chain (`a+a+…`) or deep
/// nesting is refused with a diagnostic instead of overflowing a later walk.
extension TokenParser {
    /// A parsed subtree with its depth.
    struct Parsed {
        var expr: SyntaxExpr
        var depth: Int
    }

    mutating func parseExpression() throws(ParseAbort) -> SyntaxExpr {
        try expression().expr
    }

    /// Comma-separated expressions up to and including `)` (the `(` is consumed).
    mutating func argumentList() throws(ParseAbort) -> [SyntaxExpr] {
        try arguments().map(\.expr)
    }

    private mutating func arguments() throws(ParseAbort) -> [Parsed] {
        var arguments: [Parsed] = []
        if current.kind == .rightParen {
            advance()
            return arguments
        }
        while true {
            arguments.append(try expression())
            if current.kind == .comma {
                advance()
                continue
            }
            try expect(.rightParen, "',' or ')' in the argument list")
            return arguments
        }
    }

    private mutating func enter() throws(ParseAbort) {
        nesting += 1
        if nesting > ModelParser.maximumDepth {
            throw failure("expression is nested too deeply (more than \(ModelParser.maximumDepth) levels)",
                          at: current)
        }
    }

    private mutating func node(
        _ kind: SyntaxExpr.Kind, at token: ModelToken, depth: Int
    ) throws(ParseAbort) -> Parsed {
        guard depth <= ModelParser.maximumDepth else {
            throw failure("expression is too deep (more than \(ModelParser.maximumDepth) levels); split it with ':=' rules",
                          at: token)
        }
        return Parsed(expr: SyntaxExpr(kind, at: token.location), depth: depth)
    }

    private mutating func expression() throws(ParseAbort) -> Parsed {
        try enter()
        defer { nesting -= 1 }
        var left = try conjunction()
        while current.kind == .operation(.or) {
            let token = advance()
            let right = try conjunction()
            left = try node(.operation(.or, [left.expr, right.expr]), at: token, depth: 1 + max(left.depth, right.depth))
        }
        return left
    }

    private mutating func conjunction() throws(ParseAbort) -> Parsed {
        var left = try comparison()
        while current.kind == .operation(.and) {
            let token = advance()
            let right = try comparison()
            left = try node(.operation(.and, [left.expr, right.expr]), at: token, depth: 1 + max(left.depth, right.depth))
        }
        return left
    }

    /// Comparisons do not chain: `a < b < c` is an error (write `a < b && b < c`).
    private mutating func comparison() throws(ParseAbort) -> Parsed {
        let left = try sum()
        guard case .operation(let function) = current.kind, Self.isComparison(function) else { return left }
        let token = advance()
        let right = try sum()
        if case .operation(let next) = current.kind, Self.isComparison(next) {
            throw failure("comparisons cannot be chained; write 'a \(function.rawValue) b && b \(next.rawValue) c'",
                          at: current)
        }
        return try node(.operation(function, [left.expr, right.expr]), at: token, depth: 1 + max(left.depth, right.depth))
    }

    static func isComparison(_ function: Function) -> Bool {
        switch function {
        case .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .equal, .notEqual: return true
        default: return false
        }
    }

    private mutating func sum() throws(ParseAbort) -> Parsed {
        var left = try term()
        while current.kind == .plus || current.kind == .minus {
            let token = advance()
            let right = try term()
            left = try node(.binary(token.kind == .plus ? .add : .subtract, left.expr, right.expr),
                            at: token, depth: 1 + max(left.depth, right.depth))
        }
        return left
    }

    private mutating func term() throws(ParseAbort) -> Parsed {
        var left = try unary()
        while current.kind == .star || current.kind == .slash {
            let token = advance()
            let right = try unary()
            left = try node(.binary(token.kind == .star ? .multiply : .divide, left.expr, right.expr),
                            at: token, depth: 1 + max(left.depth, right.depth))
        }
        return left
    }

    private mutating func unary() throws(ParseAbort) -> Parsed {
        switch current.kind {
        case .minus:
            let token = advance()
            try enter()
            defer { nesting -= 1 }
            let operand = try unary()
            return try node(.negate(operand.expr), at: token, depth: operand.depth + 1)
        case .plus:
            advance()
            try enter()
            defer { nesting -= 1 }
            return try unary()
        case .operation(.not):
            let token = advance()
            try enter()
            defer { nesting -= 1 }
            let operand = try unary()
            return try node(.operation(.not, [operand.expr]), at: token, depth: operand.depth + 1)
        default:
            return try power()
        }
    }

    private mutating func power() throws(ParseAbort) -> Parsed {
        let base = try primary()
        guard current.kind == .caret else { return base }
        let token = advance()
        try enter()
        defer { nesting -= 1 }
        let exponent = try unary()
        return try node(.binary(.power, base.expr, exponent.expr), at: token,
                        depth: 1 + max(base.depth, exponent.depth))
    }

    private mutating func primary() throws(ParseAbort) -> Parsed {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Parsed(expr: SyntaxExpr(.number(value), at: token.location), depth: 1)
        case .identifier(let name):
            advance()
            guard current.kind == .leftParen else {
                return Parsed(expr: SyntaxExpr(.name(name), at: token.location), depth: 1)
            }
            advance()
            let arguments = try arguments()
            let depth = 1 + (arguments.map(\.depth).max() ?? 0)
            return try node(.call(name, arguments.map(\.expr)), at: token, depth: depth)
        case .leftParen:
            advance()
            let inner = try expression()
            guard current.kind == .rightParen else {
                throw failure("expected ')' to close the '(' at line \(token.location.line), column \(token.location.column), found \(current.display)",
                              at: current)
            }
            advance()
            return inner
        default:
            throw failure("expected an expression, found \(token.display)", at: token)
        }
    }
}
