//! Deals and the shapes only the deal endpoints return.
use crate::lenient::{Amount, Flag, KeyedMap, Number, Visibility};
use crate::models::{
    Activity, File, MailMessage, OrgIdRef, Person, PersonIdRef, Product, TimeSpan, UserIdRef,
};
use crate::{
    ActivityId, CompanyId, DealId, ParticipantId, PipelineId, ProductAttachmentId, ProductId,
    ProductVariationId, StageId, UserId,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

string_enum! {
    /// State of a deal.
    pub enum DealStatus {
        /// Still being worked on.
        Open = "open",
        /// Closed successfully.
        Won = "won",
        /// Closed unsuccessfully.
        Lost = "lost",
        /// Deleted (kept for 30 days).
        Deleted = "deleted",
    }
}

model! {
    /// A deal.
    ///
    /// The same struct serves every deal endpoint: lists and details send `user_id`,
    /// `person_id`, `org_id` and `creator_user_id` as expanded objects, while timeline,
    /// duplicate and merge send plain ids — both fit the [`IdRef`](crate::IdRef) fields.
    /// Fields only the detail endpoint returns (`age`, `stay_in_pipeline_stages`, ...)
    /// and only merge returns (`merge_what_id`) are `None` elsewhere. Custom fields are
    /// in `extra`; see [`Deal::custom_fields`].
    pub struct Deal {
        /// Id.
        id: Option<DealId>,
        /// Company (account) the deal belongs to; sent on some nested forms.
        company_id: Option<CompanyId>,
        /// When the deal was first created, before any merge or copy.
        first_add_time: Option<crate::Timestamp>,
        /// User who created the deal.
        creator_user_id: Option<UserIdRef>,
        /// Owner.
        user_id: Option<UserIdRef>,
        /// Linked person.
        person_id: Option<PersonIdRef>,
        /// Linked organization.
        org_id: Option<OrgIdRef>,
        /// Stage the deal is in.
        stage_id: Option<StageId>,
        /// Title.
        title: Option<String>,
        /// Monetary value, in `currency`.
        value: Option<Amount>,
        /// Three-letter currency code.
        currency: Option<String>,
        /// Creation time (UTC, `YYYY-MM-DD HH:MM:SS`).
        add_time: Option<crate::Timestamp>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// When the deal last changed stage.
        stage_change_time: Option<crate::Timestamp>,
        /// Whether the deal is active.
        active: Option<Flag>,
        /// Whether the deal is deleted.
        deleted: Option<Flag>,
        /// Whether the deal is archived.
        is_archived: Option<Flag>,
        /// Open, won, lost or deleted.
        status: Option<DealStatus>,
        /// Success probability in percent (used when the pipeline enables it).
        probability: Option<Number>,
        /// Date of the next planned activity.
        next_activity_date: Option<crate::Date>,
        /// Time of the next planned activity.
        next_activity_time: Option<crate::TimeOfDay>,
        /// Next planned activity.
        next_activity_id: Option<ActivityId>,
        /// Last activity.
        last_activity_id: Option<ActivityId>,
        /// Date of the last activity.
        last_activity_date: Option<crate::Date>,
        /// Why the deal was lost.
        lost_reason: Option<String>,
        /// Who can see the deal.
        visible_to: Option<Visibility>,
        /// When the deal was closed.
        close_time: Option<crate::Timestamp>,
        /// Pipeline of the deal's stage.
        pipeline_id: Option<PipelineId>,
        /// When the deal was won.
        won_time: Option<crate::Timestamp>,
        /// When the deal was first won.
        first_won_time: Option<crate::Timestamp>,
        /// When the deal was lost.
        lost_time: Option<crate::Timestamp>,
        /// Number of attached products.
        products_count: Option<crate::Integer>,
        /// Number of attached files.
        files_count: Option<crate::Integer>,
        /// Number of notes.
        notes_count: Option<crate::Integer>,
        /// Number of followers.
        followers_count: Option<crate::Integer>,
        /// Number of email messages.
        email_messages_count: Option<crate::Integer>,
        /// Number of activities.
        activities_count: Option<crate::Integer>,
        /// Number of done activities.
        done_activities_count: Option<crate::Integer>,
        /// Number of activities not done yet.
        undone_activities_count: Option<crate::Integer>,
        /// Number of participants.
        participants_count: Option<crate::Integer>,
        /// Expected close date (`YYYY-MM-DD`).
        expected_close_date: Option<crate::Date>,
        /// Time of the last incoming email.
        last_incoming_mail_time: Option<crate::Timestamp>,
        /// Time of the last outgoing email.
        last_outgoing_mail_time: Option<crate::Timestamp>,
        /// Label id; newer accounts send several as a comma-separated string
        /// (see [`Deal::label_ids`]).
        label: Option<Number>,
        /// Order of the deal's stage within the pipeline.
        stage_order_nr: Option<crate::Integer>,
        /// Name of the linked person.
        person_name: Option<String>,
        /// Name of the linked organization.
        org_name: Option<String>,
        /// Subject of the next activity.
        next_activity_subject: Option<String>,
        /// Type key of the next activity.
        next_activity_type: Option<String>,
        /// Duration of the next activity (`HH:MM:SS`).
        next_activity_duration: Option<String>,
        /// Note of the next activity.
        next_activity_note: Option<String>,
        /// `value` formatted with its currency.
        formatted_value: Option<String>,
        /// `value` times `probability`.
        weighted_value: Option<Amount>,
        /// `weighted_value` formatted with its currency.
        formatted_weighted_value: Option<String>,
        /// Currency of `weighted_value`.
        weighted_value_currency: Option<String>,
        /// When the deal rots (stays too long in a stage).
        rotten_time: Option<crate::Timestamp>,
        /// Owner's name.
        owner_name: Option<String>,
        /// Address that files emails into the deal.
        cc_email: Option<String>,
        /// Whether the linked organization is hidden from the caller.
        org_hidden: Option<Flag>,
        /// Whether the linked person is hidden from the caller.
        person_hidden: Option<Flag>,
        /// How the deal was created (`API`, `ManuallyCreated`, ...).
        origin: Option<String>,
        /// Id in the originating system.
        origin_id: Option<String>,
        /// Marketing channel id.
        channel: Option<crate::Integer>,
        /// Marketing channel id in the external system.
        channel_id: Option<String>,
        /// Annual recurring revenue (plans with recurring products).
        arr: Option<Amount>,
        /// Monthly recurring revenue.
        mrr: Option<Amount>,
        /// Annual contract value.
        acv: Option<Amount>,
        /// Currency of `arr`.
        arr_currency: Option<String>,
        /// Currency of `mrr`.
        mrr_currency: Option<String>,
        /// Currency of `acv`.
        acv_currency: Option<String>,
        /// Detail only: average time deals like this took to be won.
        average_time_to_won: Option<TimeSpan>,
        /// Detail only: average progress through the stages.
        average_stage_progress: Option<Number>,
        /// Detail only: age of the deal.
        age: Option<TimeSpan>,
        /// Detail only: time spent in each stage.
        stay_in_pipeline_stages: Option<StageStays>,
        /// Detail only: the last activity.
        last_activity: Option<Box<Activity>>,
        /// Detail only: the next activity.
        next_activity: Option<Box<Activity>>,
        /// Merge only: the deal that was merged into this one.
        merge_what_id: Option<DealId>,
    }
}

impl Deal {
    /// The label ids, from `label` whether it holds one number or a comma-separated list.
    pub fn label_ids(&self) -> Vec<u64> {
        match &self.label {
            None => Vec::new(),
            Some(Number::Json(n)) => n.as_u64().into_iter().collect(),
            Some(Number::Text(s)) => s.split(',').filter_map(|p| p.trim().parse().ok()).collect(),
        }
    }
}

model! {
    /// Time a deal spent in each stage (deal details).
    pub struct StageStays {
        /// Seconds spent per stage id.
        times_in_stages: Option<KeyedMap<StageId, crate::Integer>>,
        /// Stage ids in the order the deal went through them.
        order_of_stages: Option<Vec<StageId>>,
    }
}

model! {
    /// Totals of all deals matching a summary query (`GET /deals/summary`).
    pub struct DealSummary {
        /// Value totals per currency.
        values_total: Option<KeyedMap<String, SummaryTotal>>,
        /// Weighted value totals per currency.
        weighted_values_total: Option<KeyedMap<String, SummaryTotal>>,
        /// Number of deals.
        total_count: Option<crate::Integer>,
        /// All values converted into the user's default currency.
        total_currency_converted_value: Option<Amount>,
        /// All weighted values converted into the user's default currency.
        total_weighted_currency_converted_value: Option<Amount>,
        /// `total_currency_converted_value`, formatted.
        total_currency_converted_value_formatted: Option<String>,
        /// `total_weighted_currency_converted_value`, formatted.
        total_weighted_currency_converted_value_formatted: Option<String>,
    }
}

model! {
    /// The total of one currency in a [`DealSummary`].
    pub struct SummaryTotal {
        /// Sum of values.
        value: Option<Amount>,
        /// Number of deals.
        count: Option<crate::Integer>,
        /// Sum converted into the user's default currency.
        value_converted: Option<Amount>,
        /// `value`, formatted.
        value_formatted: Option<String>,
        /// `value_converted`, formatted.
        value_converted_formatted: Option<String>,
    }
}

model! {
    /// One interval of `GET /deals/timeline`.
    pub struct DealTimelinePeriod {
        /// Start of the interval.
        period_start: Option<String>,
        /// End of the interval.
        period_end: Option<String>,
        /// Deals falling into the interval (plain-id form).
        deals: Option<Vec<Deal>>,
        /// Counts and sums for the interval.
        totals: Option<TimelineTotals>,
    }
}

model! {
    /// Counts and value sums of a [`DealTimelinePeriod`], per currency.
    pub struct TimelineTotals {
        /// Number of deals.
        count: Option<crate::Integer>,
        /// Value sums per currency.
        values: Option<KeyedMap<String, Amount>>,
        /// Weighted value sums per currency.
        weighted_values: Option<KeyedMap<String, Amount>>,
        /// Number of open deals.
        open_count: Option<crate::Integer>,
        /// Open deal value sums per currency.
        open_values: Option<KeyedMap<String, Amount>>,
        /// Weighted open deal value sums per currency.
        weighted_open_values: Option<KeyedMap<String, Amount>>,
        /// Number of won deals.
        won_count: Option<crate::Integer>,
        /// Won deal value sums per currency.
        won_values: Option<KeyedMap<String, Amount>>,
    }
}

string_enum! {
    /// Kind of entry in an object's update flow (`object` of a flow item).
    pub enum FlowObject {
        /// A call.
        Call = "call",
        /// An activity.
        Activity = "activity",
        /// A planned activity.
        PlannedActivity = "plannedActivity",
        /// A generic change.
        Change = "change",
        /// A note.
        Note = "note",
        /// A deal.
        Deal = "deal",
        /// A file.
        File = "file",
        /// A field change on a deal.
        DealChange = "dealChange",
        /// A field change on a person.
        PersonChange = "personChange",
        /// A field change on an organization.
        OrganizationChange = "organizationChange",
        /// A follower.
        Follower = "follower",
        /// A deal follower.
        DealFollower = "dealFollower",
        /// A person follower.
        PersonFollower = "personFollower",
        /// An organization follower.
        OrganizationFollower = "organizationFollower",
        /// A participant.
        Participant = "participant",
        /// A comment.
        Comment = "comment",
        /// An email.
        MailMessage = "mailMessage",
        /// An email with attachments.
        MailMessageWithAttachment = "mailMessageWithAttachment",
        /// An invoice.
        Invoice = "invoice",
        /// A document.
        Document = "document",
        /// Campaign statistics.
        MarketingCampaignStat = "marketing_campaign_stat",
        /// A marketing status change.
        MarketingStatusChange = "marketing_status_change",
    }
}

model! {
    /// One entry of `GET /deals/{id}/flow`: what happened, when, and the object itself.
    ///
    /// `data` is kept as JSON because its shape depends on `object`; the typed
    /// accessors ([`DealFlowItem::activity`], ...) decode it for the common kinds.
    pub struct DealFlowItem {
        /// Kind of entry.
        object: Option<FlowObject>,
        /// When it happened.
        timestamp: Option<crate::Timestamp>,
        /// The object, shaped according to `object`.
        data: Option<Value>,
    }
}

impl DealFlowItem {
    /// Decodes `data` as `T`; `None` when there is no data.
    pub fn data_as<T: DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.data.as_ref().map(T::deserialize)
    }

    fn data_if<T: DeserializeOwned>(
        &self,
        kinds: &[FlowObject],
    ) -> Option<Result<T, serde_json::Error>> {
        if kinds.contains(self.object.as_ref()?) {
            self.data_as()
        } else {
            None
        }
    }

    /// `data` as a field change, for `dealChange`/`personChange`/`organizationChange`/`change`.
    pub fn change(&self) -> Option<Result<DealChange, serde_json::Error>> {
        self.data_if(&[
            FlowObject::DealChange,
            FlowObject::PersonChange,
            FlowObject::OrganizationChange,
            FlowObject::Change,
        ])
    }

    /// `data` as an activity, for `activity`/`plannedActivity`/`call`.
    pub fn activity(&self) -> Option<Result<Activity, serde_json::Error>> {
        self.data_if(&[
            FlowObject::Activity,
            FlowObject::PlannedActivity,
            FlowObject::Call,
        ])
    }

    /// `data` as an email, for `mailMessage`/`mailMessageWithAttachment`.
    pub fn mail_message(&self) -> Option<Result<MailMessage, serde_json::Error>> {
        self.data_if(&[
            FlowObject::MailMessage,
            FlowObject::MailMessageWithAttachment,
        ])
    }

    /// `data` as a file, for `file`.
    pub fn file(&self) -> Option<Result<File, serde_json::Error>> {
        self.data_if(&[FlowObject::File])
    }
}

