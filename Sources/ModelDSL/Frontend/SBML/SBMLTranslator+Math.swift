/// MathML → model-language expressions.
///
/// Operators without a language counterpart are written with the language's
/// own: `sec(x)` → `1/cos(x)`, `arccot(x)` → `atan(1/x)`, `log` with a base `b`
/// → `ln(x)/ln(b)` (`log10` for base 10, MathML's default), `root` of degree
/// n → `x^(1/n)` (`sqrt` for 2), `quotient(a, b)` → `a/b` rounded towards 0,
/// `rem(a, b)` → `a − b·quotient(a, b)`, `implies(a, b)` → `!a || b`, n-ary
/// relations → chains joined by `&&`, `true`/`false` → 1/0, `infinity` →
/// `1/0`, `notanumber` → `0/0`, `exponentiale` → `exp(1)`.
extension SBMLTranslator {
    /// Where math is being translated: local names and what it belongs to.
    struct MathScope {
        /// Local parameters of a kinetic law, or a function's bound variables.
        var locals: [String: SyntaxExpr] = [:]
        /// For messages: "the kineticLaw of reaction 'R1'".
        var owner: String
        var location: SourceLocation
        /// Inside an inlined function definition: only its bound variables are local.
        var function: String?
    }

    /// The deepest imported expression (the printed text must parse back, and
    /// each level may add a parenthesis and a sign to the parser's nesting).
    static let maximumDepth = ModelParser.maximumDepth / 2 - 5

    /// `node` as an expression, checked against the depth limit (nil after an error).
    mutating func translate(_ node: MathNode, _ scope: MathScope) -> SyntaxExpr? {
        guard let result = expression(node, scope) else { return nil }
        let depth = Self.depth(result)
        guard depth <= Self.maximumDepth else {
            error("the math of \(scope.owner) is nested \(depth) levels deep; the model language takes at most \(Self.maximumDepth) (split it with assignment rules)",
                  at: scope.location)
            return nil
        }
        return result
    }

    static func depth(_ e: SyntaxExpr) -> Int {
        switch e.kind {
        case .number, .name: return 1
        case .negate(let x): return 1 + depth(x)
        case .binary(_, let x, let y): return 1 + max(depth(x), depth(y))
        case .call(_, let args), .operation(_, let args): return 1 + (args.map(depth).max() ?? 0)
        }
    }

    // MARK: building blocks

    func number(_ value: Double, _ at: SourceLocation) -> SyntaxExpr {
        if value.isNaN { return binary(.divide, number(0, at), number(0, at), at) }
        if value.isInfinite {
            let inf = binary(.divide, number(1, at), number(0, at), at)
            return value > 0 ? inf : SyntaxExpr(.negate(inf), at: at)
        }
        if value < 0 || (value == 0 && value.sign == .minus) {
            return SyntaxExpr(.negate(SyntaxExpr(.number(-value), at: at)), at: at)
        }
        return SyntaxExpr(.number(value), at: at)
    }

    func name(_ text: String, _ at: SourceLocation) -> SyntaxExpr { SyntaxExpr(.name(text), at: at) }

    func binary(_ op: BinaryOperator, _ a: SyntaxExpr, _ b: SyntaxExpr, _ at: SourceLocation) -> SyntaxExpr {
        SyntaxExpr(.binary(op, a, b), at: at)
    }

    func call(_ f: Function, _ args: [SyntaxExpr], _ at: SourceLocation) -> SyntaxExpr {
        f.isOperator ? SyntaxExpr(.operation(f, args), at: at) : SyntaxExpr(.call(f.rawValue, args), at: at)
    }

    /// `a op b op c …`: left to right for a few terms, balanced for many (so
    /// long sums stay shallow).
    func chain(_ op: BinaryOperator, _ args: [SyntaxExpr], _ at: SourceLocation) -> SyntaxExpr {
        if args.count <= 8 {
            return args.dropFirst().reduce(args[0]) { binary(op, $0, $1, at) }
        }
        let middle = args.count / 2
        return binary(op, chain(op, Array(args[..<middle]), at), chain(op, Array(args[middle...]), at), at)
    }

    /// `f(f(a, b), c)…` for a two-argument function.
    func fold(_ f: Function, _ args: [SyntaxExpr], _ at: SourceLocation) -> SyntaxExpr {
        args.dropFirst().reduce(args[0]) { call(f, [$0, $1], at) }
    }

