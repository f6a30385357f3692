import Foundation
import Testing
@testable import ModelDSL

/// Every evaluator against the test's own recursive scalar evaluation, on
/// random expression sets (seeded), several lanes with different inputs.
@Suite struct CompilerEvaluatorTests {
    static let lanes = 5
    static let speciesCount = 3, parameterCount = 4

    struct Case {
        var set: ExpressionSet
        var time: [Double]
        var species: [Double]   // SoA
        var parameters: [Double]  // SoA
    }

    static func randomCase(seed: UInt64, outputs: Int, depth: Int, extended: Bool = false) throws -> Case {
        var gen = RandomExprGenerator(rng: TestRandom(seed: seed), speciesCount: speciesCount, parameterCount: parameterCount, constantCount: 2)
        let constants = [gen.rng.uniform(0.5, 2), gen.rng.uniform(-2, 2)]
        var assignments: [Expr] = []
        for _ in 0..<3 {
            assignments.append(gen.any(depth - 1))
            gen.assignmentCount += 1
        }
        let outs = (0..<outputs).map { _ in extended ? gen.extended(depth) : gen.any(depth) }
        let set = try ExpressionSet(
            outputs: outs, speciesCount: speciesCount, parameterCount: parameterCount,
            constants: constants, assignments: assignments)
        var rng = gen.rng
        return Case(
            set: set,
            time: (0..<lanes).map { _ in rng.uniform(0.5, 2) },
            species: (0..<speciesCount * lanes).map { _ in rng.uniform(0.5, 2) },
            parameters: (0..<parameterCount * lanes).map { _ in rng.uniform(0.5, 2) })
    }

    /// Runs `evaluator` on the case and returns outputs in SoA.
    static func run(_ evaluator: inout some BatchExpressionEvaluator, _ c: Case) -> [Double] {
        var out = [Double](repeating: .nan, count: c.set.outputs.count * lanes)
        c.time.withUnsafeBufferPointer { t in
            c.species.withUnsafeBufferPointer { s in
                c.parameters.withUnsafeBufferPointer { p in
                    out.withUnsafeMutableBufferPointer { o in
                        evaluator.evaluate(
                            LaneInputs(time: t.baseAddress!, species: s.baseAddress!, parameters: p.baseAddress!, laneCount: lanes),
                            into: o.baseAddress!)
                    }
                }
            }
        }
        return out
    }

    static func check(_ values: [Double], _ c: Case, label: String) {
        for l in 0..<lanes {
            var ref = ReferenceEvaluator(
                time: c.time[l],
                species: (0..<speciesCount).map { c.species[$0 * lanes + l] },
                parameters: (0..<parameterCount).map { c.parameters[$0 * lanes + l] },
                constants: c.set.constants, assignments: c.set.assignments)
            for (k, e) in c.set.outputs.enumerated() {
                ref.largest = 0
                let expected = ref.value(e)
                let got = values[k * lanes + l]
                if expected.isFinite {
                    let scale = Swift.max(Swift.abs(expected), ref.largest * 1e-3, 1e-300)
                    #expect(Swift.abs(got - expected) <= 1e-12 * scale, "\(label) output \(k) lane \(l): \(got) vs \(expected)")
                } else {
                    #expect(got == expected || (got.isNaN && expected.isNaN), "\(label) output \(k) lane \(l): \(got) vs \(expected)")
                }
            }
        }
    }

    @Test(arguments: EvaluatorKind.allCases)
    func agreesWithScalarReference(kind: EvaluatorKind) throws {
        for seed in UInt64(1)...60 {
            let c = try Self.randomCase(seed: seed, outputs: 6, depth: 5)
            var evaluator = kind.makeEvaluator(c.set)
            Self.check(Self.run(&evaluator, c), c, label: "\(kind) seed \(seed)")
        }
    }

    /// piecewise, comparisons, logic, rounding, trigonometric and hyperbolic functions.
    @Test(arguments: EvaluatorKind.allCases)
    func extendedFunctionsAgreeWithScalarReference(kind: EvaluatorKind) throws {
        for seed in UInt64(200)...260 {
            let c = try Self.randomCase(seed: seed, outputs: 6, depth: 4, extended: true)
            var evaluator = kind.makeEvaluator(c.set)
            Self.check(Self.run(&evaluator, c), c, label: "\(kind) extended seed \(seed)")
            for options in [BytecodeOptions.naive, BytecodeOptions(foldConstants: false)] where kind == .bytecode {
                var variant = BytecodeEvaluator(c.set, options: options)
                Self.check(Self.run(&variant, c), c, label: "\(options) extended seed \(seed)")
            }
        }
    }

