//! Round trips of the lenient types and the envelope over generated input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::strategies::*;
use pipedrive_types::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// JSON text -> T -> JSON equals the same text parsed as a Value, up to nulls.
fn json_round_trip<T: DeserializeOwned + Serialize>(json: &Value) -> Result<T, TestCaseError> {
    let text = serde_json::to_string(json).unwrap();
    let typed: T = serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("decode {text}: {e}")))?;
    let original: Value = serde_json::from_str(&text).unwrap();
    let encoded = serde_json::to_value(&typed).unwrap();
    prop_assert_eq!(encoded, original, "input {}", text);
    Ok(typed)
}

/// T -> JSON -> T gives an equal value.
fn typed_round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    value: &T,
) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&text).unwrap();
    prop_assert_eq!(&back, value, "via {}", text);
    Ok(())
}

fn flag_form() -> impl Strategy<Value = FlagForm> {
    prop::sample::select(vec![
        FlagForm::Bool,
        FlagForm::Int,
        FlagForm::DigitString,
        FlagForm::WordString,
    ])
}

proptest! {
    #[test]
    fn flag_from_json(json in flag_json()) {
        let flag: Flag = json_round_trip(&json)?;
        let expected = matches!(&json, Value::Bool(true)) || json == 1 || json == "1" || json == "true";
        prop_assert_eq!(flag.get(), expected);
    }

    #[test]
    fn flag_typed(value in any::<bool>(), form in flag_form()) {
        typed_round_trip(&Flag::with_form(value, form))?;
    }

    #[test]
    fn flag_rejects_other_input(json in prop_oneof![
        (2u64..).prop_map(Value::from),
        any::<i64>().prop_filter("not 0/1", |i| *i != 0 && *i != 1).prop_map(Value::from),
        "[a-z]{2,8}".prop_filter("not a flag word", |s| s != "true" && s != "false").prop_map(Value::from),
    ]) {
        prop_assert!(serde_json::from_value::<Flag>(json).is_err());
    }

    #[test]
    fn number_from_json(json in number_json()) {
        let n: Number = json_round_trip(&json)?;
        prop_assert_eq!(n.is_text(), json.is_string());
        if let Some(i) = json.as_i64() {
            prop_assert_eq!(n.as_i64(), Some(i));
        }
        if let Some(u) = json.as_u64() {
            prop_assert_eq!(n.as_u64(), Some(u));
        }
    }

    #[test]
    fn amount_keeps_integers_integral(i in any::<i64>()) {
        let a: Amount = serde_json::from_str(&i.to_string()).unwrap();
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), i.to_string());
    }

    #[test]
    fn number_typed(n in prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        money_f64().prop_map(|f| Number::from_f64(f).unwrap()),
        text().prop_map(Number::from),
    ]) {
        let text = serde_json::to_string(&n).unwrap();
        let back: Number = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back.is_text(), n.is_text());
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
    }

    #[test]
    fn id_ref_from_json(json in user_ref_json()) {
        // A ref on its own writes an id as a number; inside a model field (where refs
        // live) an id that arrived as text is written back as text.
        let deal: Deal = json_round_trip(&serde_json::json!({"user_id": json.clone()}))?;
        let r = deal.user_id.unwrap();
        prop_assert_eq!(r.is_object(), json.is_object());
        let id = |v: &Value| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok()));
        let expected = match &json {
            Value::Object(m) => m.get("id").and_then(id).or_else(|| m.get("value").and_then(id)),
            other => id(other),
        };
        prop_assert_eq!(r.id().map(|u| u.0), expected);
    }

    #[test]
    fn id_ref_typed(id in any::<u64>(), name in prop::option::of(text())) {
        typed_round_trip(&UserIdRef::from(UserId(id)))?;
        let obj = UserRef { id: Some(UserId(id)), name, value: Some(UserId(id)), ..Default::default() };
        typed_round_trip(&UserIdRef::Object(obj))?;
    }

    #[test]
    fn visibility_from_json(json in visibility_json()) {
        let v: Visibility = json_round_trip(&json)?;
        prop_assert_eq!(v.is_numeric(), json.is_number());
        if let Some(code) = json.as_i64() {
            prop_assert_eq!(v.code(), Some(code));
        }
    }

    #[test]
    fn visibility_typed(level in prop_oneof![
        prop::sample::select(VisibilityLevel::ALL.to_vec()),
        text().prop_map(VisibilityLevel::from),
    ], numeric in any::<bool>()) {
        let v = Visibility::of(level);
        let v = if numeric { v.numeric() } else { v };
        let text = serde_json::to_string(&v).unwrap();
        let back: Visibility = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back.level(), v.level());
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
    }

    #[test]
    fn string_enum_keeps_any_value(s in prop_oneof![
        prop::sample::select(vec!["open", "won", "lost", "deleted"]).prop_map(String::from),
        text(),
    ]) {
        let status: DealStatus = json_round_trip(&Value::from(s.clone()))?;
        prop_assert_eq!(status.as_str(), s.as_str());
        prop_assert_eq!(status.is_known(), ["open", "won", "lost", "deleted"].contains(&s.as_str()));
        prop_assert_eq!(status.clone(), DealStatus::from(s.as_str()));
        prop_assert_eq!(status.to_string(), s.clone());
        let unit: DurationUnit = serde_json::from_value(Value::from(s.clone())).unwrap();
        prop_assert_eq!(unit.as_str(), s.as_str());
        let flow: FlowObject = serde_json::from_value(Value::from(s.clone())).unwrap();
        prop_assert_eq!(flow.as_str(), s.as_str());
    }

    #[test]
    fn keyed_map_round_trips(entries in prop::collection::btree_map("[A-Z]{3}", number_json(), 0..4), as_list in any::<bool>()) {
        let json = if entries.is_empty() && as_list {
            Value::Array(vec![])
        } else {
            Value::Object(entries.into_iter().collect())
        };
        let _: KeyedMap<String, Number> = json_round_trip(&json)?;
    }

    #[test]
    fn items_round_trip(values in prop::collection::vec(custom_value(), 0..4), single in any::<bool>()) {
        let json = match values.first() {
            Some(first) if single => serde_json::json!({"only": first}),
            _ => Value::Array(values.into_iter().map(|v| serde_json::json!({"v": v})).collect()),
        };
        let items: Items<Map<String, Value>> = json_round_trip(&json)?;
        prop_assert_eq!(items.len(), json.as_array().map_or(1, Vec::len));
    }

    #[test]
    fn pagination_and_envelope(
        success in any::<bool>(),
        start in maybe(id_json()),
        limit in maybe(id_json()),
        more in maybe(any::<bool>().prop_map(Value::from)),
        next_start in maybe(id_json()),
        next_cursor in maybe(text().prop_map(Value::from)),
        data in maybe(prop::collection::vec(scalar(), 0..4).prop_map(Value::from)),
        error in maybe(text().prop_map(Value::from)),
        error_info in maybe(text().prop_map(Value::from)),
        pagination_extra in prop::collection::vec(("x_[a-z]{1,6}", custom_value()), 0..2),
        top_extra in prop::collection::vec(("(code|errorCode|x_[a-z]{1,6})", custom_value()), 0..2),
        related in maybe(prop::collection::btree_map("[a-z]{1,6}", custom_value(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))),
    ) {
        let mut pagination = Map::new();
        for (k, v) in [("start", start), ("limit", limit), ("more_items_in_collection", more.clone()), ("next_start", next_start)] {
            if let Some(v) = v { pagination.insert(k.into(), v); }
        }
        pagination.extend(pagination_extra);
        let mut additional = Map::new();
        additional.insert("pagination".into(), Value::Object(pagination.clone()));
        if let Some(c) = next_cursor { additional.insert("next_cursor".into(), c); }
        let mut env = Map::new();
        env.insert("success".into(), Value::from(success));
        for (k, v) in [("data", data), ("error", error), ("error_info", error_info), ("related_objects", related)] {
            if let Some(v) = v { env.insert(k.into(), v); }
        }
        env.insert("additional_data".into(), Value::Object(additional));
        env.extend(top_extra);

        let p: Pagination = json_round_trip(&Value::Object(pagination))?;
        prop_assert_eq!(p.has_more(), more.and_then(|m| m.as_bool()).unwrap_or(false));
        let e: Envelope<Vec<Value>> = json_round_trip(&Value::Object(env))?;
        prop_assert_eq!(e.success, success);
        prop_assert!(e.pagination().is_some());
    }
}

