//! Conversions the generated parameter code shares.
use crate::error::PipedriveError;
use crate::json::JsonValue;
use pipedrive::types::Number;
use pipedrive::types::args::{ArgError, FromArg};
use serde_json::{Map, Value};

/// A parameter decoded by the rule the operation table applies to every surface's
/// arguments ([`FromArg`]): a closed enum refuses values it does not list, a visibility
/// is one of 1, 3, 5, 7. The error names the parameter.
pub fn arg<T: FromArg>(name: &str, value: impl Into<Value>) -> Result<T, PipedriveError> {
    T::from_value(value.into()).map_err(|m| pipedrive::Error::from(ArgError::new(name, m)).into())
}

/// The free-form `extra` body fields: absent means none; otherwise a JSON object.
pub fn extra(extra: Option<JsonValue>) -> Result<Map<String, Value>, PipedriveError> {
    match extra {
        Some(j) => j.into_object(),
        None => Ok(Map::new()),
    }
}

/// A lenient number as a result record's `Double`. What a Double cannot say is not
/// dropped: text that is not a number (a multi-label `"1,2"`, an empty `""`) and integers
/// beyond 2^53 are put in `spill` as received, under the field's JSON key, and reach the
/// record's `extra` (the field itself reads `null` for text, the nearest Double for a
/// large integer).
pub fn number(n: Option<Number>, key: &str, spill: &mut Map<String, Value>) -> Option<f64> {
    let n = n?;
    let f = n.as_f64();
    // 2^53 is the last integer every Double holds exactly; a decimal is read as the
    // nearest Double, as a float would be.
    let exact = f.is_some()
        && n.as_i64()
            .map_or(n.as_u64().is_none(), |i| i.unsigned_abs() <= 1 << 53);
    if !exact {
        spill.insert(key.to_owned(), raw(n));
    }
    f
}

/// A lenient integer as a record's `i64` (Kotlin `Long`, Swift `Int64`). What an `i64`
/// cannot say (text that is not a number, a fractional value, one beyond 2^63) is put in
/// `spill` as received, under the field's JSON key, and the field reads `null`.
pub fn integer(n: Option<Number>, key: &str, spill: &mut Map<String, Value>) -> Option<i64> {
    let n = n?;
    let i = n.as_i64();
    if i.is_none() {
        spill.insert(key.to_owned(), raw(n));
    }
    i
}

/// A list of lenient integers as a record's `List<i64>`; if any element is not an `i64`,
/// the whole list goes to `spill` as received and the field reads `null`.
pub fn integers(
    list: Option<Vec<Number>>,
    key: &str,
    spill: &mut Map<String, Value>,
) -> Option<Vec<i64>> {
    let list = list?;
    match list
        .iter()
        .map(Number::as_i64)
        .collect::<Option<Vec<i64>>>()
    {
        Some(all) => Some(all),
        None => {
            spill.insert(
                key.to_owned(),
                Value::Array(list.into_iter().map(raw).collect()),
            );
            None
        }
    }
}

/// An id field of a record. Ids cross as signed 64-bit integers (Kotlin and Java `Long`,
/// Swift `Int64`), so that Java callers get plain method names; an id beyond 2^63 - 1,
/// which no Pipedrive account has, is put in `spill` as received and the field reads
/// `null`.
pub fn id(id: Option<u64>, key: &str, spill: &mut Map<String, Value>) -> Option<i64> {
    let id = id?;
    let signed = i64::try_from(id).ok();
    if signed.is_none() {
        spill.insert(key.to_owned(), Value::from(id));
    }
    signed
}

/// A list of ids as a record's `List<i64>`; if one is beyond 2^63 - 1 the whole list goes
/// to `spill` as received and the field reads `null`.
pub fn ids(list: Option<Vec<u64>>, key: &str, spill: &mut Map<String, Value>) -> Option<Vec<i64>> {
    let list = list?;
    match list.iter().map(|&i| i64::try_from(i).ok()).collect() {
        Some(all) => Some(all),
        None => {
            spill.insert(key.to_owned(), Value::from(list));
            None
        }
    }
}

/// A reference field (`owner_id`: a bare id or an expanded object) as its record, built
/// by `object` from the reference and its signed id (`id_of` reads the id, from `id` or
/// else `value`). A reference carrying no id reads `null`; one whose id is beyond
/// 2^63 - 1 goes to `spill` as received, as [`id`] does.
pub fn reference<Ref: serde::Serialize, R>(
    v: Option<Ref>,
    key: &str,
    spill: &mut Map<String, Value>,
    id_of: impl FnOnce(&Ref) -> Option<u64>,
    object: impl FnOnce(Ref, i64) -> R,
) -> Option<R> {
    let v = v?;
    let raw_id = id_of(&v)?;
    match i64::try_from(raw_id) {
        Ok(id) => Some(object(v, id)),
        Err(_) => {
            spill.insert(
                key.to_owned(),
                serde_json::to_value(&v).unwrap_or(Value::Null),
            );
            None
        }
    }
}