    /// The one-lane copy of the interpreter loop (the lane count a constant)
    /// gives the batch's values bit for bit: every lane of a 5-lane batch evaluated
    /// again alone, over the ordinary and the extended random cases, with and
    /// without the vectorised pow.
    @Test func oneLaneIsTheBatchBitForBit() throws {
        let cases = try (UInt64(1)...40).map { try Self.randomCase(seed: $0, outputs: 6, depth: 5) }
            + (UInt64(200)...240).map { try Self.randomCase(seed: $0, outputs: 6, depth: 4, extended: true) }
        for (index, c) in cases.enumerated() {
            for options in [BytecodeOptions.optimised, BytecodeOptions(fastPower: true)] {
                var batch = BytecodeEvaluator(c.set, options: options)
                let all = Self.run(&batch, c)
                var single = BytecodeEvaluator(c.set, options: options)
                for l in 0..<Self.lanes {
                    let t = [c.time[l]]
                    let y = (0..<Self.speciesCount).map { c.species[$0 * Self.lanes + l] }
                    let p = (0..<Self.parameterCount).map { c.parameters[$0 * Self.lanes + l] }
                    var out = [Double](repeating: .nan, count: c.set.outputs.count)
                    t.withUnsafeBufferPointer { tb in
                        y.withUnsafeBufferPointer { yb in
                            p.withUnsafeBufferPointer { pb in
                                out.withUnsafeMutableBufferPointer { ob in
                                    single.evaluate(LaneInputs(time: tb.baseAddress!, species: yb.baseAddress!,
                                                               parameters: pb.baseAddress!, laneCount: 1), into: ob.baseAddress!)
                                }
                            }
                        }
                    }
                    for k in out.indices {
                        let expected = all[k * Self.lanes + l]
                        #expect(out[k].bitPattern == expected.bitPattern || (out[k].isNaN && expected.isNaN),
                                "case \(index) \(options) output \(k) lane \(l): \(out[k]) vs \(expected)")
                    }
                }
            }
        }
    }

    @Test func bytecodeOptionVariantsAgreeToo() throws {
        let variants = [
            BytecodeOptions.naive, BytecodeOptions(shareSubexpressions: true, foldConstants: false, lowerIntegerPowers: false),
            BytecodeOptions(fastPower: true),
        ]
        for seed in UInt64(100)...130 {
            let c = try Self.randomCase(seed: seed, outputs: 4, depth: 5)
            for options in variants {
                var evaluator = BytecodeEvaluator(c.set, options: options)
                Self.check(Self.run(&evaluator, c), c, label: "\(options) seed \(seed)")
            }
        }
    }

    @Test(arguments: EvaluatorKind.allCases)
    func outOfDomainGivesNaNOrInfinityWithoutTrapping(kind: EvaluatorKind) throws {
        let outputs: [Expr] = [
            .binary(.power, .species(0), .number(0.5)),            // (-2)^0.5 = NaN
            .call(.log, [.species(0)]),                             // log(-2) = NaN
            .call(.sqrt, [.species(0)]),                            // NaN
            .binary(.divide, .number(1), .species(1)),              // 1/0 = inf
            .binary(.power, .species(1), .number(-2)),              // 0^-2 = inf
            .call(.hill, [.species(0), .number(1), .number(1), .parameter(0)]),  // NaN (n = 2.5)
            .call(.max, [.species(2), .number(1)]),                 // NaN propagates
        ]
        let set = try ExpressionSet(outputs: outputs, speciesCount: 3, parameterCount: 1, constants: [])
        let y = [-2.0, 0, .nan], p = [2.5], t = [0.0]
        var out = [Double](repeating: 0, count: outputs.count)
        var evaluator = kind.makeEvaluator(set)
        y.withUnsafeBufferPointer { yb in
            p.withUnsafeBufferPointer { pb in
                t.withUnsafeBufferPointer { tb in
                    out.withUnsafeMutableBufferPointer { ob in
                        evaluator.evaluate(LaneInputs(time: tb.baseAddress!, species: yb.baseAddress!, parameters: pb.baseAddress!, laneCount: 1), into: ob.baseAddress!)
                    }
                }
            }
        }
        #expect(out[0].isNaN && out[1].isNaN && out[2].isNaN)
        #expect(out[3] == .infinity && out[4] == .infinity)
        #expect(out[5].isNaN && out[6].isNaN)
    }

    @Test func invalidReferencesAreTypedErrors() {
        #expect(throws: CompileError.self) {
            try ExpressionSet(outputs: [.species(3)], speciesCount: 3, parameterCount: 0, constants: [])
        }
        #expect(throws: CompileError.self) {
            try ExpressionSet(outputs: [.assignment(0)], speciesCount: 1, parameterCount: 0, constants: [], assignments: [.assignment(0)])
        }
        #expect(throws: CompileError.self) {
            try ExpressionSet(outputs: [.call(.hill, [.time])], speciesCount: 0, parameterCount: 0, constants: [])
        }
    }
}