    // MARK: translation

    private mutating func expression(_ node: MathNode, _ scope: MathScope) -> SyntaxExpr? {
        let at = scope.location
        switch node {
        case .number(let value): return number(value, at)
        case .boolean(let value): return number(value ? 1 : 0, at)
        case .time: return name("time", at)
        case .avogadro: return name(BuiltinConstant.avogadro.rawValue, at)
        case .pi: return name(BuiltinConstant.pi.rawValue, at)
        case .exponentiale: return call(.exp, [number(1, at)], at)
        case .identifier(let id): return identifier(id, scope)
        case .piecewise(let pieces, let otherwise):
            var args: [SyntaxExpr] = []
            for piece in pieces {
                guard let value = expression(piece.value, scope), let condition = expression(piece.condition, scope) else {
                    return nil
                }
                args += [value, condition]
            }
            if let otherwise {
                guard let value = expression(otherwise, scope) else { return nil }
                if args.isEmpty { return value }
                args.append(value)
            }
            return call(.piecewise, args, at)
        case .call(let function, let args):
            return inline(function, args, scope)
        case .apply(let op, let args, let qualifier):
            var translated: [SyntaxExpr] = []
            for arg in args {
                guard let value = expression(arg, scope) else { return nil }
                translated.append(value)
            }
            var extra: SyntaxExpr?
            if let qualifier {
                guard let value = expression(qualifier, scope) else { return nil }
                extra = value
            }
            return apply(op, translated, qualifier: extra, scope)
        }
    }

    private mutating func identifier(_ id: String, _ scope: MathScope) -> SyntaxExpr? {
        let at = scope.location
        if let local = scope.locals[id] { return local }
        if let reason = undefined[id] {
            error("\(scope.owner) uses \(reason)", at: at)
            return nil
        }
        switch symbols[id] {
        case .compartment(let i)?:
            return name(names.name(of: id, at: model.compartments[i].location), at)
        case .species(let i)?:
            return name(names.name(of: id, at: model.species[i].location), at)
        case .parameter(let i)?:
            return name(names.name(of: id, at: model.parameters[i].location), at)
        case .reaction(let i)?:
            return name(names.name(of: id, at: model.reactions[i].location), at)
        case .stoichiometry?:
            return name(names.name(of: id, at: at), at)
        case .function?:
            error("function '\(id)' is used as a value in \(scope.owner); call it with <apply>", at: at)
            return nil
        case nil:
            let inside = scope.function.map { " (inside functionDefinition '\($0)', which sees only its arguments)" } ?? ""
            error("unknown identifier '\(id)' in \(scope.owner)\(inside)", at: at)
            return nil
        }
    }

    /// A function definition's body with its bound variables replaced by the arguments.
    private mutating func inline(_ id: String, _ args: [MathNode], _ scope: MathScope) -> SyntaxExpr? {
        guard case .function(let index)? = symbols[id] else {
            error("'\(id)' is called in \(scope.owner) but is not a functionDefinition", at: scope.location)
            return nil
        }
        let function = model.functions[index]
        guard args.count == function.parameters.count else {
            error("function '\(id)' takes \(function.parameters.count) arguments, \(scope.owner) gives \(args.count)",
                  at: scope.location)
            return nil
        }
        guard inlining < 50 else {
            error("function '\(id)' calls itself (directly or through others); SBML functions cannot be recursive",
                  at: function.location)
            return nil
        }
        var bound: [String: SyntaxExpr] = [:]
        for (parameter, arg) in zip(function.parameters, args) {
            guard let value = expression(arg, scope) else { return nil }
            bound[parameter] = value
        }
        inlining += 1
        defer { inlining -= 1 }
        return expression(function.body, MathScope(locals: bound, owner: scope.owner, location: scope.location, function: id))
    }

