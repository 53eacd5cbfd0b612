//! Call logs: phone calls recorded by an integrated telephony provider.
use crate::lenient::{Flag, Number};
use crate::{ActivityId, CallLogId, CompanyId, DealId, OrganizationId, PersonId, UserId};

string_enum! {
    /// How a call ended.
    pub enum CallOutcome {
        /// Someone answered.
        Connected = "connected",
        /// Nobody answered.
        NoAnswer = "no_answer",
        /// A message was left with someone.
        LeftMessage = "left_message",
        /// A voicemail was left.
        LeftVoicemail = "left_voicemail",
        /// The number was wrong.
        WrongNumber = "wrong_number",
        /// The line was busy.
        Busy = "busy",
    }
}

model! {
    /// A call log. Call logs are activities too, and link to the deal, person and
    /// organization the call was about.
    pub struct CallLog {
        /// Id (a string, unlike most ids).
        id: Option<CallLogId>,
        /// The call activity this log belongs to.
        activity_id: Option<ActivityId>,
        /// Person called.
        person_id: Option<PersonId>,
        /// Organization the call was about.
        org_id: Option<OrganizationId>,
        /// Deal the call was about.
        deal_id: Option<DealId>,
        /// Subject of the call activity.
        subject: Option<String>,
        /// Length of the call in seconds. Sent as a string (`"0"`), so kept as a
        /// [`Number`]; see [`CallLog::duration_seconds`].
        duration: Option<Number>,
        /// How the call ended.
        outcome: Option<CallOutcome>,
        /// Number that placed the call.
        from_phone_number: Option<String>,
        /// Number that was called.
        to_phone_number: Option<String>,
        /// Whether an audio recording is attached.
        has_recording: Option<Flag>,
        /// When the call started (UTC).
        start_time: Option<crate::Timestamp>,
        /// When the call ended (UTC).
        end_time: Option<crate::Timestamp>,
        /// Owner of the call log.
        user_id: Option<UserId>,
        /// Company id.
        company_id: Option<CompanyId>,
        /// Note, in HTML.
        note: Option<String>,
    }
}

impl CallLog {
    /// `duration` in whole seconds, when it holds a number.
    pub fn duration_seconds(&self) -> Option<u64> {
        self.duration.as_ref()?.as_u64()
    }
}
