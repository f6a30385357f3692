import Foundation
import ModelDSL
import Testing

/// PEtab problems through the built `flowcli`: check, loglik, simulate,
/// import (and the imported model gives the same), fit, and errors located
/// in the table at fault.
@Suite struct PEtabCommandTests {
    static let suite = "Tests/Fixtures/petab-test-suite/v1.0.0"
    static let bertozzi = "Tests/Fixtures/benchmark-models-petab/Bertozzi_PNAS2020/problem.yaml"
    static let boehm = "Tests/Fixtures/benchmark-models-petab/Boehm_JProteomeRes2014/Boehm_JProteomeRes2014.yaml"

    /// The number after `key: ` on a line of `text`.
    static func value(_ key: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(key + ": ") }
            .flatMap { Double($0.dropFirst(key.count + 2).split(separator: " ").first ?? "") }
    }

    @Test func loglikOfAProblemFileIsTheReference() throws {
        let r = try CLI.run(["loglik", Self.bertozzi, "--rtol", "1e-10", "--atol", "1e-12"])
        #expect(r.status == 0, "\(r.stderr)")
        // reference_llh.tsv (from the collection's own simulations): −158.864267.
        let logL = try #require(Self.value("log_likelihood", in: r.stdout))
        #expect(abs(logL - -158.864267) < 1e-3)
        #expect(r.stderr.contains("warning: 'visualization_files' is not used"))
    }

    /// Boehm_JProteomeRes2014 is stiff: with default settings (`--solver
    /// auto`) its log L at the nominal parameters is AMICI's −138.22199694
    /// (../shared/corpora/README.md) within 1e-3; Dormand–Prince alone runs
    /// out of steps.
    @Test func stiffBoehmWithDefaults() throws {
        let r = try CLI.run(["loglik", Self.boehm])
        #expect(r.status == 0, "\(r.stderr)")
        let logL = try #require(Self.value("log_likelihood", in: r.stdout))
        #expect(abs(logL - -138.22199694) < 1e-3, "\(r.stdout)")
        let explicit = try CLI.run(["loglik", Self.boehm, "--solver", "dopri5"])
        #expect(explicit.stdout.contains("log_likelihood: -inf"))
        #expect(explicit.stdout.contains("failure: maxStepsReached"), "\(explicit.stdout)")
    }

    /// Both conditions of Bertozzi solved by each stiff method.
    @Test(arguments: ["rodas4", "rodas5p"])
    func conditionsWithAStiffMethod(_ method: String) throws {
        let r = try CLI.run(["loglik", Self.bertozzi, "--solver", method, "--rtol", "1e-10", "--atol", "1e-12"])
        #expect(r.status == 0, "\(r.stderr)")
        let logL = try #require(Self.value("log_likelihood", in: r.stdout))
        #expect(abs(logL - -158.864267) < 1e-3)
    }

    @Test func checkShowsConditionsAndExperiments() throws {
        let r = try CLI.run(["check", Self.bertozzi])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\ncondition u_CA { N_ = 39560000; I0_ = I0_CA; R0_ = R0_CA; gamma_ = gamma_CA }\n"))
        #expect(r.stdout.contains("\nprior R0_NY ~ LogUniform(1.5, 5)\n"))
        #expect(r.stdout.contains("experiments (2, one simulation each): u_CA: 11 rows; u_NY: 11 rows"))
        #expect(r.stdout.contains("ok: model Bertozzi_PNAS2020: 3 species, 8 free parameters, 2 observables, 22 measurements"))
    }

    /// `import --output` writes the model and its data; the model file gives
    /// the same model and the same log-likelihood as the problem file.
    @Test func importedModelIsTheSameProblem() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = dir + "/bertozzi.model"
        let r = try CLI.run(["import", Self.bertozzi, "--output", output])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("# Imported from problem.yaml (PEtab 1; model model.xml, SBML Level 3 Version 2) by flowcli import.\n"))
        #expect(text.contains("\ndata \"bertozzi.tsv\"\nend\n"))
        #expect(FileManager.default.fileExists(atPath: dir + "/bertozzi.tsv"))
        var fromText = try LoadedModel.load(path: output)
        let fromProblem = try LoadedModel.load(path: CLI.root + "/" + Self.bertozzi)
        #expect(fromText.model.dataPath == "bertozzi.tsv")
        fromText.model.dataPath = nil  // the problem names its data in problem.yaml
        #expect(fromText.model == fromProblem.model)
        #expect(fromText.data?.measurements == fromProblem.data?.measurements)
        let a = try CLI.run(["loglik", Self.bertozzi])
        let b = try CLI.run(["loglik", output])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(Self.value("log_likelihood", in: a.stdout) == Self.value("log_likelihood", in: b.stdout))
    }

    /// A PEtab 2 problem imported with `--output`: its measurement table is
    /// written in the language's columns (experimentId → the experiment's
    /// simulation and pre-equilibration conditions), and the model file gives
    /// the problem's log-likelihood; without `--output` there is no data
    /// statement (the table names experiments the language has no word for).
    @Test func importedVersion2ProblemKeepsItsExperiments() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let problem = "Tests/Fixtures/petab-test-suite/v2.0.0/0009/_0009.yaml"
        let output = dir + "/case9.model"
        let r = try CLI.run(["import", problem, "--output", output])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("# Imported from _0009.yaml (PEtab 2; model _model.xml,"))
        let table = try String(contentsOfFile: dir + "/case9.tsv", encoding: .utf8)
        #expect(table.hasPrefix("modelId\tobservableId\tsimulationConditionId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\tpreequilibrationConditionId\n"))
        #expect(table.contains("\tobs_a\tc0\t1.0\t0.7\t\t\tpreeq_c0\n"))
        let a = try CLI.run(["loglik", problem, "--rtol", "1e-10", "--atol", "1e-12"])
        let b = try CLI.run(["loglik", output, "--rtol", "1e-10", "--atol", "1e-12"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(Self.value("log_likelihood", in: a.stdout) == Self.value("log_likelihood", in: b.stdout))
        let printed = try CLI.run(["import", problem])
        #expect(printed.status == 0 && !printed.stdout.contains("\ndata \""), "\(printed.stderr)")
    }

    /// One table per experiment: a pre-equilibrated case starts from the
    /// steady state (A∞ = k2/(k1 + k2) of the total under the pre-equilibration's k1).
    @Test func simulateWritesOneBlockPerExperiment() throws {
        let r = try CLI.run(["simulate", "\(Self.suite)/0009/_0009.yaml", "--rtol", "1e-10", "--atol", "1e-12"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "condition,preequilibration,time,A,B,obs_a")
        let first = try #require(lines.dropFirst().first?.split(separator: ","))
        #expect(first[0] == "c0" && first[1] == "preeq_c0" && first[2] == "1")
        let long = try CLI.run(["simulate", "\(Self.suite)/0002/_0002.yaml", "--petab"])
        #expect(long.stdout.hasPrefix("observableId,simulationConditionId,time,measurement\nobs_a,c0,0,"), "\(long.stdout)")
    }

    @Test func fitRunsOnAProblemFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["fit", "\(Self.suite)/0002/_0002.yaml", "--threads", "1", "--max-evals", "4000",
                             "--samples-per-stage", "500", "--output", dir + "/run", "--quiet"])
        #expect(r.status == 0 || r.status == 3, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/run/summary.json"))
        #expect(r.stdout.contains("fitting") || r.stdout.contains("log Z"), "\(r.stdout)")
    }

    /// A damaged table is an error at its line and column, in that table.
    @Test func errorsPointIntoTheTableAtFault() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = CLI.root + "/\(Self.suite)/0005"
        for file in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + file, toPath: dir + "/" + file)
        }
        let observables = dir + "/_observables.tsv"
        try "observableId\tobservableFormula\tnoiseFormula\nobs_a\tA + offst_A\t1\n".write(toFile: observables, atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", dir + "/_0005.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(observables):2:11: error: unknown symbol 'offst_A'; did you mean 'offset_A'?"), "\(r.stderr)")
        #expect(r.stderr.contains(" 2 | obs_a\tA + offst_A\t1\n"), "\(r.stderr)")

        try "observableId\tobservableFormula\tnoiseFormula\nobs_a\tA + offset_A\t1\n".write(toFile: observables, atomically: true, encoding: .utf8)
        try "parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\nk1\tlin\t0\t10\t0.8\t1\nk2\tlog10\t0\t10\t0.6\t1\n"
            .write(toFile: dir + "/_parameters.tsv", atomically: true, encoding: .utf8)
        let p = try CLI.run(["loglik", dir + "/_0005.yaml"])
        #expect(p.status == 1)
        #expect(p.stderr.hasPrefix("\(dir)/_parameters.tsv:3:10: error: lowerBound 0 on a log10 scale must be positive"), "\(p.stderr)")

        try "format_version: 3\n".write(toFile: dir + "/_0005.yaml", atomically: true, encoding: .utf8)
        let v = try CLI.run(["check", dir + "/_0005.yaml"])
        #expect(v.status == 1)
        #expect(v.stderr.hasPrefix("\(dir)/_0005.yaml:1:17: error: unsupported format_version '3': FlowFit reads PEtab 1 and 2"), "\(v.stderr)")
    }
}
