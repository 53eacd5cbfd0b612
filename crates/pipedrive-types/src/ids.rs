//! Id newtypes, so a person id cannot be passed where a deal id is expected.
//!
//! Numeric ids decode from a JSON number or from a string holding one (`5` or `"5"`:
//! some endpoints send ids of related objects as text). A model field that arrived as
//! text is written back as that text (see [`model!`](crate::model)); an id on its own
//! is always written as a number.
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Reads a numeric id from a number or from text that parses as one. Text is reported
/// to the model being decoded so that it can write the id back in that form.
pub(crate) struct IntIdVisitor;

impl Visitor<'_> for IntIdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer id, as a number or as text")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        let id = v
            .parse::<u64>()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))?;
        crate::__private::note_text_form(v);
        Ok(id)
    }
}

macro_rules! int_ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.0.fmt(f) }
        }
        impl From<u64> for $name {
            fn from(v: u64) -> Self { Self(v) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IntIdVisitor).map($name)
            }
        }
        impl crate::wire::QueryValue for $name {
            fn render(&self, out: &mut String) { self.0.render(out) }
        }
        impl crate::schema::Describe for $name {
            const KIND: crate::schema::FieldKind = crate::schema::FieldKind::Id;
        }
        impl crate::args::FromArg for $name {
            fn from_value(value: serde_json::Value) -> Result<Self, String> {
                crate::args::id_from_value(value).map($name)
            }
        }
    )*};
}

int_ids! {
    /// Id of a deal.
    DealId;
    /// Id of a person.
    PersonId;
    /// Id of an organization.
    OrganizationId;
    /// Id of a user of the company account.
    UserId;
    /// Id of an activity.
    ActivityId;
    /// Id of an activity type.
    ActivityTypeId;
    /// Id of a product.
    ProductId;
    /// Id of a stage.
    StageId;
    /// Id of a pipeline.
    PipelineId;
    /// Id of a filter.
    FilterId;
    /// Id of a file.
    FileId;
    /// Id of a role.
    RoleId;
    /// Id of a custom field definition.
    FieldId;
    /// Id of a follower relation (not the user id).
    FollowerId;
    /// Id of a deal participant relation (not the person id).
    ParticipantId;
    /// Id of a product attached to a deal (the attachment, not the product).
    ProductAttachmentId;
    /// Id of a currency.
    CurrencyId;
    /// Id of a profile picture.
    PictureId;
    /// Id of a product variation.
    ProductVariationId;
    /// Id of a mail message.
    MailMessageId;
    /// Id of a mail thread.
    MailThreadId;
    /// Id of a note.
    NoteId;
    /// Id of the company (account) an object belongs to.
    CompanyId;
    /// Id of a project.
    ProjectId;
    /// Id of a task of a project.
    TaskId;
    /// Id of a board that groups projects.
    BoardId;
    /// Id of a phase of a project board.
    PhaseId;
    /// Id of a project template.
    ProjectTemplateId;
    /// Id of an installment of a deal's payment schedule.
    InstallmentId;
}

macro_rules! str_ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);
        impl $name {
            /// The id text.
            pub fn as_str(&self) -> &str { &self.0 }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(&self.0) }
        }
        impl From<String> for $name {
            fn from(v: String) -> Self { Self(v) }
        }
        impl crate::schema::Describe for $name {
            const KIND: crate::schema::FieldKind = crate::schema::FieldKind::Id;
        }
        impl From<&str> for $name {
            fn from(v: &str) -> Self { Self(v.to_owned()) }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str { &self.0 }
        }
        impl crate::wire::QueryValue for $name {
            fn render(&self, out: &mut String) { out.push_str(&self.0) }
        }
        impl crate::args::FromArg for $name {
            fn from_value(value: serde_json::Value) -> Result<Self, String> {
                crate::args::text_id_from_value(value).map($name)
            }
        }
    )*
        /// The id types that are text rather than numbers; the code generator reads this
        /// list to pass them by reference.
        pub const TEXT_ID_TYPES: &[&str] = &[$(stringify!($name)),*];
    };
}

str_ids! {
    /// Id of a lead: a UUID string such as `adf21080-0e10-11eb-879b-05d71fb426ec`.
    /// Kept as text (not parsed) so any form the API sends survives unchanged.
    LeadId;
    /// Id of a call log (a string, unlike most ids).
    CallLogId;
    /// Id of a messaging channel (a string, unlike most ids).
    ChannelId;
    /// Id of a discount applied to a deal (a UUID string).
    DiscountId;
    /// Id of a deal/lead conversion job (a UUID string).
    ConversionId;
}
