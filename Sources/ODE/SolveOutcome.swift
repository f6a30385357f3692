/// Why a solve failed. A failed solve is a value, never a crash.
public enum SolveFailureReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// More than `maxSteps` step attempts (accepted or rejected) were needed.
    case maxStepsReached
    /// The controller asked for a step smaller than the floating-point spacing at `t`.
    case stepSizeUnderflow
    /// The state or its derivative became NaN or infinite.
    case nonFiniteState
}

/// A typed failure with the time it happened and a human-readable message.
public struct SolveFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: SolveFailureReason
    /// The integration time reached when the solve gave up.
    public var time: Double
    /// The step attempts (accepted + rejected) made before giving up.
    public var steps: Int
    /// max_i |y_i| at `time` (0 when not known): tells a solution running
    /// off to infinity from a stiff one.
    public var largestState: Double

    public init(reason: SolveFailureReason, time: Double, steps: Int, largestState: Double = 0) {
        self.reason = reason
        self.time = time
        self.steps = steps
        self.largestState = largestState
    }

    /// Above this magnitude a step size underflow is read as a finite-time
    /// singularity (blow-up) rather than stiffness.
    public static let blowUpMagnitude = 1e12

    /// A human-readable explanation (same as ``description``).
    public var message: String { description }

    public var description: String {
        switch reason {
        case .maxStepsReached:
            return "maximum number of steps (\(steps)) reached at t = \(time)"
        case .stepSizeUnderflow:
            if largestState > Self.blowUpMagnitude {
                return "step size underflow at t = \(time) after \(steps) steps, where the state has grown to "
                    + "\(largestState) (the solution probably blows up here: a finite-time singularity of the model at these parameters)"
            }
            return "step size underflow at t = \(time) after \(steps) steps (the problem is probably stiff or singular here)"
        case .nonFiniteState:
            return "state became NaN or infinite at t = \(time) after \(steps) steps"
        }
    }
}

/// How one problem of a batched solve ended.
public enum SolveOutcome: Sendable, Hashable {
    /// Integrated through the last output time with `steps` accepted and
    /// `rejected` rejected steps.
    case success(steps: Int, rejected: Int)
    /// The solver gave up.
    case failure(SolveFailure)
    /// The observer returned `false` from `record`.
    case stoppedByObserver
}