/// An id argument (a path id, an id in parameters): negative is `InvalidInput` naming
/// the argument; the API's ids are never negative.
pub fn id_arg(name: &str, id: i64) -> Result<u64, PipedriveError> {
    u64::try_from(id).map_err(|_| {
        PipedriveError::invalid_input(format!("{name} must not be negative, got {id}"))
    })
}

/// A field of a v2 PATCH update from a mobile record, where a null field means "not
/// given": its value when set, `Clear` when `clear` names it, else `Keep`. Set and named
/// both is `InvalidInput`: the caller asked for two things.
pub fn patch<T>(
    value: Option<T>,
    clear: &[String],
    name: &str,
) -> Result<pipedrive::types::Patch<T>, PipedriveError> {
    use pipedrive::types::Patch;
    match (value, clear.iter().any(|c| c == name)) {
        (Some(_), true) => Err(PipedriveError::invalid_input(format!(
            "{name} is both set and named in `clear`"
        ))),
        (Some(v), false) => Ok(Patch::Set(v)),
        (None, true) => Ok(Patch::Clear),
        (None, false) => Ok(Patch::Keep),
    }
}

/// Checks that every name in a record's `clear` list is a field the update can clear.
pub fn known_fields(clear: &[String], known: &[&str]) -> Result<(), PipedriveError> {
    match clear.iter().find(|c| !known.contains(&c.as_str())) {
        None => Ok(()),
        Some(c) => Err(PipedriveError::invalid_input(format!(
            "`clear` names {c:?}, which is not a field this update can clear (one of {})",
            known.join(", ")
        ))),
    }
}

fn raw(n: Number) -> Value {
    match n {
        Number::Json(j) => Value::Number(j),
        Number::Text(t) => Value::String(t),
    }
}

/// A record's `extra`: the model's unknown keys plus the numbers [`number`] set aside.
///
/// Entries of the model's `extra` under a typed field's key only record how that field
/// arrived (`null`, an id sent as text) so that Rust can re-encode it; the record has
/// the field itself, so they are left out.
pub fn extra_out(
    extra: Map<String, Value>,
    fields: &[&str],
    spill: Map<String, Value>,
) -> JsonValue {
    let mut out: Map<String, Value> = extra
        .into_iter()
        .filter(|(k, _)| !fields.contains(&k.as_str()))
        .collect();
    out.extend(spill);
    JsonValue(Value::Object(out))
}

/// A record's `extra` for a model without number fields: its unknown keys.
pub fn unknown(extra: Map<String, Value>, fields: &[&str]) -> JsonValue {
    extra_out(extra, fields, Map::new())
}

/// The id of a record that must carry one (one an operation answered with, a list item):
/// a missing id is a decode error naming the model, with the message Rust's `Saved` and
/// the Python binding use.
pub fn required_id<I>(id: Option<I>, model: &str) -> Result<I, PipedriveError> {
    id.ok_or_else(|| decode(pipedrive::types::saved::missing_id(model)))
}

/// A required numeric id as the signed id records carry: one beyond 2^63 - 1 is a decode
/// error naming the model (no Pipedrive account has such ids).
pub fn signed_id(id: u64, model: &str) -> Result<i64, PipedriveError> {
    i64::try_from(id).map_err(|_| decode(format!("{model} id {id} is beyond 2^63 - 1")))
}

fn decode(message: String) -> PipedriveError {
    pipedrive::Error::Decode {
        status: 200,
        message,
        snippet: String::new(),
    }
    .into()
}

/// A nested value holding a record whose id is required: converted by `f`, or, when a
/// record in it has no id (a partial summary such as a deal's `last_activity`), put in
/// `spill` under the field's JSON key as received, the field reading as its default.
pub fn or_spill<T: serde::Serialize, U: Default>(
    value: T,
    key: &str,
    spill: &mut Map<String, Value>,
    f: impl FnOnce(T) -> Result<U, PipedriveError>,
) -> U {
    let raw = serde_json::to_value(&value).unwrap_or(Value::Null);
    match f(value) {
        Ok(u) => u,
        Err(_) => {
            spill.insert(key.to_owned(), raw);
            U::default()
        }
    }
}
