//! Messaging channels of app integrations and the messages they deliver.
use crate::lenient::Flag;
use crate::{ChannelId, CompanyId, UserId};

string_enum! {
    /// Which messenger a channel belongs to; decides the icons shown in the inbox.
    pub enum ChannelProviderType {
        /// Facebook Messenger.
        Facebook = "facebook",
        /// WhatsApp.
        Whatsapp = "whatsapp",
        /// Any other messenger (wire value `other`, the default; not to be confused with
        /// [`ChannelProviderType::Other`], which keeps unknown values).
        OtherProvider = "other",
    }
}

string_enum! {
    /// Delivery state of a channel message.
    pub enum ChannelMessageStatus {
        /// Sent by the sender.
        Sent = "sent",
        /// Delivered to the recipient.
        Delivered = "delivered",
        /// Read by the recipient.
        Read = "read",
        /// Could not be delivered.
        Failed = "failed",
    }
}

model! {
    /// A messaging channel registered by an app integration (`POST /channels`).
    pub struct Channel {
        /// Pipedrive's id of the channel (a UUID string).
        id: Option<ChannelId>,
        /// Name.
        name: Option<String>,
        /// URL of the channel's icon.
        avatar_url: Option<String>,
        /// The channel's id on the provider's side.
        provider_channel_id: Option<String>,
        /// Client id of the marketplace app that registered the channel.
        marketplace_client_id: Option<String>,
        /// Company the channel belongs to.
        pd_company_id: Option<CompanyId>,
        /// User who registered the channel.
        pd_user_id: Option<UserId>,
        /// When the channel was registered.
        created_at: Option<crate::Timestamp>,
        /// Messenger kind.
        provider_type: Option<ChannelProviderType>,
        /// Whether message templates are enabled in the inbox for this channel.
        template_support: Option<Flag>,
    }
}

model! {
    /// A message delivered into a channel conversation
    /// (`POST /channels/messages/receive`).
    pub struct ChannelMessage {
        /// The message's id, as given by the provider.
        id: Option<String>,
        /// The channel the message arrived on.
        channel_id: Option<ChannelId>,
        /// The provider's id of the sender.
        sender_id: Option<String>,
        /// The provider's id of the conversation.
        conversation_id: Option<String>,
        /// Message text.
        message: Option<String>,
        /// Delivery state.
        status: Option<ChannelMessageStatus>,
        /// When the provider created the message (ISO 8601, UTC).
        created_at: Option<crate::Timestamp>,
        /// Time after which the message can no longer be answered.
        reply_by: Option<String>,
        /// URL opening the conversation on the provider's side.
        conversation_link: Option<String>,
        /// Files attached to the message.
        attachments: Option<Vec<ChannelMessageAttachment>>,
    }
}

model! {
    /// A file attached to a [`ChannelMessage`].
    pub struct ChannelMessageAttachment {
        /// The attachment's id, as given by the provider.
        id: Option<String>,
        /// MIME type, e.g. `image/png`.
        r#type: Option<String>,
        /// File name.
        name: Option<String>,
        /// Size in bytes.
        size: Option<crate::Integer>,
        /// Where the file can be downloaded.
        url: Option<String>,
        /// Where a preview of the file can be downloaded.
        preview_url: Option<String>,
    }
}