model! {
    /// A field change in an update flow.
    pub struct DealChange {
        /// Id of the change log entry.
        id: Option<crate::Integer>,
        /// Id of the changed object.
        item_id: Option<crate::Integer>,
        /// Who made the change.
        user_id: Option<UserId>,
        /// Key of the changed field.
        field_key: Option<String>,
        /// Value before (any JSON).
        old_value: Option<Value>,
        /// Value after (any JSON).
        new_value: Option<Value>,
        /// Whether it was part of a bulk update.
        is_bulk_update_flag: Option<Flag>,
        /// When it was logged.
        log_time: Option<crate::Timestamp>,
        /// Where the change came from (`app`, `api`, ...).
        change_source: Option<String>,
        /// User agent of the client that made it.
        change_source_user_agent: Option<String>,
        /// Extra details (often an empty array).
        additional_data: Option<Value>,
    }
}

model! {
    /// A person participating in a deal (`GET/POST /deals/{id}/participants`).
    pub struct DealParticipant {
        /// Id of the participation (use it to remove the participant).
        id: Option<ParticipantId>,
        /// The participating person.
        person_id: Option<PersonIdRef>,
        /// When the person was added.
        add_time: Option<crate::Timestamp>,
        /// Whether the participation is active.
        active_flag: Option<Flag>,
        /// The deal it belongs to.
        related_item_data: Option<ParticipantRelatedItem>,
        /// The person in full.
        person: Option<Box<Person>>,
        /// Who added the participant.
        added_by_user_id: Option<UserIdRef>,
        /// Kind of the related object (`deal`).
        related_item_type: Option<String>,
        /// Id of the related object.
        related_item_id: Option<crate::Integer>,
    }
}

