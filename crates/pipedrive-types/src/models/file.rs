//! File metadata.
use crate::lenient::Flag;
use crate::{
    ActivityId, CallLogId, DealId, FileId, LeadId, OrganizationId, PersonId, ProductId, UserId,
};

model! {
    /// Metadata of an uploaded or linked file.
    pub struct File {
        /// Id.
        id: Option<FileId>,
        /// Uploader.
        user_id: Option<UserId>,
        /// Linked deal.
        deal_id: Option<DealId>,
        /// Linked person.
        person_id: Option<PersonId>,
        /// Linked organization.
        org_id: Option<OrganizationId>,
        /// Linked product.
        product_id: Option<ProductId>,
        /// Linked activity.
        activity_id: Option<ActivityId>,
        /// Linked lead.
        lead_id: Option<LeadId>,
        /// Linked call log.
        log_id: Option<CallLogId>,
        /// Upload time.
        add_time: Option<crate::Timestamp>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// Stored file name.
        file_name: Option<String>,
        /// Kind (`img`, `pdf`, ...).
        file_type: Option<String>,
        /// Size in bytes.
        file_size: Option<crate::Integer>,
        /// Whether it is active.
        active_flag: Option<Flag>,
        /// Whether it is inline in an email.
        inline_flag: Option<Flag>,
        /// Storage (`s3`, `googledrive`, ...).
        remote_location: Option<String>,
        /// Id in that storage.
        remote_id: Option<String>,
        /// Content id for inline email parts.
        cid: Option<String>,
        /// Storage bucket.
        s3_bucket: Option<String>,
        /// Email it came from.
        mail_message_id: Option<String>,
        /// Email template it belongs to.
        mail_template_id: Option<String>,
        /// Name of the linked deal.
        deal_name: Option<String>,
        /// Name of the linked person.
        person_name: Option<String>,
        /// Names of linked persons.
        people_name: Option<String>,
        /// Name of the linked organization.
        org_name: Option<String>,
        /// Name of the linked product.
        product_name: Option<String>,
        /// Name of the linked lead.
        lead_name: Option<String>,
        /// Download URL.
        url: Option<String>,
        /// Display name.
        name: Option<String>,
        /// Description.
        description: Option<String>,
    }
}
