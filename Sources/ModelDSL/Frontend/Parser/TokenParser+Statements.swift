/// Reactions, priors and observables.
extension TokenParser {
    /// `reactants -> products; rate` (any label already consumed).
    mutating func reaction(label: String?, location: SourceLocation) throws(ParseAbort) -> ReactionDecl {
        let reactants = current.kind == .arrow ? [] : try side()
        guard current.kind == .arrow else {
            throw failure("expected '+' or '->' in reaction, found \(current.display)", at: current)
        }
        advance()
        let products = current.endsStatement ? [] : try side()
        guard current.kind == .semicolon else {
            throw failure("expected ';' and a rate law after the reaction, found \(current.display)", at: current)
        }
        advance()
        let rate = try parseExpression()
        return ReactionDecl(label: label, reactants: reactants, products: products, rate: rate, location: location)
    }

    /// `[n] S (+ [n] S)*`.
    private mutating func side() throws(ParseAbort) -> [Participant] {
        var terms: [Participant] = []
        while true {
            let start = current
            var coefficient = 1.0
            if case .number(let value) = start.kind {
                coefficient = value
                advance()
            }
            let (name, _) = try expectIdentifier("a species name")
            terms.append(Participant(coefficient: coefficient, name: name, location: start.location))
            guard current.kind == .plus else { return terms }
            advance()
        }
    }

    /// `prior name ~ Dist(args) [in [lo, hi]]`.
    mutating func prior() throws(ParseAbort) -> PriorDecl {
        advance()  // `prior`
        let (name, token) = try expectIdentifier("a parameter name after 'prior'")
        try expect(.tilde, "'~' after 'prior \(name)'")
        let distribution = try distributionCall("a distribution such as 'Uniform(lo, hi)'")
        var truncation: PriorDecl.Truncation?
        if current.identifier == "in" {
            advance()
            try expect(.leftBracket, "'[' after 'in' (as in 'in [lo, hi]')")
            let lower = try parseExpression()
            try expect(.comma, "',' between the bounds")
            let upper = try parseExpression()
            try expect(.rightBracket, "']' after the bounds")
            truncation = PriorDecl.Truncation(lower: lower, upper: upper)
        }
        return PriorDecl(name: name, distribution: distribution, truncation: truncation, nameLocation: token.location)
    }

    /// `observe name[(p1, …; n1, …)] = expr ~ Noise(sd)`.
    mutating func observe() throws(ParseAbort) -> ObservableDecl {
        advance()  // `observe`
        let (name, token) = try expectIdentifier("an observable name after 'observe'")
        var lists: ([PlaceholderDecl], [PlaceholderDecl]) = ([], [])
        if current.kind == .leftParen {
            lists = try placeholders(of: name)
        }
        try expect(.equals, "'=' after 'observe \(name)'")
        let expression = try parseExpression()
        try expect(.tilde, "'~' and a noise model such as 'Normal(sd)'")
        let noise = try distributionCall("a noise model such as 'Normal(sd)' or 'LogNormal(sd)'")
        return ObservableDecl(name: name, expression: expression, noise: noise, nameLocation: token.location,
                              observableParameters: lists.0, noiseParameters: lists.1)
    }

    /// `(p1, p2; n1, n2)`: observable parameters, then — after `;` — noise
    /// parameters; either list may be empty (`(; sigma)`, `(scale)`).
    private mutating func placeholders(of observable: String) throws(ParseAbort) -> ([PlaceholderDecl], [PlaceholderDecl]) {
        advance()  // `(`
        var lists: ([PlaceholderDecl], [PlaceholderDecl]) = ([], [])
        var noise = false
        var expectingName = false
        while true {
            switch current.kind {
            case .rightParen where !expectingName:
                advance()
                return lists
            case .semicolon where !noise && !expectingName:
                advance()
                noise = true
            case .identifier(let placeholder):
                let location = advance().location
                if noise {
                    lists.1.append(PlaceholderDecl(name: placeholder, location: location))
                } else {
                    lists.0.append(PlaceholderDecl(name: placeholder, location: location))
                }
                expectingName = false
                switch current.kind {
                case .comma:
                    advance()
                    expectingName = true
                case .rightParen:
                    break
                case .semicolon where !noise:
                    break
                default:
                    throw failure("expected \(noise ? "',' or ')'" : "',', ';' or ')'") in the placeholders of '\(observable)', found \(current.display)",
                                  at: current)
                }
            default:
                throw failure("expected a placeholder name in 'observe \(observable)(…)' (as in 'observe \(observable)(scale; sigma) = …'), found \(current.display)",
                              at: current)
            }
        }
    }

    /// `condition NAME { x = expr; … }`; the braces may span lines. A bad
    /// entry is reported and skipped up to the next `;`, line or `}`.
    mutating func condition() throws(ParseAbort) -> ConditionDecl {
        advance()  // `condition`
        let (name, token) = try expectIdentifier("a condition name after 'condition'")
        let open = try expect(.leftBrace, "'{' after 'condition \(name)' (as in 'condition \(name) { k = 2; S = 0 }')")
        var values: [Definition] = []
        while true {
            while current.kind == .newline || current.kind == .semicolon { advance() }
            if current.kind == .rightBrace {
                advance()
                return ConditionDecl(name: name, values: values, nameLocation: token.location)
            }
            if current.kind == .endOfFile {
                throw failure("expected '}' to close the '{' of condition '\(name)' at line \(open.location.line), column \(open.location.column), found end of file",
                              at: current)
            }
            do throws(ParseAbort) {
                let (target, targetToken) = try expectIdentifier("a value 'name = expression' or '}' in condition '\(name)'")
                try expect(.equals, "'=' after '\(target)' in condition '\(name)'")
                let expression = try parseExpression()
                values.append(Definition(name: target, expression: expression, nameLocation: targetToken.location))
                switch current.kind {
                case .newline, .semicolon, .rightBrace, .endOfFile: break
                default: throw failure("expected end of line, ';' or '}' after the value of '\(target)', found \(current.display)", at: current)
                }
            } catch {
                while true {
                    switch current.kind {
                    case .newline, .semicolon, .rightBrace, .endOfFile: break
                    default: advance(); continue
                    }
                    break
                }
            }
        }
    }

    /// `Name(args…)`.
    private mutating func distributionCall(_ what: String) throws(ParseAbort) -> DistributionCall {
        let (name, token) = try expectIdentifier(what)
        try expect(.leftParen, "'(' after '\(name)'")
        let arguments = try argumentList()
        return DistributionCall(name: name, arguments: arguments, location: token.location)
    }
}