/// Decimal text in JSON number syntax: sign, integer part, optional fraction and exponent.
fn decimal_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![Just("0".to_owned()), "[1-9][0-9]{0,24}"],
        prop::option::of("[0-9]{1,12}"),
        prop::option::of((prop::sample::select(vec!["e", "E", "e+", "e-"]), 0u8..30)),
    )
        .prop_map(|(neg, int, frac, exp)| {
            let mut s = String::new();
            if neg {
                s.push('-');
            }
            s.push_str(&int);
            if let Some(f) = frac {
                s.push('.');
                s.push_str(&f);
            }
            if let Some((e, n)) = exp {
                s.push_str(&format!("{e}{n}"));
            }
            s
        })
}

proptest! {
    #[test]
    fn amount_numbers_keep_their_digits(text in decimal_text()) {
        let a: Amount = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(a.to_string(), text.clone());
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), text.clone());
        // Parsed from text, it is the same amount and is sent with the same digits.
        let p: Amount = text.parse().unwrap();
        prop_assert_eq!(&p, &a);
        prop_assert_eq!(serde_json::to_string(&p).unwrap(), text);
    }

    #[test]
    fn amount_text_stays_text(text in prop_oneof![decimal_text(), text()]) {
        let json = serde_json::to_string(&text).unwrap();
        let a: Amount = serde_json::from_str(&json).unwrap();
        prop_assert!(a.is_text());
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), json);
    }

    #[test]
    fn amount_from_a_float_reads_back_as_that_float(f in finite_f64()) {
        let a = Amount::try_from(f).unwrap();
        prop_assert_eq!(a.to_f64(), Some(f));
        let back: Amount = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        prop_assert_eq!(back, a);
    }

    #[test]
    fn amounts_order_like_their_values(a in decimal_text(), b in decimal_text()) {
        let (x, y): (Amount, Amount) = (a.parse().unwrap(), b.parse().unwrap());
        let (fx, fy) = (x.to_f64().unwrap(), y.to_f64().unwrap());
        // Where doubles tell them apart, the exact comparison agrees.
        if fx < fy {
            prop_assert!(x < y, "{} < {}", a, b);
        }
        if fx > fy {
            prop_assert!(x > y, "{} > {}", a, b);
        }
        prop_assert_eq!(x.partial_cmp(&y).map(|o| o.reverse()), y.partial_cmp(&x));
    }
}
