//! Resource models, one file per resource.
//!
//! Conventions, shared by every model declared with [`model!`](crate::model):
//!
//! * every field is `Option<T>`: absent and `null` both decode to `None` (a `null` is
//!   remembered in `extra` so that it is written back);
//! * ids are id newtypes ([`DealId`](crate::DealId), ...), read from `5` or `"5"` (a model
//!   writes the text form back); references that some endpoints
//!   expand into objects are [`IdRef`](crate::IdRef)s ([`UserIdRef`], [`PersonIdRef`],
//!   [`OrgIdRef`]);
//! * booleans are [`Flag`](crate::Flag) (Pipedrive mixes `true`, `1` and `"1"`);
//! * money, prices, costs, quantities, discounts and taxes are [`Amount`](crate::Amount),
//!   exact decimals that keep the server's digits; other fractional numbers are
//!   [`Number`](crate::Number), which keeps integer vs float vs string exactly; counts,
//!   orders, sizes and other integers are [`Integer`](crate::Integer) (a `Number`: `3`
//!   and `"3"` both decode), read with [`NumberField::as_u64`](crate::NumberField::as_u64);
//! * date-only fields (`*_date`) are [`Date`](crate::Date), times of day (`due_time`,
//!   `next_activity_time`, UTC) [`TimeOfDay`](crate::TimeOfDay), and timestamps
//!   (`add_time`, `update_time`, `*_time`, UTC) [`Timestamp`](crate::Timestamp): chrono
//!   values through `get()`, with the text as sent kept (`""` reads as `None`);
//! * closed value sets are [`string_enum!`](crate::string_enum) enums with an `Other` variant;
//! * nested objects that are large and optional are boxed to keep the parent small;
//! * every unknown key and every custom field lands in `extra` (see `unknown_fields()`).

pub(crate) mod accessors;
mod activity;
mod activity_type;
mod billing;
mod call_log;
mod channel;
mod common;
mod currency;
mod deal;
mod field;
mod file;
mod filter;
mod follower;
mod lead;
mod mail_message;
mod organization;
mod person;
mod person_related;
mod product;
mod product_related;
mod refs;
mod role;
mod search;
mod stage;
mod user;

pub use activity::*;
pub use activity_type::*;
pub use billing::*;
pub use call_log::*;
pub use channel::*;
pub use common::*;
pub use currency::*;
pub use deal::*;
pub use field::*;
pub use file::*;
pub use filter::*;
pub use follower::*;
pub use lead::*;
pub use mail_message::*;
pub use organization::*;
pub use person::*;
pub use person_related::*;
pub use product::*;
pub use product_related::*;
pub use refs::*;
pub use role::*;
pub use search::*;
pub use stage::*;
pub use user::*;
