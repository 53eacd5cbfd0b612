//! Email messages linked to deals, persons and organizations.
use crate::lenient::Flag;
use crate::models::{File, FlowObject};
use crate::{CompanyId, MailMessageId, MailThreadId, PersonId, UserId};

model! {
    /// One entry of `GET /deals/{id}/mailMessages`: the message wrapped with its kind
    /// and time.
    pub struct MailMessageItem {
        /// Kind of entry (`mailMessage`).
        object: Option<FlowObject>,
        /// When it happened.
        timestamp: Option<crate::Timestamp>,
        /// The message.
        data: Option<MailMessage>,
    }
}

model! {
    /// An email message.
    pub struct MailMessage {
        /// Id.
        id: Option<MailMessageId>,
        /// Sender(s).
        from: Option<Vec<MailParty>>,
        /// Recipients.
        to: Option<Vec<MailParty>>,
        /// Copy recipients.
        cc: Option<Vec<MailParty>>,
        /// Blind copy recipients.
        bcc: Option<Vec<MailParty>>,
        /// Where the body can be fetched.
        body_url: Option<String>,
        /// Id at the mail sync provider.
        nylas_id: Option<String>,
        /// Mail account id.
        account_id: Option<String>,
        /// Owner.
        user_id: Option<UserId>,
        /// Thread.
        mail_thread_id: Option<MailThreadId>,
        /// Subject.
        subject: Option<String>,
        /// Start of the body.
        snippet: Option<String>,
        /// Open tracking state (`opened`, `not opened`).
        mail_tracking_status: Option<String>,
        /// Whether link tracking is on.
        mail_link_tracking_enabled_flag: Option<Flag>,
        /// Whether it was read.
        read_flag: Option<Flag>,
        /// Draft text.
        draft: Option<String>,
        /// Storage bucket.
        s3_bucket: Option<String>,
        /// Path within the bucket.
        s3_bucket_path: Option<String>,
        /// Whether it is a draft.
        draft_flag: Option<Flag>,
        /// Whether it is synced.
        synced_flag: Option<Flag>,
        /// Whether it is deleted.
        deleted_flag: Option<Flag>,
        /// Whether it was deleted at the provider.
        external_deleted_flag: Option<Flag>,
        /// Whether it has a body.
        has_body_flag: Option<Flag>,
        /// Whether it was sent.
        sent_flag: Option<Flag>,
        /// Whether it was sent from Pipedrive.
        sent_from_pipedrive_flag: Option<Flag>,
        /// Whether it came in through the Smart Bcc address.
        smart_bcc_flag: Option<Flag>,
        /// When it was sent or received.
        message_time: Option<crate::Timestamp>,
        /// When Pipedrive stored it.
        add_time: Option<crate::Timestamp>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// Whether it has attachments.
        has_attachments_flag: Option<Flag>,
        /// Whether it has inline attachments.
        has_inline_attachments_flag: Option<Flag>,
        /// Whether it has non-inline attachments.
        has_real_attachments_flag: Option<Flag>,
        /// `Message-ID` header.
        mua_message_id: Option<String>,
        /// Template used.
        template_id: Option<crate::Integer>,
        /// Kind of item (`mailMessage`).
        item_type: Option<String>,
        /// Timestamp of the item.
        timestamp: Option<crate::Timestamp>,
        /// Company id.
        company_id: Option<CompanyId>,
        /// Attachments (in update flows).
        attachments: Option<Vec<File>>,
    }
}

model! {
    /// A sender or recipient of an email.
    pub struct MailParty {
        /// Id.
        id: Option<crate::Integer>,
        /// Address.
        email_address: Option<String>,
        /// Display name.
        name: Option<String>,
        /// Person matched to the address.
        linked_person_id: Option<PersonId>,
        /// Name of that person.
        linked_person_name: Option<String>,
        /// Id of the party record.
        mail_message_party_id: Option<crate::Integer>,
    }
}
