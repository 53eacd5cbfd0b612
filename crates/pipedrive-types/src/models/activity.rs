//! Activities (calls, meetings, tasks, ...).
use crate::lenient::{Flag, Number};
use crate::{ActivityId, CompanyId, DealId, LeadId, OrganizationId, PersonId, UserId};
use serde_json::Value;

model! {
    /// An activity: a call, meeting, task or other calendar entry.
    pub struct Activity {
        /// Id.
        id: Option<ActivityId>,
        /// Company id.
        company_id: Option<CompanyId>,
        /// Owner.
        user_id: Option<UserId>,
        /// Whether it is done.
        done: Option<Flag>,
        /// Activity type key (`call`, `meeting`, `deadline`, or an account's own type).
        r#type: Option<String>,
        /// Kind of the external system that created it.
        reference_type: Option<String>,
        /// Id in that system.
        reference_id: Option<crate::Integer>,
        /// Conferencing client id.
        conference_meeting_client: Option<String>,
        /// Conference link.
        conference_meeting_url: Option<String>,
        /// Conference meeting id.
        conference_meeting_id: Option<String>,
        /// Due date (`YYYY-MM-DD`).
        due_date: Option<crate::Date>,
        /// Due time (`HH:MM`).
        due_time: Option<crate::TimeOfDay>,
        /// Duration (`HH:MM`).
        duration: Option<String>,
        /// Whether it marks the owner busy.
        busy_flag: Option<Flag>,
        /// Creation time.
        add_time: Option<crate::Timestamp>,
        /// When it was marked done.
        marked_as_done_time: Option<crate::Timestamp>,
        /// When a notification was last sent.
        last_notification_time: Option<crate::Timestamp>,
        /// Who was last notified.
        last_notification_user_id: Option<UserId>,
        /// Language of notifications.
        notification_language_id: Option<crate::Integer>,
        /// Subject.
        subject: Option<String>,
        /// Description shown to attendees.
        public_description: Option<String>,
        /// Calendar sync context.
        calendar_sync_include_context: Option<String>,
        /// Location.
        location: Option<String>,
        /// Linked organization.
        org_id: Option<OrganizationId>,
        /// Linked person.
        person_id: Option<PersonId>,
        /// Linked deal.
        deal_id: Option<DealId>,
        /// Linked lead.
        lead_id: Option<LeadId>,
        /// Linked project.
        project_id: Option<crate::Integer>,
        /// Whether it is active.
        active_flag: Option<Flag>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// Who last updated it.
        update_user_id: Option<UserId>,
        /// Google Calendar event id.
        gcal_event_id: Option<String>,
        /// Google Calendar id.
        google_calendar_id: Option<String>,
        /// Google Calendar etag.
        google_calendar_etag: Option<String>,
        /// Time zone it was created in.
        source_timezone: Option<String>,
        /// Recurrence rule (RFC 5545 `RRULE`).
        rec_rule: Option<String>,
        /// Recurrence rule extension.
        rec_rule_extension: Option<String>,
        /// First activity of the recurring series.
        rec_master_activity_id: Option<ActivityId>,
        /// Recurring series entries.
        series: Option<Vec<Value>>,
        /// Note (HTML).
        note: Option<String>,
        /// Creator.
        created_by_user_id: Option<UserId>,
        /// Location: sub-premise.
        location_subpremise: Option<String>,
        /// Location: street number.
        location_street_number: Option<String>,
        /// Location: street.
        location_route: Option<String>,
        /// Location: district.
        location_sublocality: Option<String>,
        /// Location: city.
        location_locality: Option<String>,
        /// Location: state or county.
        location_admin_area_level_1: Option<String>,
        /// Location: region.
        location_admin_area_level_2: Option<String>,
        /// Location: country.
        location_country: Option<String>,
        /// Location: postal code.
        location_postal_code: Option<String>,
        /// Location: full formatted address.
        location_formatted_address: Option<String>,
        /// Invited attendees.
        attendees: Option<Vec<ActivityAttendee>>,
        /// Persons taking part.
        participants: Option<Vec<ActivityParticipant>>,
        /// Name of the linked organization.
        org_name: Option<String>,
        /// Name of the linked person.
        person_name: Option<String>,
        /// Title of the linked deal.
        deal_title: Option<String>,
        /// Owner's name.
        owner_name: Option<String>,
        /// Bcc address of the linked person's mailbox.
        person_dropbox_bcc: Option<String>,
        /// Bcc address of the linked deal's mailbox.
        deal_dropbox_bcc: Option<String>,
        /// User the activity is assigned to.
        assigned_to_user_id: Option<UserId>,
        /// Attached recording or file.
        file: Option<ActivityFile>,
    }
}

model! {
    /// An invited attendee of an activity.
    pub struct ActivityAttendee {
        /// Email address.
        email_address: Option<String>,
        /// Whether the attendee organizes it.
        is_organizer: Option<Flag>,
        /// Name.
        name: Option<String>,
        /// Matching person.
        person_id: Option<PersonId>,
        /// Response (`noreply`, `accepted`, ...).
        status: Option<String>,
        /// Matching user.
        user_id: Option<UserId>,
    }
}

model! {
    /// A person taking part in an activity.
    pub struct ActivityParticipant {
        /// The person.
        person_id: Option<PersonId>,
        /// Whether this is the primary person.
        primary_flag: Option<Flag>,
    }
}

model! {
    /// A file attached to an activity (call recordings).
    pub struct ActivityFile {
        /// File id (sent as a string).
        id: Option<Number>,
        /// File name.
        clean_name: Option<String>,
        /// Download URL.
        url: Option<String>,
    }
}
