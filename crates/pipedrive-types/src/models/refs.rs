//! Expanded reference objects (`user_id`, `person_id`, `org_id`, `picture_id` on some
//! endpoints) and the [`IdRef`] aliases that use them.
use crate::lenient::{Flag, IdRef, Ref, RefObject, RefSource};
use crate::models::ContactValue;
use crate::{OrganizationId, PersonId, PictureId, UserId};

model! {
    /// A user as expanded inside another object (`creator_user_id`, `owner_id`, ...).
    pub struct UserRef {
        /// The user's id.
        id: Option<UserId>,
        /// Display name.
        name: Option<String>,
        /// Login email.
        email: Option<String>,
        /// Whether the user has a profile picture (`false` or `0`/`1` depending on the endpoint).
        has_pic: Option<Flag>,
        /// Hash of the profile picture.
        pic_hash: Option<String>,
        /// Whether the user is active.
        active_flag: Option<Flag>,
        /// The id again; Pipedrive's ref objects always carry it here.
        value: Option<UserId>,
    }
}

model! {
    /// A person as expanded inside another object (`person_id` on deals, ...).
    pub struct PersonRef {
        /// The person's id, when the endpoint includes it (`value` always does).
        id: Option<PersonId>,
        /// Whether the person is active.
        active_flag: Option<Flag>,
        /// Name.
        name: Option<String>,
        /// Email addresses.
        email: Option<Vec<ContactValue>>,
        /// Phone numbers.
        phone: Option<Vec<ContactValue>>,
        /// Owner user id.
        owner_id: Option<UserId>,
        /// The person id.
        value: Option<PersonId>,
    }
}

model! {
    /// An organization as expanded inside another object (`org_id` on deals, persons, ...).
    pub struct OrgRef {
        /// The organization's id, when the endpoint includes it (`value` always does).
        id: Option<OrganizationId>,
        /// Name.
        name: Option<String>,
        /// Number of persons in the organization.
        people_count: Option<crate::Integer>,
        /// Owner user id.
        owner_id: Option<UserId>,
        /// Postal address.
        address: Option<String>,
        /// Whether the organization is active.
        active_flag: Option<Flag>,
        /// Address that files emails into the organization.
        cc_email: Option<String>,
        /// The organization id.
        value: Option<OrganizationId>,
    }
}

model! {
    /// A profile picture as expanded in `picture_id`.
    pub struct PictureRef {
        /// The picture's id, when the endpoint includes it.
        id: Option<PictureId>,
        /// Kind of object the picture belongs to (`person`, ...).
        item_type: Option<String>,
        /// Id of that object.
        item_id: Option<crate::Integer>,
        /// Whether the picture is active.
        active_flag: Option<Flag>,
        /// When it was added.
        add_time: Option<crate::Timestamp>,
        /// When it was last changed (`0000-00-00 00:00:00` if never).
        update_time: Option<crate::Timestamp>,
        /// Who added it.
        added_by_user_id: Option<UserId>,
        /// URLs per size.
        pictures: Option<PictureUrls>,
        /// The picture id.
        value: Option<PictureId>,
    }
}

model! {
    /// Picture URLs keyed by pixel size.
    pub struct PictureUrls {
        /// 128 px version (`"128"`).
        small as "128": Option<String>,
        /// 512 px version (`"512"`).
        large as "512": Option<String>,
    }
}

macro_rules! ref_object {
    ($($obj:ty => $id:ty, $($name:ident)?;)*) => {$(
        impl RefObject for $obj {
            type Id = $id;
            fn ref_id(&self) -> Option<$id> {
                crate::lenient::pick(self.id, self.value)
            }
            $(
                fn ref_name(&self) -> Option<&str> {
                    self.$name.as_deref()
                }
            )?
        }

        /// A field holding the bare id: the reference has only the id and the name
        /// the model sends beside it.
        impl RefSource<$obj> for Option<$id> {
            fn to_ref<'a>(&'a self, name: Option<&'a str>) -> Option<Ref<'a, $obj>> {
                Some(Ref { id: (*self)?, name, object: None })
            }
        }
    )*
        /// Each id type a reference can point with, and the model of the expanded form
        /// (`("UserId", "UserRef")`): a binding accepts such a reference where that id
        /// is asked for.
        pub const REF_ID_TYPES: &[(&str, &str)] = &[ $( (stringify!($id), stringify!($obj)) ),* ];
    };
}
ref_object! {
    UserRef => UserId, name;
    PersonRef => PersonId, name;
    OrgRef => OrganizationId, name;
    PictureRef => PictureId, ;
}

/// A user reference: a bare [`UserId`] or an expanded [`UserRef`].
pub type UserIdRef = IdRef<UserId, UserRef>;
/// A person reference: a bare [`PersonId`] or an expanded [`PersonRef`].
pub type PersonIdRef = IdRef<PersonId, PersonRef>;
/// An organization reference: a bare [`OrganizationId`] or an expanded [`OrgRef`].
pub type OrgIdRef = IdRef<OrganizationId, OrgRef>;
/// A picture reference: a bare [`PictureId`] or an expanded [`PictureRef`].
pub type PictureIdRef = IdRef<PictureId, PictureRef>;
