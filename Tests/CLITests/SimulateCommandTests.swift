import Foundation
import ModelDSL
import Testing

@Suite struct SimulateCommandTests {
    @Test func headerAndRowCount() throws {
        let r = try CLI.run(["simulate", CLI.modelPath("repressilator"), "--times", "0:40:0.5"])
        #expect(r.status == 0, "\(r.stderr)")
        let table = try NumericCSV(r.stdout)
        #expect(table.header == ["time", "m1", "m2", "m3", "p1", "p2", "p3", "total_protein"])
        #expect(table.rows.count == 81)
        #expect(try table.column("time").last == 40)
        // The values used are reported on stderr, stdout stays pure CSV.
        #expect(r.stderr.contains("a1=60 (nominal)"))
        #expect(!r.stdout.contains("#"))
    }

    /// At the nominal point the CLI's table is ModelSimulator's output (same
    /// solver and evaluator; numbers round-trip exactly through the CSV).
    @Test(arguments: CLI.shippedModels)
    func nominalValuesAgreeWithModelSimulator(_ name: String) throws {
        let r = try CLI.run(["simulate", CLI.modelPath(name), "--times", "0:30:1.5"])
        #expect(r.status == 0, "\(r.stderr)")
        let table = try NumericCSV(r.stdout)
        let loaded = try LoadedModel.load(path: CLI.root + "/" + CLI.modelPath(name))
        let model = loaded.model
        let nominal = try model.parameters.map { try #require($0.nominal, "\($0.name) has no nominal value") }
        let times = (0...20).map { Double($0) * 1.5 }
        let sim = try ModelSimulator(model: model).simulate(parameters: nominal, times: times).get()
        #expect(try table.column("time") == times)
        for (i, s) in model.species.enumerated() {
            let column = try table.column(s.name)
            for k in times.indices { #expect(close(column[k], sim.states[k][i], relative: 1e-12)) }
        }
        for (o, observable) in model.observables.enumerated() {
            let column = try table.column(observable.name)
            for k in times.indices { #expect(close(column[k], sim.observables[k][o], relative: 1e-12)) }
        }
    }

    /// x(t) = k·t for the linear model: an exact check of the whole path.
    @Test func linearModelMatchesClosedForm() throws {
        let r = try CLI.run(["simulate", CLI.modelPath("linear_gaussian"), "--param", "k=1.5", "--times", "1,2,5,10"])
        #expect(r.status == 0, "\(r.stderr)")
        let table = try NumericCSV(r.stdout)
        for (t, x) in zip(try table.column("time"), try table.column("x")) {
            #expect(abs(x - 1.5 * t) <= 1e-9 * t)
        }
        #expect(r.stderr.contains("k=1.5 (given)"))
    }

    @Test func dataTimesAreTheDefault() throws {
        let r = try CLI.run(["simulate", CLI.modelPath("lotka_volterra")])
        #expect(r.status == 0, "\(r.stderr)")
        let table = try NumericCSV(r.stdout)
        let data = try #require(try LoadedModel.load(path: CLI.root + "/" + CLI.modelPath("lotka_volterra")).data)
        #expect(try table.column("time") == data.times)
    }

    @Test func noTimesAndNoDataIsAnError() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/decay.model"
        try "model decay\nx = 1\nx' = -k*x\nprior k ~ LogUniform(0.1, 10)\nobserve y = x ~ Normal(0.1)\nend\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["simulate", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no output times"))
        // Without a nominal value the prior median is used: sqrt(0.1·10) = 1.
        let ok = try CLI.run(["simulate", path, "--times", "1"])
        #expect(ok.status == 0)
        let median = try #require(ok.stderr.components(separatedBy: "k=").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(abs(median - 1) < 1e-12)
        #expect(ok.stderr.contains("(prior median)"))
        let row = try NumericCSV(ok.stdout).rows[0]
        #expect(abs(row[1] - exp(-median)) < 1e-6)
    }

    @Test func unknownParameterSuggestsAName() throws {
        let r = try CLI.run(["simulate", CLI.modelPath("repressilator"), "--param", "alpha1=3", "--times", "0:1:1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown parameter 'alpha1'"))
        let species = try CLI.run(["simulate", CLI.modelPath("linear_gaussian"), "--param", "x=1", "--times", "1"])
        #expect(species.status == 2)
        #expect(species.stderr.contains("'x' is a species"))
    }

