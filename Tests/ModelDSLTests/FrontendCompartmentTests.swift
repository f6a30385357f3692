import Foundation
import ODE
import Testing
@testable import ModelDSL

/// `S in C` (reaction rates are amounts per time, species concentrations) and
/// initial values that use other initial values, assignment rules and `time`.
@Suite struct FrontendCompartmentTests {
    func rates(_ model: CheckedModel, state: [Double]) -> [Double] {
        model.rates.map { TestEvaluator(model: model, state: state, parameters: []).value($0) }
    }

    @Test func reactionsChangeConcentrationsByRateOverVolume() throws {
        let model = try Frontend.check("""
            model c
            A = 3; B = 1
            A in V1; B in V2
            V1 = 2; V2 = 0.5; k = 0.1
            r: A -> 2 B; k*A*V1
            """)
        let (a, b) = (3.0, 1.0)
        let flux = 0.1 * a * 2  // amount per time
        let got = rates(model, state: [a, b])
        #expect(abs(got[0] - (-flux / 2)) < 1e-15)
        #expect(abs(got[1] - (2 * flux / 0.5)) < 1e-15)
        #expect(model.species.map(\.compartment) == [.constant(0), .constant(1)])
    }

    @Test func aGrowingCompartmentDilutesWhatIsInside() throws {
        // V' = g: the amount S·V is conserved, so S(t) = S0·V0/(V0 + g t).
        let model = try Frontend.check("""
            model dilution
            S = 2; V = 1
            S in V
            V' = 0.5
            """)
        let simulator = try ModelSimulator(model: model, options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        let times = [0.0, 1, 4]
        let simulation = try simulator.simulate(parameters: [], times: times).get()
        for (k, t) in times.enumerated() {
            #expect(abs(simulation.states[k][0] - 2 / (1 + 0.5 * t)) < 1e-8)
        }
    }

    @Test func inflowIntoAGrowingCompartment() throws {
        // d(S·V)/dt = q, V = 1 + t: S(t) = (S0 + q t)/(1 + t).
        let model = try Frontend.check("""
            model inflow
            S = 1; V = 1; q = 3
            S in V
            V' = 1
            -> S; q
            """)
        let simulator = try ModelSimulator(model: model, options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        let simulation = try simulator.simulate(parameters: [], times: [2]).get()
        #expect(abs(simulation.states[0][0] - (1 + 3 * 2) / 3.0) < 1e-8)
    }

    @Test func aTimeInvariantAssignmentRuleMayBeACompartment() throws {
        let model = try Frontend.check("model c\nS = 1\nS in V\nV := 2*w; w = 2\n-> S; 8\n")
        #expect(rates(model, state: [1]) == [2])
    }

    @Test func initialValuesMayUseOtherInitialValuesRulesAndTime() throws {
        let model = try Frontend.check("""
            model iv
            x = 2
            y = 3*x + r
            z = y/2 + time
            r := x + 10
            x' = -x; y' = 0; z' = 0
            """)
        let simulator = try ModelSimulator(model: model)
        for t0 in [0.0, -1] {
            let simulation = try simulator.simulate(parameters: [], times: [t0], startTime: t0).get()
            let r: Double = 2 + 10
            let y: Double = 3 * 2 + r
            let expected: [Double] = [2, y, y / 2 + t0]
            #expect(simulation.states[0] == expected)
        }
    }

    @Test func placedNamesAreSpeciesAndPrintBack() throws {
        let text = "model p\nS = 1\nS in C\nC = 2\n"
        let ast = try ModelParser.parse(ModelSource(path: "p.model", text: text))
        #expect(ast.compartments.map(\.species) == ["S"])
        #expect(ast.initialValues.map(\.name) == ["S"])
        #expect(ast.canonicalText == "model p\n\nS = 1\n\nS in C\n\nC = 2\nend\n")
        let model = try Frontend.check(text)
        #expect(model.species.map(\.name) == ["S"])
        #expect(model.rates == [.number(0)])
    }
}
