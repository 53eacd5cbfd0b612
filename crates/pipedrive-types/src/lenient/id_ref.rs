use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// An expanded reference object that knows which id it points at.
///
/// Pipedrive's expanded refs carry the id as `value` and often also as `id`.
pub trait RefObject {
    /// The id type of the referenced object.
    type Id;
    /// The referenced id, from `id` or else `value`; `None` if the object has neither.
    fn ref_id(&self) -> Option<Self::Id>;
    /// The referenced object's display name, when the expanded form carries one.
    fn ref_name(&self) -> Option<&str> {
        None
    }
}

/// A reference as read from a model: the id it points at, the name when the server sent
/// one, and the expanded object (with every other field) when that form arrived.
///
/// The accessors of the models return it (`deal.owner()`, `deal.organization()`, ...),
/// whether the server sent the reference expanded or as a bare id.
///
/// ```
/// use pipedrive_types::{Deal, UserId};
/// let deal: Deal = serde_json::from_str(
///     r#"{"id":1,"user_id":{"id":7,"name":"Ann","email":"ann@example.com","value":7}}"#,
/// ).unwrap();
/// let owner = deal.owner().unwrap();
/// assert_eq!(owner.id, UserId(7));
/// assert_eq!(owner.name, Some("Ann"));
/// assert_eq!(owner.object.and_then(|u| u.email.as_deref()), Some("ann@example.com"));
/// ```
#[derive(Debug, PartialEq)]
pub struct Ref<'a, Obj: RefObject> {
    /// The referenced id.
    pub id: Obj::Id,
    /// The referenced object's name: from the expanded object, else from the name the
    /// model sends beside a bare id (`owner_name`, `person_name`, ...).
    pub name: Option<&'a str>,
    /// The expanded object, when the server sent one.
    pub object: Option<&'a Obj>,
}

impl<Obj: RefObject> Clone for Ref<'_, Obj>
where
    Obj::Id: Clone,
{
    fn clone(&self) -> Self {
        Ref {
            id: self.id.clone(),
            name: self.name,
            object: self.object,
        }
    }
}

impl<Obj: RefObject> Copy for Ref<'_, Obj> where Obj::Id: Copy {}

/// A model field that holds a reference to `Obj`, as a bare id or as an [`IdRef`]; the
/// model accessors read it through this.
pub trait RefSource<Obj: RefObject> {
    /// The reference, with `name` as the fallback name (`None` when the field is absent,
    /// or an expanded object carries no id).
    fn to_ref<'a>(&'a self, name: Option<&'a str>) -> Option<Ref<'a, Obj>>;
}

impl<Obj: RefObject> RefSource<Obj> for Option<IdRef<Obj::Id, Obj>>
where
    Obj::Id: Copy,
{
    fn to_ref<'a>(&'a self, name: Option<&'a str>) -> Option<Ref<'a, Obj>> {
        let r = self.as_ref()?;
        Some(Ref {
            id: r.id()?,
            name: r.name().or(name),
            object: r.object(),
        })
    }
}

/// Reads a reference sent as JSON, by the same rules as [`IdRef`] and [`RefObject`]: a
/// bare id (`5` or `"5"`), or an object whose id is `id` or else `value`, with its
/// `name`. For a binding that keeps responses as JSON; `None` when no id is found.
///
/// ```
/// use pipedrive_types::lenient::ref_parts;
/// let v = serde_json::json!({"name": "Acme", "value": 4});
/// assert_eq!(ref_parts(&v), Some((4, Some("Acme"))));
/// assert_eq!(ref_parts(&serde_json::json!("12")), Some((12, None)));
/// ```
pub fn ref_parts(value: &serde_json::Value) -> Option<(u64, Option<&str>)> {
    use serde_json::Value;
    fn id(v: &Value) -> Option<u64> {
        match v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
    match value {
        Value::Object(map) => {
            let found = pick(map.get("id").and_then(id), map.get("value").and_then(id))?;
            Some((found, map.get("name").and_then(Value::as_str)))
        }
        other => id(other).map(|i| (i, None)),
    }
}

/// The one rule for the id of an expanded reference: `id` when present, else `value`.
pub(crate) fn pick<T>(id: Option<T>, value: Option<T>) -> Option<T> {
    id.or(value)
}

/// A reference to another object that arrives either as its bare id (`5`) or as an
/// expanded object (`{"id":5,"name":"..","value":5}`), depending on the endpoint.
///
/// The form is kept: an id is written back as an id, an object as the object.
///
/// ```
/// use pipedrive_types::{IdRef, UserId, UserRef};
/// let r: IdRef<UserId, UserRef> = serde_json::from_str(r#"{"id":7,"name":"Ann","value":7}"#).unwrap();
/// assert_eq!(r.id(), Some(UserId(7)));
/// assert_eq!(r.object().and_then(|u| u.name.as_deref()), Some("Ann"));
/// let bare: IdRef<UserId, UserRef> = serde_json::from_str("7").unwrap();
/// assert_eq!(bare.id(), Some(UserId(7)));
/// assert_eq!(serde_json::to_string(&bare).unwrap(), "7");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum IdRef<Id, Obj> {
    /// The bare id.
    Id(Id),
    /// The expanded object.
    Object(Obj),
}

