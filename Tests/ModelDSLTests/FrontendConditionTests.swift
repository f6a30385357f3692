import Foundation
import Testing
@testable import ModelDSL

/// Comparisons, logical operators, `piecewise`, the rounding, trigonometric and
/// hyperbolic functions and the built-in constants: precedence, values (against
/// closed forms), NaN propagation and printing.
@Suite struct FrontendConditionTests {
    func value(_ expression: String, x: Double = 3) throws -> Double {
        let model = try Frontend.check("model t\nx = 0\nx' = \(expression)\n")
        return TestEvaluator(model: model, state: [x], parameters: []).value(model.rates[0])
    }

    @Test("operators bind as documented", arguments: [
        ("1 < 2", 1.0), ("2 < 1", 0), ("2 <= 2", 1), ("3 > 4", 0), ("4 >= 4", 1), ("x == 3", 1), ("x != 3", 0),
        ("2 < 1 + 2", 1),              // + binds tighter than <
        ("1 + (2 < 3)", 2),
        ("(1 < 2)*5", 5),
        ("1 && 0 || 1", 1),            // && binds tighter than ||
        ("0 || 1 && 0", 0),
        ("!0", 1), ("!2", 0), ("!x < 1", 1),   // ! binds tighter than <: (!3) < 1
        ("-(1 < 2)", -1),
        ("x > 2 && x < 4", 1),
        ("xor(1, 0)", 1), ("xor(2, 3)", 0),
        ("piecewise(10, x < 2, 20, x < 4, 30)", 20),
        ("piecewise(10, 0, 30)", 30),
        ("piecewise(10, 0.5, 30)", 10),          // a number is true when it is not 0
        ("piecewise(7)", 7),
        ("floor(2.5) + ceil(2.1)", 5), ("floor(-2.5)", -3),
        ("sin(pi/2) + cos(pi)", 0), ("tan(pi/4)", 1),
        ("asin(1) - pi/2", 0), ("acos(0) - pi/2", 0), ("atan(1) - pi/4", 0),
        ("factorial(5)", 120), ("factorial(0)", 1),
        ("avogadro/1e23", 6.02214179),
    ])
    func evaluates(expression: String, expected: Double) throws {
        #expect(abs(try value(expression) - expected) <= 1e-12 * max(1, abs(expected)), "\(expression)")
    }

    @Test func hyperbolicFunctionsMatchTheirExponentialForms() throws {
        let x = 0.7
        let e = Foundation.exp(x), m = Foundation.exp(-x)
        let cases: [(String, Double)] = [
            ("sinh(x)", (e - m) / 2), ("cosh(x)", (e + m) / 2), ("tanh(x)", (e - m) / (e + m)),
            ("asinh(x)", Foundation.log(x + (x * x + 1).squareRoot())),
            ("acosh(1 + x)", Foundation.log(1 + x + ((1 + x) * (1 + x) - 1).squareRoot())),
            ("atanh(x)", 0.5 * Foundation.log((1 + x) / (1 - x))),
        ]
        for (text, expected) in cases {
            #expect(abs(try value(text, x: x) - expected) < 1e-14, "\(text)")
        }
    }

    @Test func nanIsNeverHiddenByACondition() throws {
        let nan = Double.nan
        #expect(try value("x < 1", x: nan).isNaN)
        #expect(try value("!x", x: nan).isNaN)
        #expect(try value("x && 0", x: nan).isNaN)
        #expect(try value("piecewise(1, x, 2)", x: nan).isNaN)
        #expect(try value("piecewise(1, 0, x, 1, 3)", x: nan).isNaN)     // the chosen value is NaN
        #expect(try value("piecewise(5, 1, 2, x)", x: nan) == 5)         // a later condition is not looked at
        #expect(try value("piecewise(1, 0)", x: 0).isNaN)                // no condition holds, no otherwise
    }

    @Test("printing uses minimal parentheses and round-trips", arguments: [
        ("a < b && c >= d || !e", "a < b && c >= d || !e"),
        ("(a || b) && c", "(a || b) && c"),
        ("a && (b && c)", "a && (b && c)"),
        ("(a && b) && c", "a && b && c"),
        ("(a < b) < c", "(a < b) < c"),
        ("a < (b < c)", "a < (b < c)"),
        ("a + b < c*d", "a + b < c*d"),
        ("!(a < b)", "!(a < b)"),
        ("!!a", "!(!a)"),
        ("-(a == b)", "-(a == b)"),
        ("(a != b)^2", "(a != b)^2"),
        ("piecewise(a, a>b , b)", "piecewise(a, a > b, b)"),
        ("a==b||a<=b", "a == b || a <= b"),
    ])
    func printing(input: String, expected: String) throws {
        let ast = try ModelParser.parse(ModelSource(path: "p.model", text: "model p\nq := \(input)\n"))
        let printed = ast.assignments[0].expression.canonicalText
        #expect(printed == expected)
        let again = try ModelParser.parse(ModelSource(path: "p.model", text: "model p\nq := \(printed)\n"))
        #expect(again == ast)
    }

    @Test func describeShowsOperatorsAsWritten() throws {
        let model = try Frontend.check("model d\nx = 1\nx' = piecewise(-x, x > 1 && time < 5, 0)\n")
        #expect(model.describeODESystem() == ["dx/dt = piecewise(-x, x > 1 && time < 5, 0)"])
    }
}
