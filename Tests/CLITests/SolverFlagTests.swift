import Foundation
import Testing

/// `--solver` on the commands, and the stiff benchmark problem end to end.
@Suite struct SolverFlagTests {
    /// The PEtab benchmark Elowitz_Nature2000 at its nominal parameters with
    /// default settings: log L = 63.202800 (the collection's reference) within
    /// 1e-3. Dormand–Prince alone runs out of steps.
    @Test func elowitzLoglikWithDefaults() throws {
        let r = try CLI.run(["loglik", CLI.modelPath("benchmarks/elowitz")])
        #expect(r.status == 0, "\(r.stderr)")
        let v = LoglikCommandTests.values(r.stdout)
        #expect(abs(try LoglikCommandTests.number(v["log_likelihood"]) - 63.202800) < 1e-3)
        #expect(v["solver"]?.hasPrefix("auto (Dormand-Prince 5(4), Rodas5P once stiff), rtol 1e-06") == true, "\(r.stdout)")

        let explicit = try CLI.run(["loglik", CLI.modelPath("benchmarks/elowitz"), "--solver", "dopri5"])
        #expect(explicit.status == 0)
        let e = LoglikCommandTests.values(explicit.stdout)
        #expect(e["log_likelihood"] == "-inf")
        #expect(e["failure"]?.hasPrefix("maxStepsReached") == true)
    }

    @Test(arguments: ["rodas4", "rodas5p"])
    func stiffMethodsAgreeOnElowitz(method: String) throws {
        let r = try CLI.run(["loglik", CLI.modelPath("benchmarks/elowitz"), "--solver", method, "--rtol", "1e-8"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = LoglikCommandTests.values(r.stdout)
        #expect(abs(try LoglikCommandTests.number(v["log_likelihood"]) - 63.202800) < 1e-3)
    }

    @Test func unknownSolverIsAUsageError() throws {
        for command in ["check", "simulate", "loglik", "fit", "compare", "bench"] {
            let r = try CLI.run([command, CLI.modelPath("linear_gaussian"), "--solver", "rodas"])
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("unknown solver 'rodas' for --solver"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("did you mean 'rodas4'?"))
        }
    }

    /// `check` shows the solver and the Jacobian the stiff method would use.
    @Test func checkShowsTheJacobian() throws {
        let r = try CLI.run(["check", CLI.modelPath("benchmarks/elowitz"), "--solver", "rodas5p"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("# solver: Rodas5P, rtol 1e-06, atol 1e-08, max steps 100000"))
        #expect(r.stdout.contains("Jacobian (for the stiff method): 16 of 64 entries non-zero, all differentiated symbolically"))
        #expect(r.stdout.contains("time derivative: none (autonomous)"))
    }

    /// `simulate` with a stiff method gives the same trajectory as `auto` to
    /// the tolerance on a non-stiff model.
    @Test func simulateAcceptsTheSolver() throws {
        let args = ["simulate", CLI.modelPath("goodwin"), "--times", "0:50:10", "--rtol", "1e-9", "--atol", "1e-11"]
        let auto = try CLI.run(args)
        let stiff = try CLI.run(args + ["--solver", "rodas5p"])
        #expect(auto.status == 0 && stiff.status == 0, "\(stiff.stderr)")
        let a = auto.stdout.split(separator: "\n").dropFirst(), b = stiff.stdout.split(separator: "\n").dropFirst()
        #expect(a.count == 6 && b.count == 6)
        for (x, y) in zip(a, b) {
            for (u, v) in zip(x.split(separator: ","), y.split(separator: ",")) {
                let p = try #require(Double(u)), q = try #require(Double(v))
                #expect(abs(p - q) <= 1e-6 * max(1, abs(p)), "\(x) vs \(y)")
            }
        }
    }
}
