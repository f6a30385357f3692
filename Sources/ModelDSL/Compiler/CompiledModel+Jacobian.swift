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
        let structure = jacobianStructure
        let outputs = structure.entries.count + structure.timeRows.count
        let values = jacobianValues(outputs: outputs)
        if outputs > 0 { jacobianEvaluator.evaluate(inputs(t: t, y: y), into: values) }
        return scatterJacobian(values, t: t, y: y, dydt: dydt, jacobian: jacobian, timeDerivative: timeDerivative)
    }

    /// ``evaluateJacobian(t:y:dydt:jacobian:timeDerivative:laneCount:)`` with
    /// `f(t, y)` computed by the same program (``rhsAndJacobianEvaluator``):
    /// the same values, with the subexpressions the two share computed once.
    public mutating func evaluateWithJacobian(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>,
        jacobian: UnsafeMutablePointer<Double>, timeDerivative: UnsafeMutablePointer<Double>, laneCount: Int
    ) -> Int {
        precondition(laneCount == self.laneCount, "CompiledModel built for \(self.laneCount) lanes, solved with \(laneCount)")
        let n = stateCount, lanes = laneCount
        let structure = jacobianStructure
        let values = jacobianValues(outputs: n + structure.entries.count + structure.timeRows.count)
        rhsAndJacobianEvaluator.evaluate(inputs(t: t, y: y), into: values)
        dydt.update(from: values, count: n * lanes)
        return scatterJacobian(values + n * lanes, t: t, y: y, dydt: dydt, jacobian: jacobian,
                               timeDerivative: timeDerivative)
    }

    /// The Jacobian scratch (made unique), room for `outputs` program outputs
    /// and, after them, the finite-difference columns' scratch.
    private mutating func jacobianValues(outputs: Int) -> UnsafeMutablePointer<Double> {
        let structure = jacobianStructure
        let numerical = !structure.finiteDifferenceColumns.isEmpty || structure.finiteDifferenceTime
        let fdCount = numerical
            ? FiniteDifferenceJacobian<CompiledModel>.scratchCount(stateCount: stateCount, laneCount: laneCount) : 0
        if !isKnownUniquelyReferenced(&jacobianScratch) { jacobianScratch = jacobianScratch.copy() }
        jacobianScratch.ensureCapacity(outputs * laneCount + fdCount)
        return jacobianScratch.pointer
    }

    /// Writes the derivative program's `values` (entries, then time rows) into
    /// the dense `jacobian` and `timeDerivative`, then the finite-difference
    /// columns (from the scratch after the largest program's outputs).
    private mutating func scatterJacobian(
        _ values: UnsafeMutablePointer<Double>, t: UnsafePointer<Double>, y: UnsafePointer<Double>,
        dydt: UnsafePointer<Double>, jacobian: UnsafeMutablePointer<Double>,
        timeDerivative: UnsafeMutablePointer<Double>
    ) -> Int {
        let n = stateCount, lanes = laneCount
        let structure = jacobianStructure
        let entryCount = structure.entries.count
        jacobian.update(repeating: 0, count: n * n * lanes)
        timeDerivative.update(repeating: 0, count: n * lanes)
        for (k, entry) in structure.entries.enumerated() {
            (jacobian + (entry.row * n + entry.column) * lanes).update(from: values + k * lanes, count: lanes)
        }
        for (k, row) in structure.timeRows.enumerated() {
            (timeDerivative + row * lanes).update(from: values + (entryCount + k) * lanes, count: lanes)
        }
        guard !structure.finiteDifferenceColumns.isEmpty || structure.finiteDifferenceTime else { return 0 }
        return FiniteDifferenceJacobian<CompiledModel>.approximate(
            columns: structure.finiteDifferenceColumns, timeDerivative: structure.finiteDifferenceTime,
            system: &self, t: t, y: y, dydt: dydt, jacobian: jacobian, timeDerivativeOutput: timeDerivative,
            scratch: values + (entryCount + structure.timeRows.count) * lanes, laneCount: lanes)
    }
}
