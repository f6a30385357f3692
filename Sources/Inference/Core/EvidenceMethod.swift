/// Which estimator produced a log-evidence value.
///
/// Written to run summaries as its ``identifier`` (e.g. `pooled_mixture`,
/// `pooled_mixture_population_2`), which is also how it decodes.
public enum EvidenceMethod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Flow sampler: every pooled stage weighted against the mixture of the
    /// pool's proposals (deterministic-mixture multiple importance sampling).
    case pooledMixture
    /// Flow sampler: importance sampling with the last stage's proposal alone.
    case finalFlow
    /// Flow sampler: each stage at β = 1 weighted against its own proposal
    /// (unbiased: no proposal was trained on the draws it weights), averaged
    /// over the stages and populations with fixed weights.
    case ownProposalStages
    /// Flow sampler: several independent populations merged by multiple
    /// importance sampling over all their proposals.
    case mergedPopulations
    /// Ensemble: stepping-stone ratios along the temperature ladder.
    case steppingStone
    /// Ensemble: thermodynamic integration of ⟨log L⟩_β (Simpson-type rule).
    case thermodynamicIntegration
    /// Ensemble: thermodynamic integration with the trapezoid rule.
    case thermodynamicIntegrationTrapezoid
    /// SMC: the product of the stages' mean incremental weights.
    case smc
    /// SMC with the delta-method error (ignores resampling dependence).
    case smcDeltaMethod
    /// SMC with the Lee–Whiteley genealogy error.
    case smcLeeWhiteley
    /// SMC: importance sampling with fresh draws from a mixture fitted to the final particles.
    case smcFinalMixture
    /// The estimate `method` of population `index` (1-based) of a multi-population run.
    indirect case population(Int, EvidenceMethod)

    /// The stable name used in files.
    public var identifier: String {
        switch self {
        case .pooledMixture: return "pooled_mixture"
        case .finalFlow: return "final_flow_is"
        case .ownProposalStages: return "own_proposal_stages"
        case .mergedPopulations: return "merged_populations"
        case .steppingStone: return "stepping_stone"
        case .thermodynamicIntegration: return "thermodynamic_integration"
        case .thermodynamicIntegrationTrapezoid: return "thermodynamic_integration_trapezoid"
        case .smc: return "smc"
        case .smcDeltaMethod: return "smc_delta_method"
        case .smcLeeWhiteley: return "smc_lee_whiteley"
        case .smcFinalMixture: return "smc_final_mixture_is"
        case let .population(index, method): return "\(method.identifier)_population_\(index)"
        }
    }

    public var description: String { identifier }

    static let simple: [EvidenceMethod] = [
        .pooledMixture, .finalFlow, .ownProposalStages, .mergedPopulations, .steppingStone, .thermodynamicIntegration,
        .thermodynamicIntegrationTrapezoid, .smc, .smcDeltaMethod, .smcLeeWhiteley, .smcFinalMixture,
    ]

    /// Parses an ``identifier``.
    public init?(identifier: String) {
        if let m = Self.simple.first(where: { $0.identifier == identifier }) {
            self = m
            return
        }
        guard let range = identifier.range(of: "_population_", options: .backwards),
              let index = Int(identifier[range.upperBound...]), index >= 1,
              let inner = EvidenceMethod(identifier: String(identifier[..<range.lowerBound]))
        else { return nil }
        self = .population(index, inner)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let m = EvidenceMethod(identifier: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown evidence method '\(text)'"))
        }
        self = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(identifier)
    }
}
