/// Measurements in PEtab's long format, resolved against a model's observables.
///
/// Produced by the data reader (which reports every bad row as
/// `file:line:column: error: …`); consumed by the likelihood.
public struct DataSet: Hashable, Sendable {
    /// One row of the data file.
    public struct Measurement: Hashable, Sendable {
        /// Index into ``CheckedModel/observables``.
        public var observable: Int
        public var time: Double
        public var value: Double
        /// 1-based line of the row in its file (0 if not from a file).
        public var line: Int
        /// The condition simulated (index into ``CheckedModel/conditions``);
        /// nil: the model's own values.
        public var condition: Int?
        /// The condition simulated to steady state first, whose end state is
        /// the start of the simulation (species the simulated condition sets
        /// are set again); nil: the simulation starts from the initial values.
        public var preequilibration: Int?
        /// Values of the observable's observable parameters, in order.
        public var observableParameters: [PlaceholderValue]
        /// Values of the observable's noise parameters, in order.
        public var noiseParameters: [PlaceholderValue]

        public init(observable: Int, time: Double, value: Double, line: Int = 0, condition: Int? = nil,
                    preequilibration: Int? = nil, observableParameters: [PlaceholderValue] = [],
                    noiseParameters: [PlaceholderValue] = []) {
            self.observable = observable
            self.time = time
            self.value = value
            self.line = line
            self.condition = condition
            self.preequilibration = preequilibration
            self.observableParameters = observableParameters
            self.noiseParameters = noiseParameters
        }

        /// The simulation this measurement belongs to.
        public var experiment: Experiment { Experiment(condition: condition, preequilibration: preequilibration) }
    }

    /// The value of one placeholder in one measurement.
    public enum PlaceholderValue: Hashable, Sendable {
        case number(Double)
        /// Free parameter `k` of ``CheckedModel/parameters``.
        case parameter(Int)
    }

    /// All rows, in file order.
    public var measurements: [Measurement]
    /// Where the data came from (for messages and summaries).
    public var source: String

    public init(measurements: [Measurement], source: String) {
        self.measurements = measurements
        self.source = source
    }

    /// The distinct measurement times, ascending: the solver's output times.
    public var times: [Double] {
        Array(Set(measurements.map(\.time))).sorted()
    }

    /// The distinct experiments, in order of their first measurement.
    public var experiments: [Experiment] {
        var seen = Set<Experiment>()
        var list: [Experiment] = []
        for m in measurements where seen.insert(m.experiment).inserted { list.append(m.experiment) }
        return list
    }
}

/// One simulation of a model: a condition (nil: the model's own values),
/// optionally after pre-equilibration to steady state under another condition.
/// The measurements of one experiment share one ODE solve per parameter vector.
public struct Experiment: Hashable, Sendable {
    public var condition: Int?
    public var preequilibration: Int?

    public init(condition: Int? = nil, preequilibration: Int? = nil) {
        self.condition = condition
        self.preequilibration = preequilibration
    }
}