    @Test func noiseIsDeterministicPerSeedAndDiffersAcrossSeeds() throws {
        let base = ["simulate", CLI.modelPath("goodwin"), "--times", "5:150:5", "--petab"]
        let a = try CLI.run(base + ["--noise-seed", "7"])
        let b = try CLI.run(base + ["--noise-seed", "7"])
        let c = try CLI.run(base + ["--noise-seed", "8"])
        #expect(a.status == 0 && b.status == 0 && c.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
        let rows = try PEtabRows(a.stdout)
        #expect(rows.observable.count == 60)
        #expect(Array(rows.observable[0..<30]) == Array(repeating: "mrna", count: 30))
        #expect(Array(rows.observable[30...]) == Array(repeating: "repressor", count: 30))
    }

    /// Normal noise: (y − k·t)/σ are independent standard normals.
    @Test func normalNoiseHasTheModelsSD() throws {
        let r = try CLI.run(["simulate", CLI.modelPath("linear_gaussian"), "--times", "0.01:20:0.01", "--noise-seed", "5", "--petab"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try PEtabRows(r.stdout)
        let z = zip(rows.time, rows.value).map { (t, y) in (y - 1.2 * t) / 0.2 }
        #expect(z.count == 2000)
        let (mean, sd) = moments(z)
        // Standard errors: 1/√2000 ≈ 0.022 for the mean, ≈ 0.016 for the sd; 4σ bounds.
        #expect(abs(mean) < 0.09)
        #expect(abs(sd - 1) < 0.064)
    }

    /// LogNormal noise: log(y/μ)/σ are standard normals.
    @Test func logNormalNoiseIsMultiplicative() throws {
        let times = "0.01:10:0.01"
        let clean = try NumericCSV(try CLI.run(["simulate", CLI.modelPath("lotka_volterra"), "--times", times]).stdout)
        let noisy = try NumericCSV(try CLI.run(["simulate", CLI.modelPath("lotka_volterra"), "--times", times, "--noise-seed", "9"]).stdout)
        // Species stay noise-free; observables get the noise.
        #expect(try clean.column("x") == noisy.column("x"))
        let z = zip(try noisy.column("prey"), try clean.column("prey")).map { log($0 / $1) / 0.1 }
        #expect(z.count == 1000)
        let (mean, sd) = moments(z)
        #expect(abs(mean) < 0.13)
        #expect(abs(sd - 1) < 0.09)
    }

    /// The shipped synthetic data sets are what models/generate_data.sh makes:
    /// each of its `generate NAME TIMES SEED` lines is rerun and compared line
    /// by line — identifiers and times exactly, measurements to 1e-9 relative.
    /// (Not byte for byte: the values are printed with all 17 digits, and a
    /// compiler rewrite that reassociates a rate law, such as gathering
    /// `β·S·I/N` into `S·I·(β/N)`, moves the last bits of a solve.)
    @Test func shippedDataIsReproducible() throws {
        let script = try String(contentsOfFile: CLI.root + "/models/generate_data.sh", encoding: .utf8)
        let calls = script.split(separator: "\n").filter { $0.hasPrefix("generate ") }
            .map { $0.split(separator: "#")[0].split(separator: " ").map(String.init) }
        #expect(Set(calls.map { $0[1] }) == ["linear_gaussian", "lotka_volterra", "goodwin", "sir"])
        for call in calls {
            try #require(call.count == 4, "\(call)")
            let (name, times, seed) = (call[1], call[2], call[3])
            let r = try CLI.run(["simulate", CLI.modelPath(name), "--times", times, "--noise-seed", seed, "--petab"])
            #expect(r.status == 0, "\(r.stderr)")
            let shipped = try String(contentsOfFile: CLI.root + "/models/\(name).csv", encoding: .utf8)
            let made = r.stdout.split(separator: "\n"), kept = shipped.split(separator: "\n")
            #expect(made.count == kept.count, "models/\(name).csv: \(kept.count) lines, generate_data.sh makes \(made.count)")
            for (m, k) in zip(made, kept) {
                let mf = m.split(separator: ",", omittingEmptySubsequences: false)
                let kf = k.split(separator: ",", omittingEmptySubsequences: false)
                guard mf.count == kf.count, mf.count >= 3, mf.dropLast() == kf.dropLast(),
                      let x = Double(mf.last!), let y = Double(kf.last!) else {
                    #expect(m == k, "models/\(name).csv differs from what generate_data.sh makes")
                    continue
                }
                #expect(close(x, y, relative: 1e-9), "models/\(name).csv: \(k) vs made \(m)")
            }
        }
    }
}

func close(_ a: Double, _ b: Double, relative: Double) -> Bool {
    a == b || abs(a - b) <= relative * max(abs(a), abs(b))
}

func moments(_ x: [Double]) -> (mean: Double, sd: Double) {
    let mean = x.reduce(0, +) / Double(x.count)
    let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)
    return (mean, variance.squareRoot())
}
