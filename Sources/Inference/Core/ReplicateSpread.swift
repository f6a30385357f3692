/// The standard error of a mean from independent replicates of an estimate:
/// sd(values) / √R, with the sample sd (divisor R − 1). The between-replicate
/// error every backend uses for its independent runs (SMC replicates, flow
/// populations): it needs no model of the estimator's own variance, so it
/// stays honest where a single run's error does not. 0 for fewer than two
/// values. Cost O(R).
public enum ReplicateSpread {
    public static func standardError(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        return sd / Double(values.count).squareRoot()
    }
}
