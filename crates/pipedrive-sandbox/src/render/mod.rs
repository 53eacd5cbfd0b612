//! Turns stored records into the v1 response shapes: expanded references, derived
//! counts and names, `related_objects`. One module per model family ([`deal`],
//! [`contacts`], [`activity`], [`product`], [`file`], [`account`] for users and stages),
//! over the shared pieces: [`stats`] (counts derived from the whole store), [`related`]
//! (references and `related_objects`) and [`fields`] (fields several families render).
mod account;
mod activity;
mod contacts;
mod deal;
mod fields;
mod file;
mod product;
mod related;
mod stats;

pub(crate) use account::{render_stage, render_user};
pub(crate) use activity::render_activity;
pub(crate) use contacts::{render_org, render_person};
pub(crate) use deal::render_deal;
pub(crate) use file::render_file;
pub(crate) use product::render_product;
pub(crate) use related::{Related, person_ref, user_ref};
pub(crate) use stats::Stats;
