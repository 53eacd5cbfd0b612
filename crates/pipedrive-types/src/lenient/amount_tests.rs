#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::args::FromArg;
use serde_json::json;

fn decoded(json: &str) -> Amount {
    let a: Amount = serde_json::from_str(json).unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        json,
        "written back as {json}"
    );
    a
}

#[test]
fn numbers_keep_the_servers_digits() {
    assert_eq!(decoded("1234.50").as_str(), "1234.50");
    assert_eq!(decoded("0.1").as_str(), "0.1");
    assert_eq!(
        decoded("12345678901234567.89").as_str(),
        "12345678901234567.89"
    );
    assert_eq!(decoded("1e3").as_str(), "1e3");
    assert_eq!(decoded("-0.000").as_str(), "-0.000");
    assert_eq!(decoded("5000").to_i64(), Some(5000));
    assert!(!decoded("5000.0").is_text());
}

#[test]
fn text_stays_text() {
    let a = decoded(r#""1234.5""#);
    assert!(a.is_text());
    assert_eq!(a.to_f64(), Some(1234.5));
    let empty = decoded(r#""""#);
    assert!(!empty.is_decimal());
    assert_eq!(empty.to_f64(), None);
    assert_eq!(decoded(r#""1,5""#).as_str(), "1,5");
}

#[test]
fn decoding_through_a_value_or_a_buffer_falls_back_to_the_parsed_number() {
    // serde_json::Value hands over its own text of the number.
    let a: Amount = serde_json::from_value(json!(1234.5)).unwrap();
    assert_eq!(a.as_str(), "1234.5");
    // A buffering deserializer (untagged enums, flatten) only offers the parsed number.
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Amount(Amount),
    }
    let Either::Amount(b) = serde_json::from_str::<Either>("12.25").unwrap();
    assert_eq!(b.as_str(), "12.25");
    let Either::Amount(c) = serde_json::from_str::<Either>("7").unwrap();
    assert_eq!(c.as_str(), "7");
}

#[test]
fn other_json_is_refused() {
    for bad in ["true", "null", "[]", "{}", r#"{"a":1}"#] {
        assert!(serde_json::from_str::<Amount>(bad).is_err(), "{bad}");
    }
}

#[test]
fn built_from_the_languages_numbers() {
    assert_eq!(Amount::from(1200).to_string(), "1200");
    assert_eq!(Amount::from(-3i8).to_string(), "-3");
    assert_eq!(Amount::try_from(0.1).unwrap().as_str(), "0.1");
    assert_eq!(Amount::try_from(0.1f32).unwrap().as_str(), "0.1");
    assert_eq!(Amount::try_from(1234.5).unwrap().as_str(), "1234.5");
    assert!(Amount::try_from(f64::NAN).is_err());
    assert!(Amount::try_from(f64::INFINITY).is_err());
    assert_eq!("1234.50".parse::<Amount>().unwrap().as_str(), "1234.50");
    assert_eq!(" +0012.5 ".parse::<Amount>().unwrap().as_str(), "12.5");
    assert_eq!("-0".parse::<Amount>().unwrap().as_str(), "-0");
    assert_eq!("1E+3".parse::<Amount>().unwrap().as_str(), "1E+3");
    for bad in [
        "", "abc", "1,5", "1.", ".5", "NaN", "inf", "1e", "--1", "+-1", "1 000",
    ] {
        assert!(bad.parse::<Amount>().is_err(), "{bad:?}");
    }
    let sent = serde_json::to_string(&"12345678901234567.89".parse::<Amount>().unwrap()).unwrap();
    assert_eq!(sent, "12345678901234567.89");
}

#[test]
fn compared_by_value() {
    let p = |s: &str| s.parse::<Amount>().unwrap();
    assert_eq!(p("1234.5"), p("1234.50"));
    assert_eq!(p("1e3"), Amount::from(1000));
    assert_eq!(Amount::text("5"), Amount::from(5));
    assert!(p("0.1") < p("0.10001"));
    assert!(p("-2") < p("-1.5"));
    assert!(p("-0") == p("0.00"));
    assert!(p("99") < p("100"));
    assert!(p("12345678901234567.89") > p("12345678901234567.88"));
    assert_eq!(Amount::text("").partial_cmp(&p("1")), None);
    assert_eq!(Amount::text("x"), Amount::text("x"));
    let mut set = std::collections::HashSet::new();
    set.insert(p("1.50"));
    assert!(set.contains(&p("1.5")));
    assert_eq!(p("5.00").to_i64(), Some(5));
    assert_eq!(p("5.01").to_i64(), None);
    assert_eq!(p("1e2").to_i64(), Some(100));
    assert_eq!(p("0").to_i64(), Some(0));
}

#[test]
fn arguments_accept_ints_floats_and_decimal_text() {
    assert_eq!(Amount::from_value(json!(5)).unwrap().as_str(), "5");
    assert_eq!(Amount::from_value(json!(0.1)).unwrap().as_str(), "0.1");
    assert_eq!(
        Amount::from_value(json!("1234.50")).unwrap().as_str(),
        "1234.50"
    );
    for bad in [json!(true), json!("12,5"), json!([1]), json!({"a": 1})] {
        let e = Amount::from_value(bad.clone()).unwrap_err();
        assert!(e.starts_with("must be an amount"), "{bad}: {e}");
    }
}

#[test]
fn queries_write_the_digits() {
    let mut q = crate::wire::Query::new();
    q.req("value", &"1234.50".parse::<Amount>().unwrap());
    assert_eq!(q.into_pairs(), vec![("value".into(), "1234.50".into())]);
}
