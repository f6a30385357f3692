/// A ``RosenbrockTableau`` copied into raw memory for the hot loops. Every
/// linear combination the stepper forms — the stage inputs `a_i` (rows
/// `0..<s`), the `C_i` sums (rows `s..<2s`), the weights `b` (row `2s`), the
/// error weights `e` (row `2s + 1`) and the dense-output rows `H_r` (rows
/// `2s + 2 + r`) — is stored as its list of non-zero terms `(stage, coefficient)`,
/// as ``TableauCoefficients`` does for explicit methods.
struct RosenbrockCoefficients: ~Copyable {
    let stageCount: Int
    let denseRows: Int
    let gamma: Double
    let c: UnsafeMutablePointer<Double>
    let d: UnsafeMutablePointer<Double>
    let termCoefficients: UnsafeMutablePointer<Double>
    let termStages: UnsafeMutablePointer<Int>
    let rowStart: UnsafeMutablePointer<Int>
    let rowCount: UnsafeMutablePointer<Int>

    static func rowTotal(_ tableau: RosenbrockTableau) -> Int { 2 * tableau.stageCount + 2 + tableau.denseOutput.count }
    static func termCapacity(_ tableau: RosenbrockTableau) -> Int {
        let s = tableau.stageCount
        return s * (s - 1) + (2 + tableau.denseOutput.count) * s
    }
    static func doubleCount(_ tableau: RosenbrockTableau) -> Int { 2 * tableau.stageCount + termCapacity(tableau) }
    static func intCount(_ tableau: RosenbrockTableau) -> Int { termCapacity(tableau) + 2 * rowTotal(tableau) }

    /// Writes `tableau` into `doubles` and `ints` (at least the counts above).
    init(_ tableau: RosenbrockTableau, doubles: UnsafeMutablePointer<Double>, ints: UnsafeMutablePointer<Int>) {
        let s = tableau.stageCount
        stageCount = s
        denseRows = tableau.denseOutput.count
        gamma = tableau.gamma
        doubles.initialize(repeating: 0, count: Self.doubleCount(tableau))
        ints.initialize(repeating: 0, count: Self.intCount(tableau))
        c = doubles
        d = doubles + s
        termCoefficients = doubles + 2 * s
        termStages = ints
        rowStart = ints + Self.termCapacity(tableau)
        rowCount = rowStart + Self.rowTotal(tableau)
        for i in 0..<s {
            c[i] = tableau.c[i]
            d[i] = tableau.d[i]
        }
        let rows = tableau.a + tableau.C + [tableau.b, tableau.errorWeights] + tableau.denseOutput
        var next = 0
        for (row, coefficients) in rows.enumerated() {
            rowStart[row] = next
            for (stage, value) in coefficients.enumerated() where value != 0 {
                termStages[next] = stage
                termCoefficients[next] = value
                next += 1
            }
            rowCount[row] = next - rowStart[row]
        }
    }

    func aRow(_ i: Int) -> Int { i }
    func cRow(_ i: Int) -> Int { stageCount + i }
    var bRow: Int { 2 * stageCount }
    var errorRow: Int { 2 * stageCount + 1 }
    func denseRow(_ r: Int) -> Int { 2 * stageCount + 2 + r }
}
