@testable import Baselines

extension SMCSampler {
    /// The sampler with the default settings changed by `edit`.
    static func with(_ edit: (inout SMCSettings) -> Void) throws -> SMCSampler {
        var s = SMCSettings()
        edit(&s)
        return try SMCSampler(s)
    }
}

extension EnsembleSampler {
    /// The sampler with the default settings changed by `edit`.
    static func with(_ edit: (inout EnsembleSettings) -> Void) throws -> EnsembleSampler {
        var s = EnsembleSettings()
        edit(&s)
        return try EnsembleSampler(s)
    }
}
