//! Pipeline stages.
use crate::lenient::{Amount, Flag, KeyedMap};
use crate::{PipelineId, StageId};

model! {
    /// A stage of a pipeline.
    ///
    /// The list endpoint adds the pipeline's name and probability setting; the detail
    /// endpoint adds [`deals_summary`](Stage::deals_summary) instead.
    pub struct Stage {
        /// Id.
        id: Option<StageId>,
        /// Position within the pipeline.
        order_nr: Option<crate::Integer>,
        /// Name.
        name: Option<String>,
        /// Whether the stage is active.
        active_flag: Option<Flag>,
        /// Success probability (percent) of deals in this stage.
        deal_probability: Option<crate::Integer>,
        /// Pipeline the stage belongs to.
        pipeline_id: Option<PipelineId>,
        /// Whether deals here rot after `rotten_days`.
        rotten_flag: Option<Flag>,
        /// Days after which a deal in this stage counts as rotten.
        rotten_days: Option<crate::Integer>,
        /// Creation time.
        add_time: Option<crate::Timestamp>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// List only: name of the pipeline.
        pipeline_name: Option<String>,
        /// List only: whether the pipeline uses deal probabilities.
        pipeline_deal_probability: Option<Flag>,
        /// Detail only: counts and sums of the deals in the stage.
        deals_summary: Option<Box<StageDealsSummary>>,
    }
}

model! {
    /// Counts and value sums of the deals in a stage (`GET /stages/{id}`).
    pub struct StageDealsSummary {
        /// Per stage id, then per currency code.
        per_stages: Option<KeyedMap<StageId, KeyedMap<String, StageDealsTotal>>>,
        /// Value sum per currency code.
        per_currency: Option<KeyedMap<String, Amount>>,
        /// Number of deals.
        total_count: Option<crate::Integer>,
        /// Count and value sum per currency code.
        per_currency_full: Option<KeyedMap<String, StageDealsTotal>>,
    }
}

model! {
    /// The deals of one currency in a [`StageDealsSummary`].
    pub struct StageDealsTotal {
        /// Number of deals.
        count: Option<crate::Integer>,
        /// Sum of their values.
        value: Option<Amount>,
        /// `value`, formatted with the currency.
        value_formatted: Option<String>,
        /// Sum of their values weighted by probability.
        weighted_value: Option<Amount>,
        /// `weighted_value`, formatted with the currency.
        weighted_value_formatted: Option<String>,
    }
}
