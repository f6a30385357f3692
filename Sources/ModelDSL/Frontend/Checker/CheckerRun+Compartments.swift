/// Phase 5a: `S in C` — each species' compartment, resolved to a value, and
/// whether its size changes in time.
///
/// A compartment may be a constant, a parameter, an assignment rule that does
/// not change in time (it uses no species and no `time`), or a species (a
/// compartment with a rate rule). A compartment given by an assignment rule
/// that changes in time is refused: the concentration's rate would need dC/dt.
extension CheckerRun {
    /// What a compartment's size is, for the rate of a species inside it.
    enum CompartmentSize {
        /// Constant during a solve: `dS/dt = Σ ν·rate / C`.
        case fixed(Expr)
        /// State variable `j`: `dS/dt = (Σ ν·rate − S·dC/dt) / C` (the amount S·C
        /// changes only by reactions).
        case changing(Expr, species: Int)
    }

    /// The size of each species' compartment (nil for species not placed in one).
    mutating func resolveCompartments() -> [CompartmentSize?] {
        var sizes = [CompartmentSize?](repeating: nil, count: species.count)
        let varying = timeVaryingAssignments()
        let placedNames = Set(compartmentDeclarations.map(\.species))
        for declaration in compartmentDeclarations {
            guard case .species(let i) = symbols[declaration.species] else { continue }
            let name = declaration.compartment
            let location = declaration.compartmentLocation
            let length = name.unicodeScalars.count
            if placedNames.contains(name) {
                diagnostics.error("compartment '\(name)' is itself placed in a compartment; a compartment's size cannot be a concentration",
                                  at: location, length: length)
                continue
            }
            guard let size = resolve(SyntaxExpr(.name(name), at: location), .compartmentOf(declaration.species)) else {
                continue
            }
            switch size {
            case .species(let j):
                sizes[i] = .changing(size, species: j)
            case .assignment(let a) where varying[a]:
                diagnostics.error(
                    "compartment '\(name)' of species '\(declaration.species)' is an assignment rule that changes in time; the concentration's rate would need d\(name)/dt, which is not supported: give '\(name)' a rate rule (\(name)' = …) instead",
                    at: location, length: length)
            default:
                sizes[i] = .fixed(size)
            }
            species[i].compartment = size
        }
        return sizes
    }

    /// Whether each assignment rule changes in time (uses `time`, a species,
    /// or such an assignment rule). Assignments are in dependency order.
    func timeVaryingAssignments() -> [Bool] {
        var varying = [Bool](repeating: false, count: assignments.count)
        func varies(_ e: Expr) -> Bool {
            switch e {
            case .time, .species: return true
            case .assignment(let a): return varying.indices.contains(a) && varying[a]
            case .number, .parameter, .constant, .observable: return false
            case .negate(let x): return varies(x)
            case .binary(_, let x, let y): return varies(x) || varies(y)
            case .call(_, let args): return args.contains(where: varies)
            }
        }
        for i in assignments.indices { varying[i] = varies(assignments[i].expression) }
        return varying
    }
}
