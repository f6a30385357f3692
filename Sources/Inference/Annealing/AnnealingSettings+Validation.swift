extension AnnealingSettings {
    /// Every setting outside the range the sampler can use (empty if none).
    public func problems() -> [SettingProblem] {
        var out: [SettingProblem] = []
        func check(_ v: Double, _ r: SettingProblem.Requirement, _ name: String) {
            SettingProblem.check(v, r, name, into: &out)
        }
        func check(_ v: Int, _ r: SettingProblem.Requirement, _ name: String) { check(Double(v), r, name) }
        check(schedule.samplesPerStage, .atLeast(10), "schedule.samples_per_stage")
        check(schedule.essThreshold, .between(0, 1), "schedule.ess_threshold")
        check(schedule.poolStages, .atLeast(1), "schedule.pool_stages")
        check(schedule.priorDrawsPerSample, .atLeast(1), "schedule.prior_draws_per_sample")
        check(flow.layers, .atLeast(1), "flow.layers")
        check(flow.hidden, .atLeast(1), "flow.hidden")
        check(flow.hiddenLayers, .atLeast(1), "flow.hidden_layers")
        check(training.optimiser.steps, .atLeast(0), "training.optimiser.steps")
        check(training.optimiser.batchSize, .atLeast(1), "training.optimiser.batch_size")
        check(training.optimiser.learningRate, .greaterThan(0), "training.optimiser.learning_rate")
        check(training.validationInterval, .atLeast(1), "training.validation_interval")
        check(stopping.evidenceTolerance, .greaterThan(0), "stopping.evidence_tolerance")
        check(stopping.maxStages, .atLeast(1), "stopping.max_stages")
        check(stopping.warmUpStages, .atLeast(0), "stopping.warm_up_stages")
        if let robust {
            check(robust.populations, .atLeast(1), "robust.populations")
            check(robust.coverage.threshold, .within(0, 1), "robust.coverage.threshold")
            check(robust.defensive.fraction, .from(0, below: 1), "robust.defensive.fraction")
            check(robust.defensive.inflation, .atLeast(1), "robust.defensive.inflation")
            check(robust.defensive.degreesOfFreedom, .atLeast(1), "robust.defensive.degrees_of_freedom")
            if let modes = robust.modes {
                // The flows keep at least 10 % of every stage's draws.
                check(modes.fraction, .from(0, below: 0.9 - robust.defensive.fraction), "robust.modes.fraction")
                check(modes.search.starts, .atLeast(1), "robust.modes.search.starts")
                check(modes.searchBudgetShare, .within(0, 1), "robust.modes.search_budget_share")
                check(Double(modes.firstSearchPriorDraws), .within(0, 1e7), "robust.modes.first_search_prior_draws")
                check(modes.component.inflation, .atLeast(1), "robust.modes.component.inflation")
                check(modes.component.degreesOfFreedom, .atLeast(1), "robust.modes.component.degrees_of_freedom")
                check(modes.maximumModes, .atLeast(1), "robust.modes.maximum_modes")
                if let radius = modes.radius { check(radius, .greaterThan(0), "robust.modes.radius") }
                if let flows = modes.flows {
                    check(flows.shape.layers, .atLeast(1), "robust.modes.flows.shape.layers")
                    check(flows.shape.hidden, .atLeast(1), "robust.modes.flows.shape.hidden")
                    check(flows.shape.hiddenLayers, .atLeast(1), "robust.modes.flows.shape.hidden_layers")
                    check(flows.widening, .greaterThan(0), "robust.modes.flows.widening")
                    check(flows.maximumFlowShare, .within(0, 0.9), "robust.modes.flows.maximum_flow_share")
                }
            }
        }
        return out
    }
}