impl<Id: Copy, Obj: RefObject<Id = Id>> IdRef<Id, Obj> {
    /// The referenced id, whichever form arrived (`None` only for an object with
    /// neither `id` nor `value`).
    pub fn id(&self) -> Option<Id> {
        match self {
            IdRef::Id(id) => Some(*id),
            IdRef::Object(obj) => obj.ref_id(),
        }
    }
}

impl<Id, Obj: RefObject> IdRef<Id, Obj> {
    /// The referenced object's name: only an expanded object carries one.
    pub fn name(&self) -> Option<&str> {
        self.object().and_then(RefObject::ref_name)
    }
}

impl<Id, Obj> IdRef<Id, Obj> {
    /// The expanded object, when that form arrived.
    pub fn object(&self) -> Option<&Obj> {
        match self {
            IdRef::Id(_) => None,
            IdRef::Object(obj) => Some(obj),
        }
    }

    /// Whether the value arrived as an expanded object.
    pub fn is_object(&self) -> bool {
        matches!(self, IdRef::Object(_))
    }
}

impl<Id: Default, Obj> Default for IdRef<Id, Obj> {
    fn default() -> Self {
        IdRef::Id(Id::default())
    }
}

impl<Id, Obj> From<Id> for IdRef<Id, Obj> {
    fn from(id: Id) -> Self {
        IdRef::Id(id)
    }
}

impl<Id: Serialize, Obj: Serialize> Serialize for IdRef<Id, Obj> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IdRef::Id(id) => id.serialize(s),
            IdRef::Object(obj) => obj.serialize(s),
        }
    }
}

struct IdRefVisitor<Id, Obj>(PhantomData<fn() -> (Id, Obj)>);

impl<'de, Id: From<u64>, Obj: Deserialize<'de>> Visitor<'de> for IdRefVisitor<Id, Obj> {
    type Value = IdRef<Id, Obj>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id or an expanded object carrying one")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(IdRef::Id(Id::from(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v)
            .map(|u| IdRef::Id(Id::from(u)))
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    /// An id sent as text (`"5"`); the model field keeps the text for re-encoding.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        crate::ids::IntIdVisitor
            .visit_str(v)
            .map(|u| IdRef::Id(Id::from(u)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Obj::deserialize(de::value::MapAccessDeserializer::new(map)).map(IdRef::Object)
    }
}

impl<'de, Id: From<u64>, Obj: Deserialize<'de>> Deserialize<'de> for IdRef<Id, Obj> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IdRefVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{OrgIdRef, PersonIdRef, UserIdRef};
    use crate::{OrganizationId, PersonId, UserId};

    #[test]
    fn bare_id() {
        let r: UserIdRef = serde_json::from_str("8877").unwrap();
        assert_eq!(r, IdRef::Id(UserId(8877)));
        assert_eq!(r.id(), Some(UserId(8877)));
        assert!(r.object().is_none());
        assert_eq!(serde_json::to_string(&r).unwrap(), "8877");
    }

    #[test]
    fn expanded_user_keeps_every_key() {
        let json = r#"{"id":8877,"name":"Creator","email":"a@b.c","has_pic":false,"pic_hash":"x","active_flag":true,"value":8877,"new_key":[1]}"#;
        let r: UserIdRef = serde_json::from_str(json).unwrap();
        assert_eq!(r.id(), Some(UserId(8877)));
        let user = r.object().unwrap();
        assert_eq!(user.email.as_deref(), Some("a@b.c"));
        assert_eq!(user.extra.get("new_key"), Some(&serde_json::json!([1])));
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
    }

    #[test]
    fn id_falls_back_to_value() {
        let p: PersonIdRef = serde_json::from_str(r#"{"name":"P","value":1101}"#).unwrap();
        assert_eq!(p.id(), Some(PersonId(1101)));
        let o: OrgIdRef = serde_json::from_str(r#"{"name":"O"}"#).unwrap();
        assert_eq!(o.id(), None);
        let o: OrgIdRef = serde_json::from_str(r#"{"id":4,"value":5}"#).unwrap();
        assert_eq!(o.id(), Some(OrganizationId(4)));
    }

    #[test]
    fn json_reading_agrees_with_the_typed_one() {
        for json in [
            "7",
            r#""7""#,
            r#"{"id":4,"name":"O","value":5}"#,
            r#"{"name":"P","value":1101}"#,
            r#"{"name":"nobody"}"#,
        ] {
            let typed: OrgIdRef = serde_json::from_str(json).unwrap();
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let parts = ref_parts(&value);
            assert_eq!(parts.map(|p| p.0), typed.id().map(|i| i.0), "{json}");
            let name = typed.id().and(typed.name());
            assert_eq!(parts.and_then(|p| p.1), name, "{json}");
        }
    }

    #[test]
    fn built_in_code() {
        let r = UserIdRef::from(UserId(3));
        assert_eq!(serde_json::to_string(&r).unwrap(), "3");
    }

    #[test]
    fn malformed_is_an_error() {
        for bad in [
            "-1",
            "1.5",
            r#""x""#,
            r#""-5""#,
            "true",
            "[]",
            r#"{"id":"x"}"#,
        ] {
            assert!(
                serde_json::from_str::<UserIdRef>(bad).is_err(),
                "{bad} must not decode"
            );
        }
    }
}
