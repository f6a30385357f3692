import Foundation
import ODE
import Testing
@testable import ModelDSL

/// The compiled symbolic Jacobian against central differences of the
/// compiled right-hand side, and the derivative rules against numbers.
@Suite struct JacobianTests {
    static let modelsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../models").standardizedFileURL

    /// Every `.model` file under models/, subdirectories included.
    static let shippedModels: [String] = {
        let root = modelsDirectory.path
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".model") }.sorted()
    }()

    static func load(_ file: String) throws -> CheckedModel {
        let path = modelsDirectory.appendingPathComponent(file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try LoadedModel.load(source: ModelSource(path: path, text: text), readData: false).model
    }

    /// `J` and `∂f/∂t` of `model` (compiled for `lanes` lanes, problems bound
    /// from `parameters`) at `(t, y)`, next to central differences of its
    /// `evaluate` with steps `1e-6·max(|y_j|, 1e-3)`.
    static func compare(_ model: CheckedModel, parameters: [[Double]], time: [Double], states: [[Double]],
                        kind: EvaluatorKind = .bytecode) throws
        -> (exact: [Double], numeric: [Double], exactT: [Double], numericT: [Double], calls: Int) {
        let lanes = parameters.count, n = model.species.count
        var compiled = try CompiledModel(model: model, kind: kind, laneCount: lanes)
        let table = parameters.flatMap { $0 }
        table.withUnsafeBufferPointer { compiled.setProblems($0) }
        var scratch = [Double](repeating: 0, count: n)
        for l in 0..<lanes { scratch.withUnsafeMutableBufferPointer { compiled.load(problem: l, lane: l, initialState: $0.baseAddress!) } }
        var y = [Double](repeating: 0, count: n * lanes)
        for l in 0..<lanes { for i in 0..<n { y[i * lanes + l] = states[l][i] } }
        var t = time
        func f(_ t: [Double], _ y: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: n * lanes)
            compiled.evaluate(t: t, y: y, dydt: &out, laneCount: lanes)
            return out
        }
        let f0 = f(t, y)
        var exact = [Double](repeating: 0, count: n * n * lanes), exactT = [Double](repeating: 0, count: n * lanes)
        let calls = compiled.evaluateJacobian(t: &t, y: &y, dydt: f0, jacobian: &exact, timeDerivative: &exactT,
                                              laneCount: lanes)
        // What a stiff step asks for: f, J and ∂f/∂t from the joint program, the
        // same values bit for bit as from the two separate ones.
        var jointF = [Double](repeating: .nan, count: n * lanes), jointJ = exact.map { _ in Double.nan }
        var jointT = exactT.map { _ in Double.nan }
        let jointCalls = compiled.evaluateWithJacobian(t: &t, y: &y, dydt: &jointF, jacobian: &jointJ,
                                                       timeDerivative: &jointT, laneCount: lanes)
        func same(_ a: [Double], _ b: [Double]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
        }
        #expect(jointCalls == calls)
        #expect(same(jointF, f0) && same(jointJ, exact) && same(jointT, exactT), "evaluateWithJacobian differs")
        var numeric = exact.map { _ in 0.0 }, numericT = exactT.map { _ in 0.0 }
        for j in 0..<n {
            var up = y, down = y, step = [Double](repeating: 0, count: lanes)
            for l in 0..<lanes {
                step[l] = 1e-6 * max(abs(y[j * lanes + l]), 1e-3)
                up[j * lanes + l] += step[l]
                down[j * lanes + l] -= step[l]
            }
            let fu = f(t, up), fd = f(t, down)
            for i in 0..<n { for l in 0..<lanes {
                numeric[(i * n + j) * lanes + l] = (fu[i * lanes + l] - fd[i * lanes + l]) / (2 * step[l])
            } }
        }
        let dt = t.map { 1e-6 * max(abs($0), 1e-3) }
        let fu = f(zip(t, dt).map(+), y), fd = f(zip(t, dt).map(-), y)
        for i in 0..<n { for l in 0..<lanes { numericT[i * lanes + l] = (fu[i * lanes + l] - fd[i * lanes + l]) / (2 * dt[l]) } }
        return (exact, numeric, exactT, numericT, calls)
    }

    /// Agreement within `1e-5` of the largest entry of the row (central
    /// differences are accurate to ~1e-9 relative here; a wrong derivative
    /// rule is off by O(1)).
    static func expectAgreement(_ r: (exact: [Double], numeric: [Double], exactT: [Double], numericT: [Double], calls: Int),
                                n: Int, lanes: Int, _ label: String) {
        for l in 0..<lanes {
            for i in 0..<n {
                var scale = 1e-12
                for j in 0..<n { scale = max(scale, abs(r.numeric[(i * n + j) * lanes + l])) }
                for j in 0..<n {
                    let a = r.exact[(i * n + j) * lanes + l], b = r.numeric[(i * n + j) * lanes + l]
                    #expect(abs(a - b) <= 1e-5 * scale, "\(label) lane \(l): ∂f\(i)/∂y\(j) = \(a), numerically \(b)")
                }
                let a = r.exactT[i * lanes + l], b = r.numericT[i * lanes + l]
                #expect(abs(a - b) <= 1e-5 * max(scale, abs(b)), "\(label) lane \(l): ∂f\(i)/∂t = \(a), numerically \(b)")
            }
        }
    }

    @Test func everyShippedModelIsFound() {
        #expect(Self.shippedModels.count >= 6, "\(Self.shippedModels)")
        #expect(Self.shippedModels.contains("benchmarks/elowitz.model"))
    }

    /// Every shipped model, at its nominal parameters (±20% per lane) and
    /// random positive states, with every evaluator kind: the symbolic
    /// Jacobian agrees with central differences, and needs no numerical column.
    @Test(arguments: shippedModels)
    func symbolicJacobianMatchesFiniteDifferences(file: String) throws {
        let model = try Self.load(file)
        let n = model.species.count, lanes = 3
        var rng = TestRandom(seed: 7)
        let nominal = model.parameters.map { $0.nominal ?? 1 }
        let parameters = (0..<lanes).map { _ in nominal.map { $0 * rng.uniform(0.8, 1.2) } }
        let states = (0..<lanes).map { _ in (0..<n).map { _ in rng.uniform(0.1, 5) } }
        let time = (0..<lanes).map { _ in rng.uniform(0, 10) }
        let structure = try SymbolicJacobian(model: model)
        #expect(structure.finiteDifferenceColumns.isEmpty && !structure.finiteDifferenceTime)
        for kind in EvaluatorKind.allCases {
            let r = try Self.compare(model, parameters: parameters, time: time, states: states, kind: kind)
            #expect(r.calls == 0)
            Self.expectAgreement(r, n: n, lanes: lanes, "\(file) \(kind)")
        }
    }

    /// A node without a derivative rule (`factorial`) sends its column to
    /// finite differences; `abs`, `min` and `piecewise` are differentiated
    /// piecewise, and `time` in a rate gives a symbolic `∂f/∂t`; the
    /// assembled Jacobian is right either way.
    @Test func undifferentiableColumnsFallBackToFiniteDifferences() throws {
        let model = try Frontend.check("""
            model mixed
            x = 1; y = 2; z = 0.5
            k = 0.7; h = 2
            w := x*y + exp(-time/5)
            r1: x -> y; k*w*x + abs(x - 3) + 0.01*factorial(x)
            r2: y -> ; mm(y, 2, 0.5) + min(z, 1)*y^2 + piecewise(sin(y), y > 1, cos(z)*y)
            z' = hill(x, 1.5, 0.8, h) - log10(z + 1)*sqrt(y) + pow(y, z) + time^2
            prior k ~ LogUniform(0.1, 10)
            prior h ~ Uniform(1, 4)
            end
            """)
        let structure = try SymbolicJacobian(model: model)
        #expect(structure.finiteDifferenceColumns == [0], "factorial in x's column")
        #expect(!structure.finiteDifferenceTime && !structure.timeRows.isEmpty)
        let r = try Self.compare(model, parameters: [[0.7, 2], [1.3, 3.2]], time: [0.5, 3],
                                 states: [[1.2, 2.1, 0.4], [4.1, 0.7, 1.9]])
        #expect(r.calls == 1, "one evaluation per numerical column")
        // Forward differences in one column: accurate to ~1e-7 of the row scale.
        for l in 0..<2 {
            for i in 0..<3 {
                let scale = (0..<3).map { abs(r.numeric[(i * 3 + $0) * 2 + l]) }.max()!
                for j in 0..<3 {
                    let a = r.exact[(i * 3 + j) * 2 + l], b = r.numeric[(i * 3 + j) * 2 + l]
                    #expect(abs(a - b) <= 1e-5 * max(scale, 1), "lane \(l) ∂f\(i)/∂y\(j): \(a) vs \(b)")
                }
                #expect(abs(r.exactT[i * 2 + l] - r.numericT[i * 2 + l]) <= 1e-6 * max(1, abs(r.numericT[i * 2 + l])))
            }
        }
    }

    /// The rules against numbers: `d/dx e` at x = 1.3 by central differences,
    /// for expressions covering every rule.
    @Test func derivativeRulesMatchNumbers() throws {
        let x = Expr.species(0), y = Expr.species(1)
        let cases: [Expr] = [
            .binary(.power, x, .number(3)), .binary(.power, x, .number(-1.5)), .binary(.power, .number(2), x),
            .binary(.power, x, x), .call(.pow, [y, x]), .binary(.divide, .call(.exp, [x]), .binary(.add, x, y)),
            .call(.log, [.binary(.multiply, x, y)]), .call(.log10, [x]), .call(.sqrt, [.binary(.multiply, x, x)]),
            .negate(.binary(.subtract, y, x)), .call(.hill, [x, .number(2), .number(0.7), .number(2.5)]),
            .call(.hillr, [y, .number(2), x, .number(3)]), .call(.mm, [x, y, .number(0.4)]),
            .call(.sin, [x]), .call(.cos, [.binary(.multiply, x, y)]), .call(.tan, [x]), .call(.asin, [.binary(.divide, x, .number(2))]),
            .call(.acos, [.binary(.divide, x, .number(2))]), .call(.atan, [x]), .call(.sinh, [x]), .call(.cosh, [x]),
            .call(.tanh, [x]), .call(.asinh, [x]), .call(.acosh, [x]), .call(.atanh, [.binary(.divide, x, .number(2))]),
            .call(.abs, [.binary(.subtract, y, x)]), .call(.min, [x, y]), .call(.max, [x, y]),
            .call(.piecewise, [.call(.exp, [x]), .call(.greaterThan, [x, .number(1)]), .binary(.multiply, x, x)]),
            .call(.piecewise, [.number(3), .call(.lessThan, [x, .number(1)]), .call(.log, [x])]),
            .binary(.multiply, .call(.floor, [x]), x), .call(.lessThan, [x, y]),
        ]
        func value(_ e: Expr, _ xv: Double) -> Double {
            let evaluator = TreeWalkEvaluator(try! ExpressionSet(outputs: [e], speciesCount: 2, parameterCount: 0, constants: []))
            let time = [0.0], species = [xv, 0.9], parameters = [0.0]
            return time.withUnsafeBufferPointer { t in
                species.withUnsafeBufferPointer { s in
                    parameters.withUnsafeBufferPointer { p in
                        evaluator.value(e, LaneInputs(time: t.baseAddress!, species: s.baseAddress!,
                                                      parameters: p.baseAddress!, laneCount: 1), 0)
                    }
                }
            }
        }
        for e in cases {
            let d = try #require(e.derivative(by: .species(0), assignment: { _ in nil }))
            let h = 1e-6
            let numeric = (value(e, 1.3 + h) - value(e, 1.3 - h)) / (2 * h)
            let symbolic = value(d, 1.3)
            #expect(abs(symbolic - numeric) <= 1e-7 * max(1, abs(numeric)), "\(e): \(symbolic) vs \(numeric)")
        }
    }

    /// Simplification: what does not depend on the variable differentiates to
    /// exactly 0, and `x^2` to `2·x` (no `pow`, no `log`).
    @Test func derivativesAreSimplified() {
        let x = Expr.species(0), k = Expr.parameter(0)
        #expect(Expr.binary(.multiply, k, .species(1)).derivative(by: .species(0), assignment: { _ in nil }) == .number(0))
        #expect(Expr.binary(.power, x, .number(2)).derivative(by: .species(0), assignment: { _ in nil })
                == .binary(.multiply, .number(2), x))
        #expect(Expr.binary(.multiply, k, x).derivative(by: .species(0), assignment: { _ in nil }) == k)
        #expect(Expr.call(.factorial, [x]).derivative(by: .species(0), assignment: { _ in nil }) == nil)
        #expect(Expr.call(.factorial, [k]).derivative(by: .species(0), assignment: { _ in nil }) == .number(0),
                "a node without a rule that does not depend on the variable is still 0")
    }
}
