//! Resource models, one file per resource.
//!
//! Conventions, shared by every model declared with [`model!`](crate::model):
//!
//! * every field is `Option<T>`: absent and `null` both decode to `None`;
//! * ids are id newtypes ([`DealId`](crate::DealId), ...); references that some endpoints
//!   expand into objects are [`IdRef`](crate::IdRef)s ([`UserIdRef`], [`PersonIdRef`],
//!   [`OrgIdRef`]);
//! * booleans are [`Flag`](crate::Flag) (Pipedrive mixes `true`, `1` and `"1"`);
//! * money and fractional numbers are [`Number`](crate::Number) / [`Amount`](crate::Amount),
//!   which keep integer vs float vs string exactly; counts are `u64`;
//! * timestamps and dates stay `String` as sent (`"2019-05-29 04:21:51"`, sometimes `""`);
//! * closed value sets are [`string_enum!`](crate::string_enum) enums with an `Other` variant;
//! * nested objects that are large and optional are boxed to keep the parent small;
//! * every unknown key and every custom field lands in `extra`.

mod activity;
mod common;
mod deal;
mod file;
mod follower;
mod mail_message;
mod person;
mod product;
mod refs;
mod search;

pub use activity::*;
pub use common::*;
pub use deal::*;
pub use file::*;
pub use follower::*;
pub use mail_message::*;
pub use person::*;
pub use product::*;
pub use refs::*;
pub use search::*;