model! {
    /// The object a participant is attached to.
    pub struct ParticipantRelatedItem {
        /// The deal's id.
        deal_id: Option<DealId>,
        /// The deal's title.
        title: Option<String>,
    }
}

string_enum! {
    /// Unit of a product's `duration` on a deal.
    pub enum DurationUnit {
        /// Hours.
        Hourly = "hourly",
        /// Days.
        Daily = "daily",
        /// Weeks.
        Weekly = "weekly",
        /// Months.
        Monthly = "monthly",
        /// Years.
        Yearly = "yearly",
    }
}

string_enum! {
    /// How a deal product's `discount` is expressed.
    pub enum DiscountType {
        /// A percentage of the price.
        Percentage = "percentage",
        /// A fixed amount.
        Amount = "amount",
    }
}

string_enum! {
    /// How tax applies to a deal product's price.
    pub enum TaxMethod {
        /// Tax is added on top.
        Exclusive = "exclusive",
        /// Tax is included.
        Inclusive = "inclusive",
        /// No tax.
        NoTax = "none",
    }
}

string_enum! {
    /// How often a recurring product is billed.
    pub enum BillingFrequency {
        /// Once.
        OneTime = "one-time",
        /// Every year.
        Annually = "annually",
        /// Every six months.
        SemiAnnually = "semi-annually",
        /// Every three months.
        Quarterly = "quarterly",
        /// Every month.
        Monthly = "monthly",
        /// Every week.
        Weekly = "weekly",
    }
}