    private mutating func apply(_ op: String, _ a: [SyntaxExpr], qualifier: SyntaxExpr?, _ scope: MathScope) -> SyntaxExpr? {
        let at = scope.location
        func one(_ f: Function) -> SyntaxExpr { call(f, [a[0]], at) }
        func reciprocal(_ x: SyntaxExpr) -> SyntaxExpr { binary(.divide, number(1, at), x, at) }
        func truth(_ x: SyntaxExpr) -> SyntaxExpr { call(.notEqual, [x, number(0, at)], at) }
        func relation(_ f: Function) -> SyntaxExpr {
            guard a.count > 1 else { return number(1, at) }
            let links = (1..<a.count).map { call(f, [a[$0 - 1], a[$0]], at) }
            return links.dropFirst().reduce(links[0]) { call(.and, [$0, $1], at) }
        }
        func quotient() -> SyntaxExpr {
            let ratio = binary(.divide, a[0], a[1], at)
            return call(.piecewise, [call(.floor, [ratio], at), call(.greaterOrEqual, [ratio, number(0, at)], at),
                                     call(.ceil, [ratio], at)], at)
        }
        switch op {
        case "plus": return a.isEmpty ? number(0, at) : chain(.add, a, at)
        case "times": return a.isEmpty ? number(1, at) : chain(.multiply, a, at)
        case "minus": return a.count == 1 ? SyntaxExpr(.negate(a[0]), at: at) : binary(.subtract, a[0], a[1], at)
        case "divide": return binary(.divide, a[0], a[1], at)
        case "power": return binary(.power, a[0], a[1], at)
        case "root":
            if qualifier == nil || qualifier?.kind == .number(2) { return one(.sqrt) }
            return binary(.power, a[0], reciprocal(qualifier ?? number(2, at)), at)
        case "log":
            if qualifier == nil || qualifier?.kind == .number(10) { return one(.log10) }
            return binary(.divide, one(.ln), call(.ln, [qualifier ?? number(10, at)], at), at)
        case "ln": return one(.ln)
        case "exp": return one(.exp)
        case "abs": return one(.abs)
        case "floor": return one(.floor)
        case "ceiling": return one(.ceil)
        case "factorial": return one(.factorial)
        case "sin": return one(.sin)
        case "cos": return one(.cos)
        case "tan": return one(.tan)
        case "sec": return reciprocal(one(.cos))
        case "csc": return reciprocal(one(.sin))
        case "cot": return binary(.divide, one(.cos), one(.sin), at)
        case "sinh": return one(.sinh)
        case "cosh": return one(.cosh)
        case "tanh": return one(.tanh)
        case "sech": return reciprocal(one(.cosh))
        case "csch": return reciprocal(one(.sinh))
        case "coth": return binary(.divide, one(.cosh), one(.sinh), at)
        case "arcsin": return one(.asin)
        case "arccos": return one(.acos)
        case "arctan": return one(.atan)
        case "arcsec": return call(.acos, [reciprocal(a[0])], at)
        case "arccsc": return call(.asin, [reciprocal(a[0])], at)
        case "arccot": return call(.atan, [reciprocal(a[0])], at)
        case "arcsinh": return one(.asinh)
        case "arccosh": return one(.acosh)
        case "arctanh": return one(.atanh)
        case "arcsech": return call(.acosh, [reciprocal(a[0])], at)
        case "arccsch": return call(.asinh, [reciprocal(a[0])], at)
        case "arccoth": return call(.atanh, [reciprocal(a[0])], at)
        case "eq": return relation(.equal)
        case "neq": return call(.notEqual, [a[0], a[1]], at)
        case "gt": return relation(.greaterThan)
        case "lt": return relation(.lessThan)
        case "geq": return relation(.greaterOrEqual)
        case "leq": return relation(.lessOrEqual)
        case "and": return a.isEmpty ? number(1, at) : a.count == 1 ? truth(a[0]) : fold(.and, a, at)
        case "or": return a.isEmpty ? number(0, at) : a.count == 1 ? truth(a[0]) : fold(.or, a, at)
        case "xor": return a.isEmpty ? number(0, at) : a.count == 1 ? truth(a[0]) : fold(.xor, a, at)
        case "not": return call(.not, [a[0]], at)
        case "implies": return call(.or, [call(.not, [a[0]], at), a[1]], at)
        case "min", "max":
            guard !a.isEmpty else {
                error("<\(op)/> without arguments in \(scope.owner)", at: at)
                return nil
            }
            return fold(op == "min" ? .min : .max, a, at)
        case "quotient": return quotient()
        case "rem": return binary(.subtract, a[0], binary(.multiply, a[1], quotient(), at), at)
        default:
            error("MathML operator <\(op)> in \(scope.owner) is not supported", at: at)
            return nil
        }
    }
}
