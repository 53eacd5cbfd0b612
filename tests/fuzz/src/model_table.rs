//! The table of every type the `models` target round-trips.
//!
//! `build.rs` reads this file and fails the build when a `model!` struct declared in
//! `crates/pipedrive-types/src` is missing from it, so a new model cannot be forgotten.
//! Types that are not `model!`s (hand-written decoders, generic wrappers, the lenient
//! value types) are listed by hand below the models.
use crate::round_trip;
use pipedrive_types::*;
use serde_json::Value;

macro_rules! round_trip_all {
    ($input:expr, $original:expr; $( $ty:ty ),* $(,)?) => {
        $( round_trip::<$ty>(stringify!($ty), $input, $original); )*
    };
}

/// Whether `value` is a response body as Pipedrive sends it: an object with a boolean
/// `success`. [`Envelope`] always writes `success`, so its round trip only holds for
/// those (a missing or `null` `success` comes back as `false`, by design).
fn is_response_body(value: &Value) -> bool {
    value.get("success").is_some_and(Value::is_boolean)
}

/// Whether `value` is a search result as Pipedrive sends it: `items` is a list.
/// [`SearchResults`] always writes `items`, an absent or `null` one as `[]`, by design.
fn has_items(value: &Value) -> bool {
    value.get("items").is_some_and(Value::is_array)
}

/// Decodes `input` into every listed type and checks the round trip of each that
/// accepts it. Does nothing for input that is not JSON at all.
pub fn round_trip_every_model(input: &[u8]) {
    let Ok(original) = serde_json::from_slice::<Value>(input) else {
        return;
    };
    let original = &original;
    round_trip_all!(input, original;
        // BEGIN model! types
        // envelope.rs
        AdditionalData, Pagination,
        // models/activity.rs
        Activity, ActivityAttendee, ActivityParticipant, ActivityFile,
        // models/activity_type.rs
        ActivityType,
        // models/billing.rs
        BillingAddon,
        // models/call_log.rs
        CallLog,
        // models/channel.rs
        Channel, ChannelMessage, ChannelMessageAttachment,
        // models/common.rs
        ContactValue, TimeSpan, DeleteResult, DeleteManyResult,
        // models/currency.rs
        Currency,
        // models/deal.rs
        Deal, StageStays, DealSummary, SummaryTotal, DealTimelinePeriod, TimelineTotals,
        DealFlowItem, DealChange, DealParticipant, ParticipantRelatedItem, DealProduct,
        // models/field.rs
        FieldOption, Field,
        // models/file.rs
        File,
        // models/filter.rs
        Filter, FilterConditions, FilterConditionGroup, FilterCondition, FilterHelpers,
        RelativeDates,
        // models/follower.rs
        Follower,
        // models/lead.rs
        LeadValue, Lead, LeadSearchItem, LeadDeleteResult,
        // models/mail_message.rs
        MailMessageItem, MailMessage, MailParty,
        // models/organization.rs
        Organization, OrganizationSearchItem,
        // models/person.rs
        Person,
        // models/person_related.rs
        PersonSearchItem, PersonProductEntry, Picture,
        // models/product.rs
        Product, ProductPrice,
        // models/product_related.rs
        ProductSearchItem,
        // models/refs.rs
        UserRef, PersonRef, OrgRef, PictureRef, PictureUrls,
        // models/role.rs
        Role, RoleAssignment, RoleSettings, RoleSettingResult, IdResult,
        // models/search.rs
        DealSearchItem, SearchUser, SearchStage, SearchPerson, SearchOrganization,
        // models/stage.rs
        Stage, StageDealsSummary, StageDealsTotal,
        // models/user.rs
        User, UserAccess, UserLanguage, UserPermissions,
        // generated/v2.rs (the v2 answers' models)
        v2::Activity, v2::ActivityLocation, v2::ActivityParticipant, v2::ActivityAttendee,
        v2::ActivityField, v2::ActivityFieldOption, v2::ActivityFieldSubfield,
        v2::ActivityFieldUiVisibility, v2::Deal, v2::DeletedItem, v2::Follower,
        v2::FollowerChange, v2::DeletedFollower, v2::DealSearchResults, v2::DealSearchHit,
        v2::DealSearchHitItem, v2::DealSearchHitItemStage, v2::DealProduct,
        v2::DeletedItems, v2::Discount, v2::Installment, v2::ConversionJob, v2::Field,
        v2::FieldUiVisibility, v2::FieldUiVisibilityShowInPipelines,
        v2::FieldImportantFields, v2::FieldRequiredFields, v2::DeletedField,
        v2::FieldOption, v2::ConversionStatus, v2::Person, v2::PersonEmail,
        v2::PersonPicture, v2::PersonPicturePictures, v2::PersonField,
        v2::PersonFieldUiVisibility, v2::PersonFieldUiVisibilityShowInAddDealDialog,
        v2::PersonFieldRequiredFields, v2::DeletedPersonField, v2::Organization,
        v2::OrganizationField, v2::OrganizationFieldUiVisibility, v2::ProductSearchResults,
        v2::ProductSearchHit, v2::ProductSearchHitItem, v2::Product, v2::ProductPrice,
        v2::ProductVariation, v2::ProductImage, v2::UploadedProductImage,
        v2::LeadSearchResults, v2::LeadSearchHit, v2::LeadSearchHitItem,
        v2::OrganizationSearchResults, v2::OrganizationSearchHit,
        v2::OrganizationSearchHitItem, v2::PersonSearchResults, v2::PersonSearchHit,
        v2::PersonSearchHitItem, v2::ItemSearchResults, v2::ItemSearchHit, v2::Stage,
        v2::Pipeline, v2::ProjectField, v2::Project, v2::ProjectTemplate,
        v2::ProjectSearchResults, v2::ProjectSearchHit, v2::ProjectSearchHitItem,
        v2::ProjectSearchHitItemOrganization, v2::ProjectSearchHitItemDeal,
        v2::ProjectChange, v2::Task, v2::ProjectBoard, v2::ProjectPhase,
        // END model! types

        // Hand-written decoders among the models.
        PermittedUsers, PersonProduct, ProductPrices, OperatorLabels,
        // Search hits and list shapes.
        SearchHit<Value>, Items<Deal>, Vec<Deal>,
        // Lenient values on their own (also reached through the models' fields).
        Flag, Number, Visibility, CustomFields, UserIdRef, PersonIdRef, OrgIdRef,
        PictureIdRef, KeyedMap<String, Amount>, KeyedMap<StageId, KeyedMap<String, StageDealsTotal>>,
        DealStatus, FieldType, FilterOperator,
    );
    if has_items(original) {
        round_trip_all!(input, original; SearchResults<DealSearchItem>);
    }
    if is_response_body(original) {
        // The envelope, with `data` as the typed accessors read it.
        round_trip_all!(input, original; Envelope<Value>, Envelope<Vec<Deal>>, Envelope<Deal>);
        if original.get("data").is_some_and(has_items) {
            round_trip_all!(input, original; Envelope<SearchResults<PersonSearchItem>>);
        }
    }
}
