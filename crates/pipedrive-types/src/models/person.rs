//! Persons (contacts).
use crate::lenient::{Flag, Number, Visibility};
use crate::models::{ContactValue, OrgIdRef, PictureIdRef, UserIdRef};
use crate::{ActivityId, CompanyId, PersonId};

string_enum! {
    /// Campaigns consent state of a person.
    pub enum MarketingStatus {
        /// No consent given.
        NoConsent = "no_consent",
        /// Unsubscribed.
        Unsubscribed = "unsubscribed",
        /// Subscribed.
        Subscribed = "subscribed",
        /// Archived.
        Archived = "archived",
    }
}

model! {
    /// A person (contact).
    pub struct Person {
        /// Id.
        id: Option<PersonId>,
        /// Company id.
        company_id: Option<CompanyId>,
        /// Owner.
        owner_id: Option<UserIdRef>,
        /// Organization.
        org_id: Option<OrgIdRef>,
        /// Full name.
        name: Option<String>,
        /// First name.
        first_name: Option<String>,
        /// Last name.
        last_name: Option<String>,
        /// Open deals.
        open_deals_count: Option<crate::Integer>,
        /// Open deals including related ones.
        related_open_deals_count: Option<crate::Integer>,
        /// Closed deals.
        closed_deals_count: Option<crate::Integer>,
        /// Closed deals including related ones.
        related_closed_deals_count: Option<crate::Integer>,
        /// Open deals the person participates in.
        participant_open_deals_count: Option<crate::Integer>,
        /// Closed deals the person participates in.
        participant_closed_deals_count: Option<crate::Integer>,
        /// Emails.
        email_messages_count: Option<crate::Integer>,
        /// Activities.
        activities_count: Option<crate::Integer>,
        /// Done activities.
        done_activities_count: Option<crate::Integer>,
        /// Activities not done yet.
        undone_activities_count: Option<crate::Integer>,
        /// Files.
        files_count: Option<crate::Integer>,
        /// Notes.
        notes_count: Option<crate::Integer>,
        /// Followers.
        followers_count: Option<crate::Integer>,
        /// Won deals.
        won_deals_count: Option<crate::Integer>,
        /// Won deals including related ones.
        related_won_deals_count: Option<crate::Integer>,
        /// Lost deals.
        lost_deals_count: Option<crate::Integer>,
        /// Lost deals including related ones.
        related_lost_deals_count: Option<crate::Integer>,
        /// Whether the person is active.
        active_flag: Option<Flag>,
        /// Phone numbers.
        phone: Option<Vec<ContactValue>>,
        /// Email addresses.
        email: Option<Vec<ContactValue>>,
        /// Primary email address.
        primary_email: Option<String>,
        /// First letter of the name.
        first_char: Option<String>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// Creation time.
        add_time: Option<crate::Timestamp>,
        /// Who can see the person.
        visible_to: Option<Visibility>,
        /// Campaigns consent (only with the Campaigns product).
        marketing_status: Option<MarketingStatus>,
        /// Profile picture.
        picture_id: Option<PictureIdRef>,
        /// Whether a sync is pending.
        sync_needed: Option<Flag>,
        /// Date of the next activity.
        next_activity_date: Option<crate::Date>,
        /// Time of the next activity.
        next_activity_time: Option<crate::TimeOfDay>,
        /// Next activity.
        next_activity_id: Option<ActivityId>,
        /// Last activity.
        last_activity_id: Option<ActivityId>,
        /// Date of the last activity.
        last_activity_date: Option<crate::Date>,
        /// Time of the last incoming email.
        last_incoming_mail_time: Option<crate::Timestamp>,
        /// Time of the last outgoing email.
        last_outgoing_mail_time: Option<crate::Timestamp>,
        /// Label id (or comma-separated ids).
        label: Option<Number>,
        /// Label ids.
        label_ids: Option<Vec<crate::Integer>>,
        /// Organization name.
        org_name: Option<String>,
        /// Owner's name.
        owner_name: Option<String>,
        /// Address that files emails into the person.
        cc_email: Option<String>,
    }
}
