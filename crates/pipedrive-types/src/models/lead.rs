//! Leads: potential deals kept in the Leads Inbox until they are qualified.
use crate::lenient::{Amount, Flag, Visibility};
use crate::models::{SearchOrganization, SearchPerson, SearchUser};
use crate::{ActivityId, LeadId, OrganizationId, PersonId, UserId};
use serde_json::Value;

model! {
    /// The potential value of a lead: an amount and its currency.
    pub struct LeadValue {
        /// The amount.
        amount: Option<Amount>,
        /// Three-letter currency code.
        currency: Option<String>,
    }
}

model! {
    /// A lead.
    ///
    /// Unlike deals, leads reference their owner, person and organization by plain
    /// ids, and their own id is a UUID string. Custom fields (shared with deals) are
    /// in `extra`; see [`Lead::custom_fields`].
    pub struct Lead {
        /// Id (a UUID).
        id: Option<LeadId>,
        /// Title.
        title: Option<String>,
        /// Owner.
        owner_id: Option<UserId>,
        /// User who created the lead.
        creator_id: Option<UserId>,
        /// Ids (UUIDs) of the lead labels attached.
        label_ids: Option<Vec<String>>,
        /// Linked person.
        person_id: Option<PersonId>,
        /// Linked organization.
        organization_id: Option<OrganizationId>,
        /// Where the lead came from (`API`, `Manually created`, ...).
        source_name: Option<String>,
        /// Whether the lead is archived.
        is_archived: Option<Flag>,
        /// Whether the lead has been opened in the app.
        was_seen: Option<Flag>,
        /// Potential value.
        value: Option<LeadValue>,
        /// Expected close date (`YYYY-MM-DD`).
        expected_close_date: Option<crate::Date>,
        /// Next planned activity.
        next_activity_id: Option<ActivityId>,
        /// Creation time (ISO 8601, e.g. `2020-10-14T11:30:36.551Z`).
        add_time: Option<crate::Timestamp>,
        /// Last update time (ISO 8601).
        update_time: Option<crate::Timestamp>,
        /// Who can see the lead.
        visible_to: Option<Visibility>,
        /// Address that files emails into the lead.
        cc_email: Option<String>,
    }
}

model! {
    /// A lead as returned by `GET /leads/search` (a short form, not a [`Lead`]).
    pub struct LeadSearchItem {
        /// Id (a UUID).
        id: Option<LeadId>,
        /// Always `lead`.
        r#type: Option<String>,
        /// Title.
        title: Option<String>,
        /// Owner.
        owner: Option<SearchUser>,
        /// Linked person.
        person: Option<SearchPerson>,
        /// Linked organization.
        organization: Option<SearchOrganization>,
        /// Phone numbers of the linked person.
        phones: Option<Vec<String>>,
        /// Email addresses of the linked person.
        emails: Option<Vec<String>>,
        /// Matching custom field values.
        custom_fields: Option<Vec<Value>>,
        /// Matching notes.
        notes: Option<Vec<String>>,
        /// Potential value (a bare amount here, unlike [`Lead::value`]).
        value: Option<Amount>,
        /// Currency of `value`.
        currency: Option<String>,
        /// Who can see the lead (a number here).
        visible_to: Option<Visibility>,
        /// Whether the lead is archived.
        is_archived: Option<Flag>,
    }
}

model! {
    /// What deleting a lead answers: the UUID of the deleted lead.
    pub struct LeadDeleteResult {
        /// Id of the deleted lead.
        id: Option<LeadId>,
    }
}
