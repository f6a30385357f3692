import Foundation
import Testing
@testable import ModelDSL

/// The SBML semantics the importer must get right, each against a closed form.
@Suite struct SBMLImportTests {
    typealias M = SBML

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-8) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func kineticLawsAreAmountsPerTimeAndSpeciesAreConcentrations() throws {
        // V = 2, S starts with amount 4 (concentration 2); the law k·S·V is an amount per time,
        // so d[S]/dt = −k[S]: [S](t) = 2·exp(−k t), amount 4·exp(−k t).
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("V", size: 2))</listOfCompartments>
            <listOfSpecies>\(M.species("S", in: "V", amount: 4))</listOfSpecies>
            <listOfParameters>\(M.parameter("k", 0.5))</listOfParameters>
            <listOfReactions>\(M.reaction("decay", reactants: [("S", 1)], law: M.apply("times", M.ci("k"), M.ci("S"), M.ci("V"))))</listOfReactions>
            """)
        #expect(imported.ast.compartments.map { "\($0.species) in \($0.compartment)" } == ["S in V"])
        let rows = try M.values(imported, [("S", .concentration), ("S", .amount), ("S", .value)], at: [0, 1, 3])
        for (row, t) in zip(rows, [0.0, 1, 3]) {
            #expect(Self.close(row[0], 2 * exp(-0.5 * t)))
            #expect(Self.close(row[1], 4 * exp(-0.5 * t)))
            #expect(row[2] == row[0])
        }
    }

    @Test func aReactionBetweenCompartmentsConservesAmount() throws {
        // A in V1 = 1 (conc 1), B in V2 = 4: A → 2 B at k·A·V1; amount of A plus half of B's is constant.
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("V1", size: 1))\(M.compartment("V2", size: 4))</listOfCompartments>
            <listOfSpecies>\(M.species("A", in: "V1", concentration: 1))\(M.species("B", in: "V2", concentration: 0))</listOfSpecies>
            <listOfParameters>\(M.parameter("k", 0.3))</listOfParameters>
            <listOfReactions>\(M.reaction("r", reactants: [("A", 1)], products: [("B", 2)], law: M.apply("times", M.ci("k"), M.ci("A"), M.ci("V1"))))</listOfReactions>
            """)
        let rows = try M.values(imported, [("A", .concentration), ("B", .concentration), ("B", .amount)], at: [2])
        let a = exp(-0.3 * 2)
        #expect(Self.close(rows[0][0], a))
        #expect(Self.close(rows[0][1], 2 * (1 - a) / 4))
        #expect(Self.close(rows[0][2], 2 * (1 - a)))
    }

    @Test func hasOnlySubstanceUnitsSpeciesAreAmounts() throws {
        // initialConcentration 1 in V = 2 is amount 2; k·S uses the amount: S(t) = 2·exp(−k t).
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("V", size: 2))</listOfCompartments>
            <listOfSpecies>\(M.species("S", in: "V", concentration: 1, substanceUnitsOnly: true))</listOfSpecies>
            <listOfParameters>\(M.parameter("k", 0.5))</listOfParameters>
            <listOfReactions>\(M.reaction("decay", reactants: [("S", 1)], law: M.apply("times", M.ci("k"), M.ci("S"))))</listOfReactions>
            """)
        #expect(imported.ast.compartments.isEmpty)
        let rows = try M.values(imported, [("S", .amount), ("S", .concentration)], at: [2])
        #expect(Self.close(rows[0][0], 2 * exp(-1)))
        #expect(Self.close(rows[0][1], exp(-1)))
    }

    @Test func boundaryAndConstantSpeciesAreNotChangedByReactions() throws {
        // X (boundary) and Y (constant) feed P at k·X·Y: P(t) = k·X·Y·t, X and Y stay.
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("c", size: 1))</listOfCompartments>
            <listOfSpecies>\(M.species("X", in: "c", concentration: 2, boundary: true))\(M.species("Y", in: "c", concentration: 3, constant: true))\(M.species("P", in: "c", concentration: 0))</listOfSpecies>
            <listOfParameters>\(M.parameter("k", 0.1))</listOfParameters>
            <listOfReactions>\(M.reaction("make", reactants: [("X", 1), ("Y", 1)], products: [("P", 1)], law: M.apply("times", M.ci("k"), M.ci("X"), M.ci("Y"))))</listOfReactions>
            """)
        #expect(imported.ast.reactions.map(\.canonicalText) == ["make: -> P; k*X*Y"])
        let rows = try M.values(imported, [("X", .value), ("Y", .value), ("P", .value)], at: [5])
        #expect(rows[0][0] == 2 && rows[0][1] == 3)
        #expect(Self.close(rows[0][2], 0.1 * 2 * 3 * 5))
    }

    @Test func initialAssignmentsAndRules() throws {
        // k = 2·p (initial assignment), S2(0) = 3·S1(0), total := S1 + S2 (assignment rule),
        // q' = 1 with q(0) = 0.5 (rate rule on a parameter).
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("c", size: 1))</listOfCompartments>
            <listOfSpecies>\(M.species("S1", in: "c", concentration: 1))\(M.species("S2", in: "c", concentration: 0))</listOfSpecies>
            <listOfParameters>\(M.parameter("p", 0.25))\(M.parameter("k", 0))\(M.parameter("total", 0, constant: false))\(M.parameter("q", 0.5, constant: false))</listOfParameters>
            <listOfInitialAssignments>
              <initialAssignment symbol="k">\(M.math(M.apply("times", M.cn(2), M.ci("p"))))</initialAssignment>
              <initialAssignment symbol="S2">\(M.math(M.apply("times", M.cn(3), M.ci("S1"))))</initialAssignment>
            </listOfInitialAssignments>
            <listOfRules>
              <assignmentRule variable="total">\(M.math(M.apply("plus", M.ci("S1"), M.ci("S2"))))</assignmentRule>
              <rateRule variable="q">\(M.math(M.cn(1)))</rateRule>
            </listOfRules>
            <listOfReactions>\(M.reaction("r", reactants: [("S1", 1)], products: [("S2", 1)], law: M.apply("times", M.ci("k"), M.ci("S1"))))</listOfReactions>
            """)
        let rows = try M.values(imported, [("k", .value), ("S1", .value), ("S2", .value), ("total", .value), ("q", .value)], at: [0, 2])
        #expect(rows[0] == [0.5, 1, 3, 4, 0.5])
        #expect(Self.close(rows[1][1], exp(-0.5 * 2)))
        #expect(Self.close(rows[1][3], 4))
        #expect(Self.close(rows[1][4], 2.5))
    }

    @Test func aValueFixedAtAStateDependentStartIsAStateWithZeroRate() throws {
        // p = 2·S(0) (initial assignment over a species): fixed in time, but not foldable.
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("c", size: 1))</listOfCompartments>
            <listOfSpecies>\(M.species("S", in: "c", concentration: 3))</listOfSpecies>
            <listOfParameters>\(M.parameter("p", 0))\(M.parameter("k", 1))</listOfParameters>
            <listOfInitialAssignments><initialAssignment symbol="p">\(M.math(M.apply("times", M.cn(2), M.ci("S"))))</initialAssignment></listOfInitialAssignments>
            <listOfReactions>\(M.reaction("r", reactants: [("S", 1)], law: M.apply("times", M.ci("k"), M.ci("S"))))</listOfReactions>
            """)
        #expect(imported.ast.rateRules.map { "\($0.name)' = \($0.expression.canonicalText)" } == ["p' = 0"])
        let rows = try M.values(imported, [("p", .value), ("S", .value)], at: [1])
        #expect(rows[0][0] == 6)
        #expect(Self.close(rows[0][1], 3 * exp(-1)))
    }

    @Test func functionDefinitionsAreInlinedAndLocalParametersRenamed() throws {
        // f(x, y) = x·y, g(z) = f(z, 2); the law uses g(k)·S with a local k = 0.25 hiding the global k = 100.
        let imported = try M.load("""
            <listOfFunctionDefinitions>
              <functionDefinition id="f">\(M.math("<lambda><bvar><ci>x</ci></bvar><bvar><ci>y</ci></bvar>\(M.apply("times", M.ci("x"), M.ci("y")))</lambda>"))</functionDefinition>
              <functionDefinition id="g">\(M.math("<lambda><bvar><ci>z</ci></bvar><apply><ci>f</ci>\(M.ci("z"))\(M.cn(2))</apply></lambda>"))</functionDefinition>
            </listOfFunctionDefinitions>
            <listOfCompartments>\(M.compartment("c", size: 1))</listOfCompartments>
            <listOfSpecies>\(M.species("S", in: "c", concentration: 1))</listOfSpecies>
            <listOfParameters>\(M.parameter("k", 100))</listOfParameters>
            <listOfReactions>\(M.reaction("R1", reactants: [("S", 1)], law: M.apply("times", "<apply><ci>g</ci>\(M.ci("k"))</apply>", M.ci("S")), locals: "<localParameter id=\"k\" value=\"0.25\"/>"))</listOfReactions>
            """)
        #expect(imported.ast.reactions.map(\.canonicalText) == ["R1: S -> ; R1_k*2*S"])
        #expect(imported.ast.values.contains { $0.name == "R1_k" && $0.expression.kind == .number(0.25) })
        let rows = try M.values(imported, [("S", .value)], at: [2])
        #expect(Self.close(rows[0][0], exp(-0.5 * 2)))
    }

    @Test func piecewiseAndTime() throws {
        // x' = piecewise(1, t < 1, -0.5): x(2) = 1 − 0.5.
        let imported = try M.load("""
            <listOfParameters>\(M.parameter("x", 0, constant: false))</listOfParameters>
            <listOfRules><rateRule variable="x">\(M.math("<piecewise><piece>\(M.cn(1))\(M.apply("lt", M.time, M.cn(1)))</piece><otherwise>\(M.apply("minus", M.cn(0.5)))</otherwise></piecewise>"))</rateRule></listOfRules>
            """)
        #expect(imported.ast.rateRules.map { $0.expression.canonicalText } == ["piecewise(1, time < 1, -0.5)"])
        let rows = try M.values(imported, [("x", .value)], at: [0.5, 2])
        #expect(Self.close(rows[0][0], 0.5, 1e-7))
        #expect(Self.close(rows[1][0], 0.5, 1e-7))
    }

    @Test func reservedIdsAreRenamedWithAWarning() throws {
        let imported = try M.load("""
            <listOfParameters>\(M.parameter("time", 2))\(M.parameter("exp", 3))\(M.parameter("x", 0, constant: false))</listOfParameters>
            <listOfRules><rateRule variable="x">\(M.math(M.apply("times", M.ci("time"), M.ci("exp"), M.time)))</rateRule></listOfRules>
            """)
        #expect(imported.renamings.map { "\($0.id)->\($0.name)" } == ["time->time_", "exp->exp_"])
        #expect(imported.ast.rateRules.map { $0.expression.canonicalText } == ["time_*exp_*time"])
        #expect(imported.warnings.map(\.line) == [4, 4])
        #expect(imported.warnings[0].message == "SBML id 'time' is renamed 'time_': 'time' is reserved for the integration time in the model language")
        let rows = try M.values(imported, [("x", .value)], at: [2])
        #expect(Self.close(rows[0][0], 6 * 2 * 2 / 2))  // ∫ 6 t dt = 3 t²
    }

    @Test func aReactionUsedAsAValueIsItsRate() throws {
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("c", size: 1))</listOfCompartments>
            <listOfSpecies>\(M.species("S", in: "c", concentration: 2))</listOfSpecies>
            <listOfParameters>\(M.parameter("flux", 0, constant: false))</listOfParameters>
            <listOfRules><assignmentRule variable="flux">\(M.math(M.ci("R")))</assignmentRule></listOfRules>
            <listOfReactions>\(M.reaction("R", reactants: [("S", 1)], law: M.ci("S")))</listOfReactions>
            """)
        #expect(imported.ast.reactions.map(\.canonicalText) == ["S -> ; R"])
        let rows = try M.values(imported, [("flux", .value), ("S", .value)], at: [1])
        #expect(Self.close(rows[0][0], 2 * exp(-1)))
        #expect(rows[0][0] == rows[0][1])
    }

    @Test func fractionalAndAssignedStoichiometry() throws {
        // A → 0.5 B and A → n C with n = 2·p = 3 (initial assignment on the speciesReference).
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("c", size: 1))</listOfCompartments>
            <listOfSpecies>\(M.species("A", in: "c", concentration: 1))\(M.species("B", in: "c", concentration: 0))\(M.species("C", in: "c", concentration: 0))</listOfSpecies>
            <listOfParameters>\(M.parameter("p", 1.5))</listOfParameters>
            <listOfInitialAssignments><initialAssignment symbol="n">\(M.math(M.apply("times", M.cn(2), M.ci("p"))))</initialAssignment></listOfInitialAssignments>
            <listOfReactions>
              \(M.reaction("r1", reactants: [("A", 1)], products: [("B", 0.5)], law: M.ci("A")))
              <reaction id="r2" reversible="false"><listOfProducts><speciesReference id="n" species="C" constant="true"/></listOfProducts><kineticLaw>\(M.math(M.cn(1)))</kineticLaw></reaction>
            </listOfReactions>
            """)
        #expect(imported.ast.reactions.map(\.canonicalText) == ["r1: A -> 0.5 B; A", "r2: -> 3 C; 1"])
        let rows = try M.values(imported, [("B", .value), ("C", .value), ("n", .value)], at: [1])
        #expect(Self.close(rows[0][0], 0.5 * (1 - exp(-1))))
        #expect(Self.close(rows[0][1], 3))
        #expect(rows[0][2] == 3)
    }

    @Test func aGrowingCompartmentDilutesItsSpecies() throws {
        // V' = 1 from V = 1: the amount of S (no reactions) stays 2, so [S] = 2/(1 + t).
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("V", size: 1, constant: false))</listOfCompartments>
            <listOfSpecies>\(M.species("S", in: "V", amount: 2))</listOfSpecies>
            <listOfRules><rateRule variable="V">\(M.math(M.cn(1)))</rateRule></listOfRules>
            """)
        let rows = try M.values(imported, [("S", .concentration), ("S", .amount)], at: [3])
        #expect(Self.close(rows[0][0], 0.5))
        #expect(Self.close(rows[0][1], 2))
    }

    @Test func aCompartmentThatAnAssignmentRuleChangesHoldsAmounts() throws {
        // V := 1 + t; S starts at amount 1 and decays at k·S·V (amount per time), so its amount is
        // exp(−k t) and its concentration exp(−k t)/(1 + t).
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("V", size: 1, constant: false))</listOfCompartments>
            <listOfSpecies>\(M.species("S", in: "V", amount: 1))</listOfSpecies>
            <listOfParameters>\(M.parameter("k", 0.4))</listOfParameters>
            <listOfRules><assignmentRule variable="V">\(M.math(M.apply("plus", M.cn(1), M.time)))</assignmentRule></listOfRules>
            <listOfReactions>\(M.reaction("decay", reactants: [("S", 1)], law: M.apply("times", M.ci("k"), M.ci("S"), M.ci("V"))))</listOfReactions>
            """)
        #expect(imported.ast.assignments.map { "\($0.name) := \($0.expression.canonicalText)" } == ["S := S_amount/V", "V := 1 + time"])
        #expect(imported.ast.reactions.map(\.canonicalText) == ["decay: S_amount -> ; k*S*V"])
        let rows = try M.values(imported, [("S", .amount), ("S", .concentration)], at: [0, 2])
        #expect(rows[0] == [1, 1])
        #expect(Self.close(rows[1][0], exp(-0.8)))
        #expect(Self.close(rows[1][1], exp(-0.8) / 3))
    }

    @Test func uncommonMathML() throws {
        // Each expression against its value at x = 0.5 (sec, arccot, log base 2, cube root,
        // quotient, rem, implies, xor, n-ary relations, exponentiale, pi, e-notation, rational).
        let cases: [(String, Double)] = [
            (M.apply("sec", M.ci("x")), 1 / cos(0.5)),
            (M.apply("arccot", M.ci("x")), atan(2)),
            ("<apply><log/><logbase>\(M.cn(2))</logbase>\(M.cn(8))</apply>", 3),
            ("<apply><log/>\(M.cn(1000))</apply>", 3),
            ("<apply><root/><degree>\(M.cn(3))</degree>\(M.cn(27))</apply>", 3),
            (M.apply("quotient", M.cn(-7), M.cn(2)), -3),
            (M.apply("rem", M.cn(-7), M.cn(2)), -1),
            (M.apply("implies", "<false/>", "<false/>"), 1),
            (M.apply("xor", "<true/>", "<true/>", "<true/>"), 1),
            (M.apply("lt", M.cn(1), M.ci("x"), M.cn(2)), 0),
            (M.apply("geq", M.cn(3), M.cn(2), M.cn(2)), 1),
            (M.apply("plus", "<exponentiale/>", "<pi/>"), M_E + Double.pi),
            ("<cn type=\"e-notation\"> 1.5 <sep/> 3 </cn>", 1500),
            ("<cn type=\"rational\"> 1 <sep/> 4 </cn>", 0.25),
            (M.apply("factorial", M.cn(4)), 24),
            (M.apply("max", M.cn(1), M.ci("x"), M.cn(3)), 3),
        ]
        var body = "<listOfParameters>\(M.parameter("x", 0.5))"
        for k in cases.indices { body += M.parameter("v\(k)", 0, constant: false) }
        body += "</listOfParameters><listOfRules>"
        for (k, c) in cases.enumerated() { body += "<assignmentRule variable=\"v\(k)\">\(M.math(c.0))</assignmentRule>" }
        body += "</listOfRules>"
        let imported = try M.load(body)
        let rows = try M.values(imported, cases.indices.map { ("v\($0)", .value) }, at: [0])
        for (k, c) in cases.enumerated() {
            #expect(Self.close(rows[0][k], c.1, 1e-12), "case \(k): \(imported.ast.assignments[k].expression.canonicalText)")
        }
    }

    @Test func levelTwoDefaults() throws {
        // Level 2: stoichiometry defaults to 1, parameters and compartments to constant.
        let imported = try M.load("""
            <listOfCompartments><compartment id="c" size="1"/></listOfCompartments>
            <listOfSpecies><species id="S" compartment="c" initialConcentration="1"/></listOfSpecies>
            <listOfParameters><parameter id="k" value="2"/></listOfParameters>
            <listOfReactions><reaction id="r"><listOfReactants><speciesReference species="S"/></listOfReactants><kineticLaw>\(M.math(M.apply("times", M.ci("k"), M.ci("S"))))</kineticLaw></reaction></listOfReactions>
            """, level: 2, version: 4)
        let rows = try M.values(imported, [("S", .value)], at: [1])
        #expect(Self.close(rows[0][0], exp(-2)))
    }

    @Test func canonicalTextRoundTripsToTheSameSimulation() throws {
        let imported = try M.load("""
            <listOfCompartments>\(M.compartment("cell", size: 2))</listOfCompartments>
            <listOfSpecies>\(M.species("A", in: "cell", amount: 3))\(M.species("B", in: "cell", amount: 0))</listOfSpecies>
            <listOfParameters>\(M.parameter("k", 0.7))\(M.parameter("in", 1))</listOfParameters>
            <listOfReactions>\(M.reaction("r", reactants: [("A", 2)], products: [("B", 1)], law: M.apply("times", M.ci("k"), M.ci("A"), M.ci("A"), M.ci("in"))))</listOfReactions>
            """)
        let printed = ModelSource(path: "printed.model", text: imported.ast.canonicalText)
        let reparsed = try ModelParser.parse(printed)
        #expect(reparsed == imported.ast)
        let original = try ModelChecker.check(imported.ast, source: imported.source)
        let again = try ModelChecker.check(reparsed, source: printed)
        #expect(again == original)
        let times = [0.0, 0.5, 2]
        let a = try ModelSimulator(model: original).simulate(parameters: [], times: times).get()
        let b = try ModelSimulator(model: again).simulate(parameters: [], times: times).get()
        #expect(a.states == b.states)
    }
}
