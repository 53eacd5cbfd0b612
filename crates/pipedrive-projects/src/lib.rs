//! Pipedrive Projects for pipedrive-rs: projects, their tasks, the boards and phases they
//! move through, project fields and project templates. These exist only in API v2, so
//! every resource lives in [`v2`].
//!
//! Each resource is a cheap-to-clone handle with one method per endpoint, generated from
//! the v2 contract by `pipedrive-codegen`; list methods return a lazy [`Paginator`] over
//! cursor pages. Most users reach them through the facade crate:
//!
//! ```no_run
//! # fn main() -> Result<(), pipedrive::Error> {
//! use pipedrive::projects::v2::{CreateProject, ListProjects};
//!
//! let client = pipedrive::Client::from_env()?;
//! let mut new = CreateProject::new("Onboarding");
//! new.board_id = Some(pipedrive::types::BoardId(1));
//! new.phase_id = Some(pipedrive::types::PhaseId(1));
//! let project = client.v2().projects().create(&new)?;
//! println!("created project {:?}", project.id);
//! for project in client.v2().projects().list(&ListProjects::new()).take(10) {
//!     println!("{:?}", project?.title);
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod generated;

pub use generated::*;
pub use pipedrive_transport::{Error, Paginator, Result};