model! {
    /// A product attached to a deal (a "deal-product"), with the product itself when
    /// `include_product_data=1` was asked for.
    pub struct DealProduct {
        /// Id of the attachment (not of the product).
        id: Option<ProductAttachmentId>,
        /// Company id.
        company_id: Option<CompanyId>,
        /// The deal.
        deal_id: Option<DealId>,
        /// Position in the deal's product list.
        order_nr: Option<crate::Integer>,
        /// The product.
        product_id: Option<ProductId>,
        /// The product variation, if any.
        product_variation_id: Option<ProductVariationId>,
        /// Unit price on this deal.
        item_price: Option<Amount>,
        /// Discount in percent (older form of `discount`).
        discount_percentage: Option<Amount>,
        /// Discount, interpreted per `discount_type`.
        discount: Option<Amount>,
        /// Whether `discount` is a percentage or an amount.
        discount_type: Option<DiscountType>,
        /// Duration of the product.
        duration: Option<Number>,
        /// Unit of `duration`.
        duration_unit: Option<DurationUnit>,
        /// Sum before discount.
        sum_no_discount: Option<Amount>,
        /// Sum after discount and tax.
        sum: Option<Amount>,
        /// Currency of the sums.
        currency: Option<String>,
        /// Whether the product counts towards the deal value.
        enabled_flag: Option<Flag>,
        /// When it was attached.
        add_time: Option<crate::Timestamp>,
        /// When it was last edited.
        last_edit: Option<String>,
        /// Free-text comment.
        comments: Option<String>,
        /// Whether the attachment is active.
        active_flag: Option<Flag>,
        /// Tax percentage.
        tax: Option<Amount>,
        /// How the tax applies.
        tax_method: Option<TaxMethod>,
        /// Product name.
        name: Option<String>,
        /// `sum`, formatted.
        sum_formatted: Option<String>,
        /// `quantity`, formatted.
        quantity_formatted: Option<String>,
        /// Quantity.
        quantity: Option<Amount>,
        /// Billing frequency of a recurring product.
        billing_frequency: Option<BillingFrequency>,
        /// Number of billing cycles.
        billing_frequency_cycles: Option<crate::Integer>,
        /// First billing date.
        billing_start_date: Option<crate::Date>,
        /// Id of the attachment, as some write responses name it.
        product_attachment_id: Option<ProductAttachmentId>,
        /// The product in full (when asked for).
        product: Option<Box<Product>>,
    }
}
