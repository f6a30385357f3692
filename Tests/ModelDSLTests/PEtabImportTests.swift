import Foundation
import Testing
@testable import ModelDSL

/// The PEtab importer's mapping and refusals, on small problems written into
/// a temporary directory around the SBML model of test-suite case 0001
/// (A ⇌ B with parameters a0, b0, k1, k2).
@Suite struct PEtabImportTests {
    static let sbml = PEtabTestCase.root + "/v1.0.0/0001/_model.xml"

    struct Problem {
        var parameters = "parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\nk1\tlin\t0\t10\t0.8\t1\nk2\tlin\t0\t10\t0.6\t1\n"
        var observables = "observableId\tobservableFormula\tnoiseFormula\nobs_a\tA\t0.5\n"
        var conditions = "conditionId\nc0\n"
        var measurements = "observableId\tsimulationConditionId\ttime\tmeasurement\nobs_a\tc0\t1\t0.7\n"
        var yaml = """
            format_version: 1
            parameter_file: parameters.tsv
            problems:
            - condition_files:
              - conditions.tsv
              measurement_files: [measurements.tsv]
              observable_files:
                - observables.tsv   # indented list
              sbml_files:
              - 'model.xml'
            """

        /// Writes the problem; returns the path of problem.yaml.
        func write(into directory: String) throws -> String {
            try FileManager.default.copyItem(atPath: PEtabImportTests.sbml, toPath: directory + "/model.xml")
            for (name, text) in [("parameters.tsv", parameters), ("observables.tsv", observables),
                                 ("conditions.tsv", conditions), ("measurements.tsv", measurements), ("problem.yaml", yaml)] {
                try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            }
            return directory + "/problem.yaml"
        }

        func load() throws -> LoadedModel {
            let directory = try Frontend.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            return try LoadedModel.load(path: try write(into: directory))
        }

        /// The first error loading it gives, with the file's name (not its directory).
        func firstError() -> (file: String, line: Int, column: Int, message: String)? {
            do {
                _ = try load()
                return nil
            } catch let error as ModelErrors {
                guard let d = error.diagnostics.first else { return nil }
                return ((d.file as NSString).lastPathComponent, d.line, d.column, d.message)
            } catch {
                return ("?", 0, 0, "\(error)")
            }
        }
    }

    @Test func parametersBecomePriorsAndValues() throws {
        var problem = Problem()
        problem.parameters = """
            parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\tobjectivePriorType\tobjectivePriorParameters
            k1\tlog10\t0.01\t100\t0.8\t1\t\t
            k2\tlog\t0.01\t100\t0.6\t1\tparameterScaleNormal\t-1;0.5
            a0\tlog10\t0.01\t100\t1\t1\tparameterScaleNormal\t0;0.5
            b0\tlin\t-1\t1\t0\t0\t\t
            offset\tlin\t-2\t2\t0.1\t1\tnormal\t0;1
            """
        problem.observables = "observableId\tobservableFormula\tnoiseFormula\nobs_a\tA + offset\t0.5\n"
        let loaded = try problem.load()
        let priors = Dictionary(uniqueKeysWithValues: loaded.model.parameters.map { ($0.name, $0.prior) })
        #expect(priors["k1"] == PriorSpec(kind: .logUniform, first: 0.01, second: 100))
        #expect(priors["k2"] == PriorSpec(kind: .logNormal, first: -1, second: 0.5, truncation: 0.01...100))
        let a0 = try #require(priors["a0"])
        #expect(a0.kind == .logNormal && a0.truncation == 0.01...100)
        // log10 x ~ N(0, 0.5) is ln x ~ N(0, 0.5·ln 10): the same density of x.
        for x in [0.05, 0.9, 3.0] {
            let viaLog10 = -0.5 * log(2 * .pi) - log(0.5) - 0.5 * pow(log10(x) / 0.5, 2) - log(x * log(10))
            let viaSpec = -0.5 * log(2 * .pi) - log(a0.second) - 0.5 * pow((log(x) - a0.first) / a0.second, 2) - log(x)
            #expect(abs(viaLog10 - viaSpec) < 1e-12)
        }
        #expect(priors["offset"] == PriorSpec(kind: .normal, first: 0, second: 1, truncation: -2...2))
        #expect(priors["b0"] == nil)
        #expect(loaded.model.constants.first { $0.name == "b0" }?.value == 0)
        #expect(loaded.model.parameters.first { $0.name == "k2" }?.nominal == 0.6)
        // The printed model reads back to the same model.
        let text = loaded.ast.canonicalText
        #expect(text.contains("prior offset ~ Normal(0, 1) in [-2, 2]\n"))
        let again = try Frontend.check(text)
        #expect(again.parameters == loaded.model.parameters)
    }

