import Foundation
import Testing

/// `loglik` checks its own solver error. Crauste_CellSystems2017 at the
/// default tolerances (rtol 1e-6, atol 1e-8) is 2.3e-3 from the reference
/// −190.963978 (the collection's simulatedData, ../shared/corpora/README.md).
/// Asked with those tolerances explicitly, `loglik` reports that value and
/// its error and warns; with the tolerances left to it, it tightens them
/// until the check passes and reports the reference to better than 1e-3,
/// with the value at the defaults after it.
@Suite struct LoglikSolverErrorTests {
    static let crauste = "Tests/Fixtures/benchmark-models-petab/Crauste_CellSystems2017/Crauste_CellSystems2017.yaml"
    static let reference = -190.963978

    @Test func explicitDefaultTolerancesAreFlagged() throws {
        let r = try CLI.run(["loglik", Self.crauste, "--rtol", "1e-6", "--atol", "1e-8"])
        #expect(r.status == 0, "\(r.stderr)")
        let logL = try #require(PEtabCommandTests.value("log_likelihood", in: r.stdout))
        let error = try #require(PEtabCommandTests.value("solver_error", in: r.stdout))
        #expect(abs(logL - Self.reference) > 1e-3, "the premise: the default tolerances miss by more than 1e-3")
        #expect(abs(error - abs(logL - Self.reference)) < 1e-4, "the estimate is the actual error: \(error)")
        #expect(r.stdout.contains("(log L = -190.963"), "the tighter solve is the reference: \(r.stdout)")
        #expect(r.stdout.contains("rtol 1e-06, atol 1e-08"))
        #expect(!r.stdout.contains("at_default_tolerances"), "explicit tolerances are not refined")
        #expect(r.stderr.contains("warning: at these solver tolerances log L is accurate to about 0.0023 only"),
                "\(r.stderr)")
        #expect(r.stderr.contains("pass --rtol 1e-08 --atol 1e-10"))
    }

    @Test func defaultsAreRefinedToTheReference() throws {
        let r = try CLI.run(["loglik", Self.crauste])
        #expect(r.status == 0, "\(r.stderr)")
        let logL = try #require(PEtabCommandTests.value("log_likelihood", in: r.stdout))
        let error = try #require(PEtabCommandTests.value("solver_error", in: r.stdout))
        let requested = try #require(PEtabCommandTests.value("at_default_tolerances", in: r.stdout))
        #expect(abs(logL - Self.reference) < 1e-5, "\(logL)")
        #expect(error <= 1e-4)
        #expect(abs(requested - Self.reference) > 1e-3, "the value at the defaults is still shown as it is")
        #expect(r.stdout.contains("solver: auto (Dormand-Prince 5(4), Rodas5P once stiff), rtol 1e-08, atol 1e-10"), "\(r.stdout)")
        #expect(r.stderr.contains("note: at rtol 1e-06, atol 1e-08 the solver's error in log L was 0.0023"), "\(r.stderr)")
        #expect(!r.stderr.contains("warning: at these"), "\(r.stderr)")
        // log_posterior follows the reported value.
        let prior = try #require(PEtabCommandTests.value("log_prior", in: r.stdout))
        let posterior = try #require(PEtabCommandTests.value("log_posterior", in: r.stdout))
        #expect(abs(posterior - (logL + prior)) < 1e-9)
    }

    @Test func tightTolerancesMatchTheReference() throws {
        let r = try CLI.run(["loglik", Self.crauste, "--rtol", "1e-8", "--atol", "1e-10"])
        #expect(r.status == 0, "\(r.stderr)")
        let logL = try #require(PEtabCommandTests.value("log_likelihood", in: r.stdout))
        let error = try #require(PEtabCommandTests.value("solver_error", in: r.stdout))
        #expect(abs(logL - Self.reference) < 1e-3)
        #expect(error < 1e-4)
        #expect(!r.stderr.contains("accurate to about"))
    }

    /// A model whose defaults pass the check is reported at the defaults, unrefined.
    @Test func accurateDefaultsAreKept() throws {
        let r = try CLI.run(["loglik", "models/repressilator.model"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("rtol 1e-06, atol 1e-08, max steps"), "\(r.stdout)")
        #expect(!r.stdout.contains("at_default_tolerances"))
        #expect(!r.stderr.contains("note: at rtol"))
    }
}
