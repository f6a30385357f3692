/// Statement level: the file is `model NAME`, then statements separated by
/// newlines or `;`, then an optional `end`.
extension TokenParser {
    /// What the statements so far have produced, before values are filed.
    private struct Collected {
        var sawModel = false
        var endSeen = false
        var reportedAfterEnd = false
        var values: [Definition] = []
        var ast = ModelAST(name: "", nameLocation: SourceLocation(line: 1, column: 1))
    }

    mutating func parseModel() -> ModelAST {
        var collected = Collected()
        var first = true
        while true {
            while current.kind == .newline || current.kind == .semicolon { advance() }
            if current.kind == .endOfFile { break }
            if collected.endSeen && !collected.reportedAfterEnd {
                collected.reportedAfterEnd = true
                _ = failure("statement after 'end'", at: current)
            }
            do throws(ParseAbort) {
                try statement(into: &collected, first: first)
                if !current.endsStatement {
                    throw failure("expected end of line or ';' after the statement, found \(current.display)",
                                  at: current)
                }
            } catch {
                skipLine()
            }
            first = false
        }
        if first {
            diagnostics.error("empty model; a model file starts with 'model NAME'", at: current.location)
        }
        collected.ast.fileValues(collected.values)
        return collected.ast
    }

    private mutating func statement(into collected: inout Collected, first: Bool) throws(ParseAbort) {
        let start = current
        let isModel: Bool = {
            guard start.identifier == "model" else { return false }
            switch peek(1).kind {
            case .equals, .colonEquals, .prime, .colon: return false
            default: return true
            }
        }()
        if first && !isModel {
            _ = failure("a model file starts with 'model NAME', found \(start.display)", at: start)
        }
        guard let word = start.identifier else {
            switch start.kind {
            case .number, .arrow:  // `2 A -> …`, `-> A; …`
                collected.ast.reactions.append(try reaction(label: nil, location: start.location))
                return
            default:
                break
            }
            throw failure("expected a statement, found \(start.display)", at: start)
        }
        switch peek(1).kind {
        case .equals:
            collected.values.append(try definition())
            return
        case .colonEquals:
            collected.ast.assignments.append(try definition())
            return
        case .prime:
            collected.ast.rateRules.append(try rateRule())
            return
        case .colon:
            advance()
            advance()
            collected.ast.reactions.append(try reaction(label: word, location: start.location))
            return
        default:
            break
        }
        switch word {
        case "model" where isModel:
            advance()
            let (name, token) = try expectIdentifier("a model name after 'model'")
            if current.kind == .leftParen && peek(1).kind == .rightParen {  // Antimony's `model name()`
                advance()
                advance()
            }
            if collected.sawModel {
                _ = failure("only one 'model' statement is allowed", at: start)
            } else {
                collected.sawModel = true
                collected.ast.name = name
                collected.ast.nameLocation = token.location
            }
        case "end" where peek(1).endsStatement:
            advance()
            collected.endSeen = true
        case "prior":
            collected.ast.priors.append(try prior())
        case "observe":
            collected.ast.observables.append(try observe())
        case "condition":
            collected.ast.conditions.append(try condition())
        case "data":
            advance()
            guard case .string(let path) = current.kind else {
                throw failure("expected a quoted path after 'data' (e.g. data \"measurements.csv\"), found \(current.display)",
                              at: current)
            }
            collected.ast.data.append(DataDecl(path: path, location: advance().location))
        default:
            switch peek(1).kind {
            case .identifier("in"):
                advance()
                advance()
                let (compartment, token) = try expectIdentifier("a compartment name after '\(word) in'")
                collected.ast.compartments.append(CompartmentDecl(
                    species: word, compartment: compartment, speciesLocation: start.location,
                    compartmentLocation: token.location))
            case .plus, .arrow:
                collected.ast.reactions.append(try reaction(label: nil, location: start.location))
            default:
                advance()
                throw failure("expected '=', ':=', ''', '->' or 'in' after '\(word)', found \(current.display)",
                              at: current)
            }
        }
    }

    /// `name = expr` or `name := expr`.
    private mutating func definition() throws(ParseAbort) -> Definition {
        let (name, token) = try expectIdentifier("a name")
        advance()  // `=` or `:=`, already seen
        let expression = try parseExpression()
        return Definition(name: name, expression: expression, nameLocation: token.location)
    }

    /// `name' = expr`.
    private mutating func rateRule() throws(ParseAbort) -> Definition {
        let (name, token) = try expectIdentifier("a species name")
        advance()  // `'`
        try expect(.equals, "'=' after '\(name)''")
        let expression = try parseExpression()
        return Definition(name: name, expression: expression, nameLocation: token.location)
    }
}
