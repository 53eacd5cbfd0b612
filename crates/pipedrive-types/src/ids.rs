//! Id newtypes, so a person id cannot be passed where a deal id is expected.
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! int_ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.0.fmt(f) }
        }
        impl From<u64> for $name {
            fn from(v: u64) -> Self { Self(v) }
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
        impl From<&str> for $name {
            fn from(v: &str) -> Self { Self(v.to_owned()) }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str { &self.0 }
        }
    )*};
}

str_ids! {
    /// Id of a lead: a UUID string such as `adf21080-0e10-11eb-879b-05d71fb426ec`.
    /// Kept as text (not parsed) so any form the API sends survives unchanged.
    LeadId;
    /// Id of a call log (a string, unlike most ids).
    CallLogId;
    /// Id of a messaging channel (a string, unlike most ids).
    ChannelId;
}
