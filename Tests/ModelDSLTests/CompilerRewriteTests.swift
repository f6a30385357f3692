import Foundation
import Testing
@testable import ModelDSL

/// The two rewrites that make a right-hand side cheaper without changing what
/// it computes: gathering a product's parameter factors into one hoisted
/// factor (``ParameterHoisting/reassociatedProduct(_:negated:)``) and fusing a
/// product into the sum or difference that reads it (``BytecodeOptions/fuseProducts``).
@Suite struct CompilerRewriteTests {
    let x = Expr.species(0), y = Expr.species(1)
    let k = Expr.parameter(0), tau = Expr.parameter(1)

    static func contains(_ e: Expr, _ sub: Expr) -> Bool {
        if e == sub { return true }
        switch e {
        case .negate(let x): return contains(x, sub)
        case .binary(_, let x, let y): return contains(x, sub) || contains(y, sub)
        case .call(_, let args): return args.contains { contains($0, sub) }
        default: return false
        }
    }

    @Test func parameterFactorsOfAProductAreGathered() {
        var h = ParameterHoisting(parameterCount: 2, assignments: [])
        // x·k/τ → x·H, H = k/τ: one multiplication instead of a multiplication and a division.
        #expect(h.rewrite(.binary(.divide, .binary(.multiply, x, k), tau)) == .binary(.multiply, x, .parameter(2)))
        #expect(h.hoisted == [.binary(.divide, k, tau)])
        // k/τ·x gathers to the same factor k/τ, so it shares H.
        #expect(h.rewrite(.binary(.multiply, .binary(.divide, k, tau), x)) == .binary(.multiply, x, .parameter(2)))
        // (x/τ)/y·k → (x·H)/y with the same H.
        #expect(h.rewrite(.binary(.multiply, .binary(.divide, .binary(.divide, x, tau), y), k))
                == .binary(.divide, .binary(.multiply, x, .parameter(2)), y))
        #expect(h.hoisted.count == 1)
        // x/τ → x·(1/τ).
        #expect(h.rewrite(.binary(.divide, x, tau)) == .binary(.multiply, x, .parameter(3)))
        #expect(h.hoisted.last == .binary(.divide, .number(1), tau))
        // −(x·k) → x·(−k): the sign goes into the hoisted factor.
        #expect(h.rewrite(.negate(.binary(.multiply, x, k))) == .binary(.multiply, x, .parameter(4)))
        #expect(h.hoisted.last == .negate(k))
    }

    @Test func productsThatGainNothingAreLeftAlone() {
        var h = ParameterHoisting(parameterCount: 2, assignments: [])
        for e: Expr in [
            .binary(.multiply, x, k),                 // one parameter factor already
            .binary(.divide, k, x),                   // the parameter is a numerator, x must divide anyway
            .binary(.multiply, x, y),                 // no parameter
            .binary(.divide, .binary(.multiply, x, .number(2)), .number(3)),  // numbers only: constant folding's job
        ] {
            #expect(h.rewrite(e) == e)
        }
        #expect(h.hoisted.isEmpty)
    }

    /// On random expression sets (seeded), every output rewritten with its
    /// hoisted factors evaluates to the original value within 1e-12 relative
    /// (a few roundings move), and rewriting happens (the test is not vacuous).
    @Test func hoistedProductsKeepTheirValues() throws {
        var gathered = 0
        for seed in UInt64(1)...80 {
            let c = try CompilerEvaluatorTests.randomCase(seed: seed, outputs: 6, depth: 5)
            var h = ParameterHoisting(parameterCount: c.set.parameterCount, assignments: c.set.assignments)
            let rewritten = c.set.outputs.map { h.rewrite($0) }
            // A gathered factor is new: no subexpression of the original reads so.
            gathered += h.hoisted.filter { f in !c.set.outputs.contains { Self.contains($0, f) } }.count
            for l in 0..<CompilerEvaluatorTests.lanes {
                let n = CompilerEvaluatorTests.lanes
                let parameters = (0..<c.set.parameterCount).map { c.parameters[$0 * n + l] }
                var original = ReferenceEvaluator(
                    time: c.time[l], species: (0..<c.set.speciesCount).map { c.species[$0 * n + l] },
                    parameters: parameters, constants: c.set.constants, assignments: c.set.assignments)
                var extended = original
                extended.parameters += h.hoisted.map { original.value($0) }
                for (e, r) in zip(c.set.outputs, rewritten) {
                    original.largest = 0
                    let expected = original.value(e)
                    let got = extended.value(r)
                    if expected.isFinite {
                        let scale = Swift.max(Swift.abs(expected), original.largest * 1e-3, 1e-300)
                        #expect(Swift.abs(got - expected) <= 1e-12 * scale, "seed \(seed) lane \(l): \(got) vs \(expected)")
                    } else {
                        #expect(!got.isFinite, "seed \(seed) lane \(l): \(got) vs \(expected)")
                    }
                }
            }
        }
        #expect(gathered > 20, "only \(gathered) products were gathered: the random sets do not exercise the rewrite")
    }

    /// Fused products give the unfused program's values bit for bit (two
    /// roundings, no FMA), on 5 lanes (one SIMD block and one scalar lane),
    /// over the ordinary and the extended random cases.
    @Test func fusedProductsAreTheUnfusedValuesBitForBit() throws {
        var unfusedOptions = BytecodeOptions.optimised
        unfusedOptions.fuseProducts = false
        var fusedInstructions = 0
        let cases = try (UInt64(1)...60).map { try CompilerEvaluatorTests.randomCase(seed: $0, outputs: 6, depth: 5) }
            + (UInt64(200)...240).map { try CompilerEvaluatorTests.randomCase(seed: $0, outputs: 6, depth: 4, extended: true) }
        for (index, c) in cases.enumerated() {
            var fused = BytecodeEvaluator(c.set), unfused = BytecodeEvaluator(c.set, options: unfusedOptions)
            let fusedCount = fused.program.instructions.filter { $0.op.operandCount == 3 && $0.op != .select }.count
            fusedInstructions += fusedCount
            #expect(fused.program.instructions.count + fusedCount == unfused.program.instructions.count)
            let a = CompilerEvaluatorTests.run(&fused, c), b = CompilerEvaluatorTests.run(&unfused, c)
            for i in a.indices {
                #expect(a[i].bitPattern == b[i].bitPattern || (a[i].isNaN && b[i].isNaN), "case \(index) value \(i): \(a[i]) vs \(b[i])")
            }
        }
        #expect(fusedInstructions > 50, "only \(fusedInstructions) fused instructions: the cases do not exercise fusion")
    }

    @Test func eachFusedFormComputesItsOperation() throws {
        // c + a·b, c − b·b, a·c − b, and a product that is an output (not fused).
        // (Products must differ: a·b and b·a are one shared node, read twice.)
        let a = Expr.species(0), b = Expr.species(1), c = Expr.species(2)
        let outputs: [Expr] = [
            .binary(.add, c, .binary(.multiply, a, b)),
            .binary(.subtract, c, .binary(.multiply, b, b)),
            .binary(.subtract, .binary(.multiply, a, c), b),
            .binary(.multiply, b, c),
            .binary(.add, .binary(.multiply, b, c), a),  // reads the output b·c: not fusable
        ]
        let set = try ExpressionSet(outputs: outputs, speciesCount: 3, parameterCount: 0, constants: [], assignments: [])
        var evaluator = BytecodeEvaluator(set)
        let ops = evaluator.program.instructions.map(\.op)
        #expect(ops.filter { $0 == .multiplyAdd }.count == 1)
        #expect(ops.filter { $0 == .subtractProduct }.count == 1)
        #expect(ops.filter { $0 == .multiplySubtract }.count == 1)
        #expect(ops.filter { $0 == .multiply }.count == 1)
        let s: [Double] = [3, 5, 7]
        var out = [Double](repeating: .nan, count: outputs.count)
        let t = 0.0
        withUnsafePointer(to: t) { tp in
            s.withUnsafeBufferPointer { sb in
                out.withUnsafeMutableBufferPointer { ob in
                    evaluator.evaluate(LaneInputs(time: tp, species: sb.baseAddress!, parameters: tp, laneCount: 1),
                                       into: ob.baseAddress!)
                }
            }
        }
        let expected: [Double] = [22, -18, 16, 35, 38]  // 7 + 3·5, 7 − 5·5, 3·7 − 5, 5·7, 5·7 + 3
        #expect(out == expected)
    }
}
