//! Roles of the permission hierarchy, their members and their visibility defaults.
use crate::lenient::{Flag, Number, Visibility};
use crate::{RoleId, UserId};

model! {
    /// A role of the permission hierarchy.
    pub struct Role {
        /// Id.
        id: Option<RoleId>,
        /// The role above this one.
        parent_role_id: Option<RoleId>,
        /// Name.
        name: Option<String>,
        /// Whether the role is active.
        active_flag: Option<Flag>,
        /// Number of users assigned to the role. Sent as a string (`"1"`), so kept as a
        /// [`Number`]; see [`Role::assignments`].
        assignment_count: Option<Number>,
        /// Number of roles directly below this one, sent as a string like
        /// `assignment_count`; see [`Role::sub_roles`].
        sub_role_count: Option<Number>,
        /// Depth in the hierarchy (lists only).
        level: Option<crate::Integer>,
    }
}

impl Role {
    /// `assignment_count` as a number, when it holds one.
    pub fn assignments(&self) -> Option<u64> {
        self.assignment_count.as_ref()?.as_u64()
    }

    /// `sub_role_count` as a number, when it holds one.
    pub fn sub_roles(&self) -> Option<u64> {
        self.sub_role_count.as_ref()?.as_u64()
    }
}

model! {
    /// A user's membership in a role (role assignment lists, and the answer to adding one,
    /// which only carries `user_id` and `role_id`).
    pub struct RoleAssignment {
        /// The assigned user.
        user_id: Option<UserId>,
        /// The role.
        role_id: Option<RoleId>,
        /// The role's parent.
        parent_role_id: Option<RoleId>,
        /// The role's name.
        name: Option<String>,
        /// Whether the assignment is active.
        active_flag: Option<Flag>,
        /// Kind of assignment, as a code (`"1"`).
        r#type: Option<String>,
    }
}

model! {
    /// Default visibility of new items per item type, as set on a role (also what a user
    /// gets from their role). Values are sent as numbers (`1`) and written back so.
    pub struct RoleSettings {
        /// Default visibility of new deals.
        deal_default_visibility: Option<Visibility>,
        /// Default visibility of new leads.
        lead_default_visibility: Option<Visibility>,
        /// Default visibility of new organizations.
        org_default_visibility: Option<Visibility>,
        /// Default visibility of new persons.
        person_default_visibility: Option<Visibility>,
        /// Default visibility of new products.
        product_default_visibility: Option<Visibility>,
    }
}

model! {
    /// The answer to adding or updating one role setting: the role id and the one
    /// setting that was written (the other setting fields are `None`).
    pub struct RoleSettingResult {
        /// The role.
        id: Option<RoleId>,
        /// New default visibility of deals, when that was the setting written.
        deal_default_visibility: Option<Visibility>,
        /// New default visibility of leads, when that was the setting written.
        lead_default_visibility: Option<Visibility>,
        /// New default visibility of organizations, when that was the setting written.
        org_default_visibility: Option<Visibility>,
        /// New default visibility of persons, when that was the setting written.
        person_default_visibility: Option<Visibility>,
        /// New default visibility of products, when that was the setting written.
        product_default_visibility: Option<Visibility>,
    }
}

model! {
    /// A write that answers only with the id it touched (`{"id": 2}`), such as adding or
    /// renaming a role.
    pub struct IdResult {
        /// Id of the object written.
        id: Option<crate::Integer>,
    }
}
