import Foundation
import ODE
import Testing
@testable import ModelDSL

/// The SBML Test Suite again, every case forced through each Rosenbrock
/// method: the stiff solver with the models' symbolic Jacobians (piecewise,
/// trigonometric, logical, rate and assignment rules, …) must pass exactly
/// the cases the default solver passes, and simulate none wrongly.
@Suite struct SBMLStiffSolverTests {
    @Test func testSuiteCasesWithTheStiffMethods() throws {
        let cases = try SBMLTestCase.all()
        let reference = cases.map { $0.run(method: .auto) }
        for method in [SolverChoice.rodas5p, .rodas4] {
            var passed = 0
            for (c, expected) in zip(cases, reference) {
                let outcome = c.run(method: method)
                if case .passed = outcome { passed += 1 }
                #expect(outcome.label == expected.label, "\(method) \(c.number): \(outcome) (auto: \(expected.label))")
            }
            #expect(passed >= 867, "\(method): passed \(passed) of \(cases.count)")
        }
    }
}
