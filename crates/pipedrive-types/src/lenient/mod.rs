//! Types that accept every form Pipedrive uses for a value and write back the form
//! they received.
//!
//! Each type here remembers the wire form it was decoded from (a flag that came as `1`
//! goes out as `1`, an amount that came as `5000` does not become `5000.0`), so a model
//! survives a decode/encode round trip. A value built in code uses the canonical form
//! the API documents for request bodies.
//!
//! Input that fits none of the accepted forms is a serde error, never a panic.

mod amount;
mod custom_fields;
mod dates;
mod decimal;
mod flag;
mod id_ref;
mod items;
mod keyed_map;
mod number;
mod visibility;

pub use amount::{Amount, AmountError};
pub use custom_fields::CustomFields;
pub use dates::{Date, TimeOfDay, Timestamp, WhenField};
pub use flag::{Flag, FlagForm};
pub(crate) use id_ref::pick;
pub use id_ref::{IdRef, Ref, RefObject, RefSource, ref_parts};
pub use items::Items;
pub use keyed_map::KeyedMap;
pub use number::{Integer, Number, NumberField};
pub use visibility::{Visibility, VisibilityLevel};
