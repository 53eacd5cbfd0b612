//! Organizations (companies the account deals with).
use crate::lenient::{Flag, Number, Visibility};
use crate::models::{Activity, PictureIdRef, SearchUser, UserIdRef};
use crate::{ActivityId, CompanyId, OrganizationId};
use serde_json::Value;

model! {
    /// An organization.
    ///
    /// The postal address comes as one string (`address`) plus its parsed parts
    /// (`address_locality`, `address_country`, ...). Fields only the detail endpoint
    /// returns (`last_activity`, `next_activity`) are `None` elsewhere. Custom fields
    /// are in `extra`; see [`Organization::custom_fields`].
    pub struct Organization {
        /// Id.
        id: Option<OrganizationId>,
        /// Company id.
        company_id: Option<CompanyId>,
        /// Owner.
        owner_id: Option<UserIdRef>,
        /// Name.
        name: Option<String>,
        /// Open deals.
        open_deals_count: Option<crate::Integer>,
        /// Open deals including related ones.
        related_open_deals_count: Option<crate::Integer>,
        /// Closed deals.
        closed_deals_count: Option<crate::Integer>,
        /// Closed deals including related ones.
        related_closed_deals_count: Option<crate::Integer>,
        /// Emails.
        email_messages_count: Option<crate::Integer>,
        /// Persons in the organization.
        people_count: Option<crate::Integer>,
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
        /// Whether the organization is active.
        active_flag: Option<Flag>,
        /// Picture.
        picture_id: Option<PictureIdRef>,
        /// Country code (`USA`).
        country_code: Option<String>,
        /// First letter of the name.
        first_char: Option<String>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// Creation time.
        add_time: Option<crate::Timestamp>,
        /// Who can see the organization.
        visible_to: Option<Visibility>,
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
        /// Label id (or comma-separated ids).
        label: Option<Number>,
        /// Full postal address as entered.
        address: Option<String>,
        /// Address: apartment, suite or floor.
        address_subpremise: Option<String>,
        /// Address: house number.
        address_street_number: Option<String>,
        /// Address: street.
        address_route: Option<String>,
        /// Address: district.
        address_sublocality: Option<String>,
        /// Address: city.
        address_locality: Option<String>,
        /// Address: state or county.
        address_admin_area_level_1: Option<String>,
        /// Address: region below `address_admin_area_level_1`.
        address_admin_area_level_2: Option<String>,
        /// Address: country.
        address_country: Option<String>,
        /// Address: postal code.
        address_postal_code: Option<String>,
        /// Address as normalized by the geocoder.
        address_formatted_address: Option<String>,
        /// Owner's name.
        owner_name: Option<String>,
        /// Address that files emails into the organization.
        cc_email: Option<String>,
        /// Detail only: the last activity.
        last_activity: Option<Box<Activity>>,
        /// Detail only: the next activity.
        next_activity: Option<Box<Activity>>,
    }
}

model! {
    /// An organization as returned by `GET /organizations/search` (a short form, not an
    /// [`Organization`]).
    pub struct OrganizationSearchItem {
        /// Id.
        id: Option<OrganizationId>,
        /// Always `organization`.
        r#type: Option<String>,
        /// Name.
        name: Option<String>,
        /// Postal address.
        address: Option<String>,
        /// Who can see the organization (a number here).
        visible_to: Option<Visibility>,
        /// Owner.
        owner: Option<SearchUser>,
        /// Matching custom field values.
        custom_fields: Option<Vec<Value>>,
        /// Matching notes.
        notes: Option<Vec<String>>,
    }
}