    /// An SBML value computed from an estimated parameter becomes an assignment rule.
    @Test func valuesOfEstimatedParametersBecomeRules() throws {
        var problem = Problem()
        problem.parameters += "a0\tlin\t0\t10\t1\t1\n"
        let loaded = try problem.load()
        // A = a0 in the SBML model: an initial value may use a parameter, it stays.
        #expect(loaded.model.species.first { $0.name == "A" }?.initialValue == .parameter(2))
        #expect(loaded.model.assignments.isEmpty)
    }

    @Test func conditionsAndPlaceholders() throws {
        var problem = Problem()
        problem.conditions = "conditionId\tconditionName\tk1\tB\nc0\tcontrol\t0.8\tNaN\nc1\ttreated\t2*k2\t\n"
        problem.parameters = "parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\nk2\tlin\t0\t10\t0.6\t1\nsd\tlog10\t0.01\t1\t0.1\t1\n"
        problem.observables = """
            observableId\tobservableFormula\tnoiseFormula\tobservableTransformation\tnoiseDistribution
            obs_a\tobservableParameter2_obs_a + observableParameter1_obs_a * A\tnoiseParameter1_obs_a\tlog10\tlaplace
            """
        problem.measurements = "observableId\tsimulationConditionId\ttime\tmeasurement\tobservableParameters\tnoiseParameters\nobs_a\tc1\t1\t0.7\t2;0.1\tsd\n"
        let loaded = try problem.load()
        #expect(loaded.model.conditions.map { loaded.model.describe($0) } == ["condition c0 { k1 = 0.8 }", "condition c1 { k1 = 2*k2 }"])
        let o = try #require(loaded.model.observables.first)
        #expect(o.observableParameters == ["observableParameter1_obs_a", "observableParameter2_obs_a"])
        #expect(o.noiseParameters == ["noiseParameter1_obs_a"])
        #expect(loaded.ast.observables[0].noise.name == "Log10Laplace")
        #expect(loaded.data?.measurements.first?.noiseParameters == [.parameter(1)])
    }

