//! Users of the company account and what they may do.
use crate::lenient::Flag;
use crate::{CompanyId, RoleId, UserId};
use serde::Deserialize;

string_enum! {
    /// A Pipedrive app that a user can be given access to (`app` of a [`UserAccess`]).
    pub enum UserAccessApp {
        /// The CRM itself.
        Sales = "sales",
        /// Projects.
        Projects = "projects",
        /// Campaigns (email marketing).
        Campaigns = "campaigns",
        /// Settings shared by every app.
        Global = "global",
        /// Company account settings.
        AccountSettings = "account_settings",
    }
}

model! {
    /// A user of the company account, as the `/users` endpoints return it.
    ///
    /// `GET /users/me` adds the `company_*` fields and `language`; elsewhere they are
    /// `None`.
    pub struct User {
        /// Id.
        id: Option<UserId>,
        /// Display name.
        name: Option<String>,
        /// Three-letter code of the user's default currency.
        default_currency: Option<String>,
        /// Date and number format, e.g. `et_EE` (not the interface language).
        locale: Option<String>,
        /// Numeric id of the interface language.
        lang: Option<crate::Integer>,
        /// Login email.
        email: Option<String>,
        /// Phone number.
        phone: Option<String>,
        /// Whether the user has accepted the invitation and activated the account.
        activated: Option<Flag>,
        /// Time of the last login.
        last_login: Option<String>,
        /// When the user was created.
        created: Option<String>,
        /// When the user was last changed.
        modified: Option<String>,
        /// Whether this user created the company account.
        has_created_company: Option<Flag>,
        /// Per-app access.
        access: Option<Vec<UserAccess>>,
        /// Whether the user is active.
        active_flag: Option<Flag>,
        /// IANA time zone name, e.g. `Europe/Berlin`.
        timezone_name: Option<String>,
        /// UTC offset of the time zone, e.g. `+03:00`.
        timezone_offset: Option<String>,
        /// Role the user is assigned to.
        role_id: Option<RoleId>,
        /// URL of the user's icon.
        icon_url: Option<String>,
        /// Whether this is the user the request was made as.
        is_you: Option<Flag>,
        /// `/users/me` only: the company account id.
        company_id: Option<CompanyId>,
        /// `/users/me` only: the company name.
        company_name: Option<String>,
        /// `/users/me` only: the company's subdomain (`<domain>.pipedrive.com`).
        company_domain: Option<String>,
        /// `/users/me` only: the company's country code.
        company_country: Option<String>,
        /// `/users/me` only: the company's industry.
        company_industry: Option<String>,
        /// `/users/me` only: the interface language.
        language: Option<UserLanguage>,
    }
}

impl User {
    /// The access entry for one app, if the user has one.
    pub fn access_to(&self, app: &UserAccessApp) -> Option<&UserAccess> {
        self.access
            .as_deref()?
            .iter()
            .find(|a| a.app.as_ref() == Some(app))
    }
}

model! {
    /// The access a user has to one app.
    pub struct UserAccess {
        /// The app.
        app: Option<UserAccessApp>,
        /// Whether the user is an admin of the app.
        admin: Option<Flag>,
        /// Permission set (a UUID) granted within the app.
        permission_set_id: Option<String>,
    }
}

model! {
    /// The interface language of a user (`language` of `/users/me`).
    pub struct UserLanguage {
        /// Two-letter language code, e.g. `en`.
        language_code: Option<String>,
        /// Two-letter country code, e.g. `US`.
        country_code: Option<String>,
    }
}

model! {
    /// What a user is allowed to do, aggregated over all permission sets assigned to them
    /// (`GET /users/{id}/permissions`).
    ///
    /// Only the permissions the API reference shows are typed; the API sends many more
    /// `can_*` flags, which stay in `extra`. [`UserPermissions::allows`] reads either.
    pub struct UserPermissions {
        /// May add custom fields.
        can_add_custom_fields: Option<Flag>,
        /// May edit many items at once.
        can_bulk_edit_items: Option<Flag>,
        /// May change who can see items.
        can_change_visibility_of_items: Option<Flag>,
        /// May create automations of their own.
        can_create_own_workflow: Option<Flag>,
    }
}

impl UserPermissions {
    /// Whether the permission named `name` (e.g. `"can_bulk_edit_items"`) is granted:
    /// looks at the typed fields first, then at `extra`. `None` when the response does
    /// not mention it or its value is not a flag.
    pub fn allows(&self, name: &str) -> Option<bool> {
        let typed = match name {
            "can_add_custom_fields" => Some(self.can_add_custom_fields),
            "can_bulk_edit_items" => Some(self.can_bulk_edit_items),
            "can_change_visibility_of_items" => Some(self.can_change_visibility_of_items),
            "can_create_own_workflow" => Some(self.can_create_own_workflow),
            _ => None,
        };
        match typed {
            Some(flag) => flag.map(Flag::get),
            None => Flag::deserialize(self.extra.get(name)?).ok().map(Flag::get),
        }
    }
}
