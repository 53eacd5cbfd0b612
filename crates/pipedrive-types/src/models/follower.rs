//! Followers of deals, persons, organizations and products.
use crate::{DealId, FollowerId, OrganizationId, PersonId, ProductId, UserId};

model! {
    /// A user following an object. Which of `deal_id`, `person_id`, `org_id` or
    /// `product_id` is set depends on the object followed.
    pub struct Follower {
        /// The following user.
        user_id: Option<UserId>,
        /// Id of the follow relation (use it to remove the follower).
        id: Option<FollowerId>,
        /// Followed deal.
        deal_id: Option<DealId>,
        /// Followed person.
        person_id: Option<PersonId>,
        /// Followed organization.
        org_id: Option<OrganizationId>,
        /// Followed product.
        product_id: Option<ProductId>,
        /// When the user started following.
        add_time: Option<crate::Timestamp>,
    }
}
