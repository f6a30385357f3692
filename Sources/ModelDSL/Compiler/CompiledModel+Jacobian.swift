import ODE

/// The model supplies its own Jacobian to the stiff solver
/// (``BatchJacobianSystem``): the compiled ``SymbolicJacobian`` evaluates only
/// the structurally non-zero entries (all lanes at once, like the right-hand
/// side), which are scattered into the dense per-lane matrix the solver
/// factorises; columns without a symbolic derivative are filled by forward
/// differences (``FiniteDifferenceJacobian``), one right-hand side each.
///
/// Cost: one evaluation of the derivative program (about as long as the
/// right-hand side's for typical rate laws), `n²·L` zero writes and one copy
/// per non-zero entry; plus one right-hand side per numerical column.
extension CompiledModel {
    /// The sparsity and provenance of the Jacobian this model supplies.
    public var jacobian: SymbolicJacobian { jacobianStructure }

    public mutating func evaluateJacobian(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafePointer<Double>,
        jacobian: UnsafeMutablePointer<Double>, timeDerivative: UnsafeMutablePointer<Double>, laneCount: Int
    ) -> Int {
        precondition(laneCount == self.laneCount, "CompiledModel built for \(self.laneCount) lanes, solved with \(laneCount)")
        let n = stateCount, lanes = laneCount
        let structure = jacobianStructure
        let entryCount = structure.entries.count
        let outputs = entryCount + structure.timeRows.count
        let numerical = !structure.finiteDifferenceColumns.isEmpty || structure.finiteDifferenceTime
        let fdCount = numerical ? FiniteDifferenceJacobian<CompiledModel>.scratchCount(stateCount: n, laneCount: lanes) : 0
        if !isKnownUniquelyReferenced(&jacobianScratch) { jacobianScratch = jacobianScratch.copy() }
        jacobianScratch.ensureCapacity(outputs * lanes + fdCount)
        let values = jacobianScratch.pointer

        jacobian.update(repeating: 0, count: n * n * lanes)
        timeDerivative.update(repeating: 0, count: n * lanes)
        if outputs > 0 { jacobianEvaluator.evaluate(inputs(t: t, y: y), into: values) }
        for (k, entry) in structure.entries.enumerated() {
            (jacobian + (entry.row * n + entry.column) * lanes).update(from: values + k * lanes, count: lanes)
        }
        for (k, row) in structure.timeRows.enumerated() {
            (timeDerivative + row * lanes).update(from: values + (entryCount + k) * lanes, count: lanes)
        }
        guard numerical else { return 0 }
        return FiniteDifferenceJacobian<CompiledModel>.approximate(
            columns: structure.finiteDifferenceColumns, timeDerivative: structure.finiteDifferenceTime,
            system: &self, t: t, y: y, dydt: dydt, jacobian: jacobian, timeDerivativeOutput: timeDerivative,
            scratch: values + outputs * lanes, laneCount: lanes)
    }
}
