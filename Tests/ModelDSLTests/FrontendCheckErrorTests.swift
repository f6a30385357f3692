import Testing
@testable import ModelDSL

/// One test per class of semantic error: message text and line:column.
@Suite struct FrontendCheckErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    /// A valid two-line model body to append errors to (line 1: model, line 2: x).
    static let base = "model t\nx = 1; x' = -k*x; k = 2\n"

    static let cases: [Case] = [
        // unknown symbols, functions, distributions
        Case(text: base + "alpha1 = 3\ny = 0; y' = alpah1*y", line: 4, column: 13,
             message: "unknown symbol 'alpah1'; did you mean 'alpha1'?"),
        Case(text: base + "y = 0; y' = zzz", line: 3, column: 13, message: "unknown symbol 'zzz'"),
        Case(text: base + "y = 0; y' = expp(x)", line: 3, column: 13,
             message: "unknown function 'expp'; did you mean 'exp'?"),
        Case(text: base + "y = 0; y' = hill(x, 1, 2)", line: 3, column: 13,
             message: "'hill' takes 4 arguments (x, v, K, n), found 3"),
        Case(text: base + "y = 0; y' = k(2)", line: 3, column: 13, message: "'k' is not a function"),
        Case(text: base + "y = 0; y' = exp + 1", line: 3, column: 13, message: "'exp' is a function; call it as 'exp(…)'"),
        Case(text: base + "prior q ~ Unifrm(0, 1)\ny = 0; y' = q", line: 3, column: 11,
             message: "unknown distribution 'Unifrm'; did you mean 'Uniform'?"),
        Case(text: base + "prior q ~ normal(0, 1)\ny = 0; y' = q", line: 3, column: 11,
             message: "unknown distribution 'normal'; did you mean 'Normal'?"),
        Case(text: base + "prior q ~ Normal(0)", line: 3, column: 11, message: "'Normal' takes 2 arguments (mu, sd), found 1"),
        Case(text: base + "observe o = x ~ Gauss(1)", line: 3, column: 17, message: "unknown noise model 'Gauss'"),
        Case(text: base + "observe o = x ~ Normal(1, 2)", line: 3, column: 17,
             message: "'Normal' takes 1 argument (sd), found 2"),
        Case(text: base + "observe o = x ~ Normal(0)", line: 3, column: 24,
             message: "the noise standard deviation must be positive and finite, found 0"),
        // duplicates and clashes
        Case(text: base + "k = 3", line: 3, column: 1, message: "duplicate definition of 'k' (first at line 2)"),
        Case(text: base + "prior k ~ Uniform(0, 5)\nprior k ~ Uniform(0, 4)", line: 4, column: 7,
             message: "duplicate prior for 'k' (first at line 3)"),
        Case(text: base + "observe o = x ~ Normal(1)\nobserve o = 2*x ~ Normal(1)", line: 4, column: 9,
             message: "duplicate observable 'o' (first at line 3)"),
        Case(text: base + "y = 0\nr: y -> ; 1\nr: -> y; 1", line: 5, column: 1,
             message: "duplicate reaction label 'r' (first at line 4)"),
        Case(text: base + "y = 0\nk: -> y; 1", line: 4, column: 1,
             message: "'k' is already a value ('=') at line 2; it cannot also be a reaction label"),
        Case(text: base + "k := 2*x", line: 3, column: 1,
             message: "'k' is already a value ('=') at line 2; it cannot also be an assignment rule (':=')"),
        Case(text: base + "observe k = x ~ Normal(1)", line: 3, column: 9,
             message: "'k' is already a value ('=') at line 2; it cannot also be an observable"),
        Case(text: base + "x' = 2", line: 3, column: 1, message: "duplicate rate rule for 'x' (first at line 2)"),
        // species
        Case(text: base + "A = 1\nA -> ; A\nA' = 1", line: 5, column: 1,
             message: "species 'A' is changed by reactions (line 4) and by a rate rule; use one or the other"),
        Case(text: base + "A -> ; k", line: 3, column: 1, message: "species 'A' has no initial value; add 'A = 0'"),
        Case(text: base + "r := 2\nr -> ; 1", line: 4, column: 1, message: "'r' is an assignment rule and cannot be a species"),
        Case(text: base + "time -> ; 1", line: 3, column: 1,
             message: "'time' cannot be a species: 'time' is reserved for the integration time"),
        Case(text: base + "-> ; 1", line: 3, column: 1, message: "reaction has neither reactants nor products"),
        Case(text: base + "A = 1\n0 A -> ; 1", line: 4, column: 1,
             message: "stoichiometric coefficient of 'A' must be positive, found 0"),
        // cycles
        Case(text: base + "a := b + x\nb := 2*a", line: 3, column: 1, message: "cyclic assignment rules: a := b := a"),
        Case(text: base + "a := a + 1", line: 3, column: 1, message: "cyclic assignment rules: a := a"),
        Case(text: base + "c = d\nd = 2*c\ny = 0; y' = c", line: 3, column: 1, message: "cyclic definitions: c = d = c"),
        // priors
        Case(text: base + "prior q ~ Uniform(2, 1)\ny = 0; y' = q", line: 3, column: 11,
             message: "Uniform(2, 1): the lower bound must be less than the upper bound"),
        Case(text: base + "prior q ~ LogUniform(0, 1)\ny = 0; y' = q", line: 3, column: 22,
             message: "LogUniform(0, 1): the lower bound must be positive on a log scale"),
        Case(text: base + "prior q ~ LogUniform(-1, 1)\ny = 0; y' = q", line: 3, column: 22,
             message: "LogUniform(-1, 1): the lower bound must be positive on a log scale"),
        Case(text: base + "prior q ~ Normal(0, 0)\ny = 0; y' = q", line: 3, column: 21,
             message: "Normal(0, 0): the standard deviation must be positive"),
        Case(text: base + "prior q ~ LogNormal(0, -2)\ny = 0; y' = q", line: 3, column: 24,
             message: "LogNormal(0, -2): the standard deviation must be positive"),
        Case(text: base + "prior q ~ Normal(0, 1) in [2, 1]\ny = 0; y' = q", line: 3, column: 28,
             message: "empty truncation [2, 1]: the lower bound must be less than the upper bound"),
        Case(text: base + "prior q ~ LogNormal(0, 1) in [0, 3]\ny = 0; y' = q", line: 3, column: 31,
             message: "truncation [0, 3] of LogNormal(0, 1): bounds must be positive on a log scale"),
        Case(text: base + "prior q ~ Uniform(0, 1) in [2, 3]\ny = 0; y' = q", line: 3, column: 29,
             message: "truncation [2, 3] lies outside the support [0, 1] of Uniform(0, 1)"),
        Case(text: base + "prior q ~ Uniform(0, x)\ny = 0; y' = q", line: 3, column: 22,
             message: "prior of 'q' depends on species 'x'; prior arguments must be numbers or constant expressions"),
        Case(text: base + "prior q ~ Uniform(0, log(0))\ny = 0; y' = q", line: 3, column: 22,
             message: "argument of the prior of 'q' is not a finite number (it evaluates to -inf)"),
        // time, reserved names
        Case(text: base + "time = 3", line: 3, column: 1,
             message: "cannot define 'time': 'time' is reserved for the integration time"),
        Case(text: base + "y = 0; y' = time(2)", line: 3, column: 13, message: "'time' is not a function"),
        Case(text: base + "exp = 2", line: 3, column: 1, message: "cannot define 'exp': 'exp' is a built-in function"),
        Case(text: base + "prior = 2", line: 3, column: 1, message: "cannot define 'prior': 'prior' is a keyword"),
        Case(text: base + "pi = 3", line: 3, column: 1, message: "cannot define 'pi': 'pi' is a built-in constant"),
        Case(text: base + "y = 0; y' = pi(2)", line: 3, column: 13, message: "'pi' is not a function"),
        Case(text: base + "sin = 2", line: 3, column: 1, message: "cannot define 'sin': 'sin' is a built-in function"),
        Case(text: base + "y = 0; y' = piecewise()", line: 3, column: 13,
             message: "'piecewise' takes at least 1 argument (value, condition, …, otherwise), found 0"),
        Case(text: base + "y = 0; y' = xor(x)", line: 3, column: 13, message: "'xor' takes 2 arguments (a, b), found 1"),
        // compartments
        Case(text: base + "y = 0; y in y", line: 3, column: 13, message: "'y' cannot be its own compartment"),
        Case(text: base + "y = 0; c = 1; y in c; y in k", line: 3, column: 23, message: "duplicate compartment for 'y' (first at line 3)"),
        Case(text: base + "y = 0; y in c", line: 3, column: 13, message: "unknown symbol 'c'"),
        Case(text: base + "y = 0; y in time", line: 3, column: 13,
             message: "compartment of 'y' depends on 'time'; a compartment is a constant, a parameter, an assignment rule or a species"),
        Case(text: base + "y = 0; y in k; y' = 1", line: 3, column: 8,
             message: "species 'y' has a rate rule, which gives dy/dt itself; 'in k' only scales reaction rates, so use one or the other"),
        Case(text: base + "y = 0; y in c; c in k; c = 1", line: 3, column: 13,
             message: "compartment 'c' is itself placed in a compartment; a compartment's size cannot be a concentration"),
        Case(text: base + "y = 0; y in v; v := 1 + time", line: 3, column: 13,
             message: "compartment 'v' of species 'y' is an assignment rule that changes in time; the concentration's rate would need dv/dt, which is not supported: give 'v' a rate rule (v' = …) instead"),
        // what values may depend on
        Case(text: base + "observe o = x ~ Normal(1)\ny = o; y' = 1", line: 4, column: 5,
             message: "initial value of 'y' depends on observable 'o'; initial values may not use observables"),
        Case(text: base + "r := 2*y\ny = r + k; y' = 1", line: 4, column: 1,
             message: "the initial value of 'y' depends on itself: y → r → y"),
        Case(text: base + "y = z; z = y; y' = 1; z' = 1", line: 3, column: 1,
             message: "the initial value of 'y' depends on itself: y → z → y"),
        Case(text: base + "prior q ~ Uniform(0, 1)\nc = 2*q\ny = 0; y' = c", line: 4, column: 7,
             message: "value of 'c' depends on parameter 'q'; a constant may use only numbers and other constants (write 'c := …' for a quantity computed from others)"),
        Case(text: base + "c = 1/0\ny = 0; y' = c", line: 3, column: 6,
             message: "value of 'c' is not a finite number (it evaluates to inf)"),
        // observables
        Case(text: base + "observe o = x + q ~ Normal(1)", line: 3, column: 17, message: "unknown symbol 'q'"),
        Case(text: base + "observe o = x ~ Normal(s_abs*o)", line: 3, column: 24, message: "unknown symbol 's_abs'"),
        Case(text: base + "observe o = x ~ Normal(1)\ny = 0; y' = o", line: 4, column: 13,
             message: "observable 'o' can only be used in a noise model's standard deviation"),
        Case(text: base + "y = 0\nr: -> y; 1\nz = 0; z' = r", line: 5, column: 13, message: "'r' is a reaction label, not a value"),
        // data
        Case(text: base + "data \"a.csv\"\ndata \"b.csv\"", line: 4, column: 6, message: "'data' given twice (first at line 3)"),
    ]

    @Test(arguments: cases)
    func checkError(_ c: Case) {
        let errors = Frontend.errors(c.text)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.message == c.message)
        #expect(error.line == c.line)
        #expect(error.column == c.column)
    }

    @Test func baseModelIsValid() throws {
        let model = try Frontend.check(Self.base)
        #expect(model.species.map(\.name) == ["x"])
        #expect(model.constants == [Constant(name: "k", value: 2, definition: .number(2))])
    }

    @Test func allIndependentErrorsAreReported() {
        let errors = Frontend.errors("""
            model t
            x = 1; x' = -k*x + alpah
            k = 2; k = 3
            prior q ~ Uniform(1, 0)
            """)
        #expect(errors.map(\.line) == [2, 3, 4])
        #expect(errors.map(\.message) == [
            "unknown symbol 'alpah'",
            "duplicate definition of 'k' (first at line 3)",
            "Uniform(1, 0): the lower bound must be less than the upper bound",
        ])
    }

    @Test func didYouMeanCarriesTheSuggestion() {
        let errors = Frontend.errors("model t\nalpha1 = 3\nx = 0\nx' = alpah1")
        #expect(errors.first?.suggestion == "alpha1")
        #expect(NameSuggestion.closest(to: "totl_protein", among: ["total_protein", "sigma"]) == "total_protein")
        #expect(NameSuggestion.closest(to: "q", among: ["sigma", "total"]) == nil)
        #expect(NameSuggestion.distance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
        #expect(NameSuggestion.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
    }

    @Test func aModelWithoutSpeciesIsAWarning() throws {
        let warnings = try Frontend.warnings("model t\nk = 2\nr := k*time\nobserve o = r ~ Normal(1)")
        #expect(warnings.map(\.message) == [
            "model 't' has no species, so nothing is integrated (its rules are functions of time); add a reaction or a rate rule (e.g. x' = -k*x) for dynamics",
        ])
    }

    @Test func warningsAreSeparateFromErrors() throws {
        let warnings = try Frontend.warnings("""
            model t
            x = 1; x' = -k*x
            k = 2; unused = 4
            q = 50
            prior q ~ Uniform(0, 1)
            prior lonely ~ Normal(0, 1)
            """)
        #expect(warnings.map(\.message) == [
            "constant 'unused' is never used",
            "value 50 of 'q' lies outside the support of its prior",
            "parameter 'q' is never used; only its prior constrains it",
            "parameter 'lonely' is never used; only its prior constrains it",
        ])
        #expect(warnings.allSatisfy { $0.severity == .warning })
    }
}