    @Test(arguments: [
        // (what to change, file, line, column, message start); columns count characters, a tab is one,
        // and point at the offending cell (or, in problem.yaml, at the list item's text).
        ("laplace prior", "parameters.tsv", 2, 19, "objectivePriorType 'laplace' is not supported (FlowFit has no Laplace prior)"),
        ("bad scale", "parameters.tsv", 2, 4, "parameterScale 'ln' must be lin, log or log10"),
        ("species parameter", "parameters.tsv", 4, 1, "parameterId 'A' is a species of the model"),
        ("duplicate parameter", "parameters.tsv", 4, 1, "duplicate parameterId 'k1' (first at line 2)"),
        ("infinite bound", "parameters.tsv", 2, 8, "estimated parameter with an infinite bound and no objectivePriorType"),
        ("gap", "observables.tsv", 2, 7, "placeholder 'observableParameter2_obs_a' of observable 'obs_a': observableParameters must be numbered 1, 2, … without gaps"),
        ("formula", "observables.tsv", 2, 12, "expected an expression, found ')'"),
        ("transformation", "observables.tsv", 2, 9, "observableTransformation 'log2' must be lin, log or log10"),
        ("condition target", "conditions.tsv", 1, 13, "unknown symbol 'kk1'; did you mean 'k1'?"),
        ("estimated condition target", "conditions.tsv", 1, 13, "'k1' has a prior, so condition 'c0' cannot set it"),
        ("unknown condition", "measurements.tsv", 2, 7, "unknown simulationConditionId 'c9'; did you mean 'c0'?"),
        ("two sbml files", "problem.yaml", 11, 5, "'sbml_files' lists 2 files; FlowFit reads one"),
        ("missing file", "problem.yaml", 8, 7, "cannot read the observable table"),
        ("yaml indentation", "problem.yaml", 6, 5, "unexpected indentation"),
        ("version 3", "problem.yaml", 1, 17, "unsupported format_version '3'"),
        ("version 2 keys in a version 1 file", "problem.yaml", 1, 1, "missing 'parameter_files'"),
    ])
    func refusedWithALocatedError(_ change: String, _ file: String, _ line: Int, _ column: Int, _ message: String) {
        var p = Problem()
        let header = "parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\tobjectivePriorType\tobjectivePriorParameters\n"
        switch change {
        case "laplace prior": p.parameters = header + "k1\tlin\t0\t10\t0.8\t1\tlaplace\t0;1\nk2\tlin\t0\t10\t0.6\t1\t\t\n"
        case "bad scale": p.parameters = "parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\nk1\tln\t0\t10\t0.8\t1\n"
        case "species parameter": p.parameters += "A\tlin\t0\t10\t1\t1\n"
        case "duplicate parameter": p.parameters += "k1\tlin\t0\t10\t1\t1\n"
        case "infinite bound": p.parameters = "parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\nk1\tlin\t-inf\t10\t0.8\t1\n"
        case "gap": p.observables = "observableId\tobservableFormula\tnoiseFormula\nobs_a\tobservableParameter2_obs_a*A\t1\n"
        case "formula": p.observables = "observableId\tobservableFormula\tnoiseFormula\nobs_a\t(A + )\t1\n"
        case "transformation": p.observables = "observableId\tobservableFormula\tobservableTransformation\tnoiseFormula\nobs_a\tA\tlog2\t1\n"
        case "condition target": p.conditions = "conditionId\tkk1\nc0\t1\n"
        case "estimated condition target": p.conditions = "conditionId\tk1\nc0\t1\n"
        case "unknown condition": p.measurements = "observableId\tsimulationConditionId\ttime\tmeasurement\nobs_a\tc9\t1\t0.7\n"
        case "two sbml files": p.yaml += "\n  - other.xml"
        case "missing file": p.yaml = p.yaml.replacingOccurrences(of: "- observables.tsv", with: "- nothing.tsv")
        case "yaml indentation": p.yaml = p.yaml.replacingOccurrences(of: "  measurement_files", with: "    measurement_files")
        case "version 3": p.yaml = p.yaml.replacingOccurrences(of: "format_version: 1", with: "format_version: 3")
        case "version 2 keys in a version 1 file":
            p.yaml = p.yaml.replacingOccurrences(of: "format_version: 1", with: "format_version: 2.0.0")
        default: Issue.record("no such change \(change)")
        }
        guard let e = p.firstError() else {
            Issue.record("\(change): accepted")
            return
        }
        #expect(e.file == file, "\(change): \(e)")
        #expect(e.line == line && e.column == column, "\(change): \(e.line):\(e.column) \(e.message)")
        #expect(e.message.hasPrefix(message), "\(change): \(e.message)")
    }

    @Test func yamlSubset() {
        let source = ModelSource(path: "p.yaml", text: """
            # a comment
            a: 1   # trailing comment
            b: 'quoted # not a comment'
            c: [x, 'y z', 3]
            d:
              - e: 1
                f:
                - g
              -
                h
            i:
            - j
            """)
        let (root, diagnostics) = YAMLReader.read(source)
        #expect(!diagnostics.hasErrors, "\(diagnostics.errors)")
        guard case .mapping(let top, _)? = root else { Issue.record("not a mapping"); return }
        #expect(top.map(\.key) == ["a", "b", "c", "d", "i"])
        if case .scalar(let b, _) = top[1].value { #expect(b == "quoted # not a comment") } else { Issue.record("b") }
        if case .sequence(let c, _) = top[2].value {
            #expect(c.compactMap { if case .scalar(let s, _) = $0 { return s } else { return nil } } == ["x", "y z", "3"])
        } else { Issue.record("c") }
        if case .sequence(let d, _) = top[3].value, d.count == 2, case .mapping(let first, _) = d[0] {
            #expect(first.map(\.key) == ["e", "f"])
            if case .scalar(let h, _) = d[1] { #expect(h == "h") } else { Issue.record("h") }
        } else { Issue.record("d") }
        if case .sequence(let i, _) = top[4].value { #expect(i.count == 1) } else { Issue.record("i") }
        for (bad, line, column) in [("a: 1\n  b: 2\n", 2, 3), ("a: 'x\n", 1, 4), ("a: &anchor 1\n", 1, 4), ("- a\nb: 1\n", 2, 1),
                                    ("a: 1\na: 2\n", 2, 1), ("a:\n\t- b\n", 2, 1)] {
            let (node, d) = YAMLReader.read(ModelSource(path: "bad.yaml", text: bad))
            #expect(node == nil || d.hasErrors, "\(bad.debugDescription)")
            #expect(d.errors.first?.line == line && d.errors.first?.column == column, "\(bad.debugDescription): \(d.errors)")
        }
    }
}
