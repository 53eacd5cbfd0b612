#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::args::FromArg;
use serde_json::json;

fn rt<T: serde::de::DeserializeOwned + Serialize>(text: &str) -> T {
    let json = serde_json::to_string(text).unwrap();
    let v: T = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string(&v).unwrap(), json, "kept verbatim");
    v
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn received_text_is_read_and_kept() {
    assert_eq!(rt::<Date>("2026-12-01").get(), Some(ymd(2026, 12, 1)));
    assert_eq!(rt::<TimeOfDay>("14:30").get(), Some(hm(14, 30)));
    assert_eq!(
        rt::<TimeOfDay>("09:05:07").get(),
        NaiveTime::from_hms_opt(9, 5, 7)
    );
    let t = rt::<Timestamp>("2026-05-01 07:00:00").get().unwrap();
    assert_eq!(t, Utc.with_ymd_and_hms(2026, 5, 1, 7, 0, 0).unwrap());
    // RFC 3339 (channels) is read in UTC and still written back as received.
    let c = rt::<Timestamp>("2026-05-01T09:00:00.250+02:00");
    assert_eq!(
        c.get().map(|t| t.format(STAMP).to_string()).as_deref(),
        Some("2026-05-01 07:00:00")
    );
}

#[test]
fn unreadable_text_is_kept_verbatim() {
    for text in ["", "0000-00-00", "tomorrow", "2026/12/01"] {
        let d = rt::<Date>(text);
        assert_eq!((d.get(), d.as_str()), (None, text));
    }
    assert_eq!(rt::<TimeOfDay>("25:00").get(), None);
    assert_eq!(rt::<Timestamp>("").get(), None);
    assert!(serde_json::from_str::<Date>("5").is_err());
}

#[test]
fn built_values_use_pipedrives_format() {
    assert_eq!(Date::from(ymd(2026, 1, 5)).as_str(), "2026-01-05");
    assert_eq!(TimeOfDay::from(hm(9, 0)).as_str(), "09:00");
    assert_eq!(
        TimeOfDay::from(NaiveTime::from_hms_opt(9, 0, 30).unwrap()).as_str(),
        "09:00:30"
    );
    let paris = FixedOffset::east_opt(3600).unwrap();
    let at = paris.with_ymd_and_hms(2026, 1, 1, 0, 30, 0).unwrap();
    assert_eq!(Timestamp::from(at).as_str(), "2025-12-31 23:30:00");
}

#[test]
fn callers_text_is_validated_and_converted_to_utc() {
    assert_eq!(
        "2026-12-01".parse::<Date>().unwrap().get(),
        Some(ymd(2026, 12, 1))
    );
    assert!("2026-12-01T10:00:00+00:00".parse::<Date>().is_err());
    assert_eq!("14:30".parse::<TimeOfDay>().unwrap().as_str(), "14:30");
    assert_eq!("14:30:00".parse::<TimeOfDay>().unwrap().as_str(), "14:30");
    assert_eq!(
        "01:15-02:30".parse::<TimeOfDay>().unwrap().as_str(),
        "03:45"
    );
    assert_eq!(
        "00:30+01:00".parse::<TimeOfDay>().unwrap().as_str(),
        "23:30"
    );
    assert_eq!(
        "12:00:00.5Z".parse::<TimeOfDay>().unwrap().as_str(),
        "12:00"
    );
    assert!("2:30pm".parse::<TimeOfDay>().is_err());
    let s = |t: &str| t.parse::<Timestamp>().map(|t| t.as_str().to_owned());
    assert_eq!(s("2026-05-01 07:00:00").unwrap(), "2026-05-01 07:00:00");
    assert_eq!(
        s("2026-05-01T09:00:00.123456+02:00").unwrap(),
        "2026-05-01 07:00:00"
    );
    assert_eq!(s("2026-05-01T07:00:00Z").unwrap(), "2026-05-01 07:00:00");
    let naive = s("2026-05-01T09:00:00").unwrap_err();
    assert!(naive.contains("without a UTC offset"), "{naive}");
    assert!(s("2026-05-01").is_err());
}

#[test]
fn arguments_take_text_only() {
    assert_eq!(
        Date::from_value(json!("2026-12-01")).unwrap().get(),
        Some(ymd(2026, 12, 1))
    );
    let e = Date::from_value(json!(20261201)).unwrap_err();
    assert!(e.starts_with("must be a date (YYYY-MM-DD), got int"), "{e}");
    let e = TimeOfDay::from_value(json!("noon")).unwrap_err();
    assert!(e.starts_with("must be a time of day"), "{e}");
}

#[test]
fn optional_fields_read_in_one_call() {
    let due: Option<Date> = Some(ymd(2026, 12, 1).into());
    assert_eq!(due.get(), Some(ymd(2026, 12, 1)));
    let blank: Option<Date> = Some(Date::from_wire(""));
    assert_eq!(blank.get(), None);
}

proptest::proptest! {
    /// The format-free readers accept nothing chrono's parser would read differently:
    /// on texts of the fixed shape (digits anywhere, invalid days, hours and leap
    /// seconds included) they either agree with chrono or decline and leave it to chrono.
    #[test]
    fn quick_readers_agree_with_chrono(
        y in 0u32..10000, mo in 0u32..100, d in 0u32..100,
        h in 0u32..100, mi in 0u32..100, s in 0u32..100,
    ) {
        let date = format!("{y:04}-{mo:02}-{d:02}");
        let time = format!("{h:02}:{mi:02}:{s:02}");
        let stamp = format!("{date} {time}");
        if let Some(quick) = quick_date(date.as_bytes()) {
            proptest::prop_assert_eq!(Some(quick), NaiveDate::parse_from_str(&date, DATE).ok());
        }
        if let Some(quick) = quick_time(time.as_bytes()) {
            proptest::prop_assert_eq!(Some(quick), NaiveTime::parse_from_str(&time, "%H:%M:%S").ok());
        }
        let chrono = NaiveDateTime::parse_from_str(&stamp, STAMP).ok().map(|t| t.and_utc());
        proptest::prop_assert_eq!(<DateTime<Utc> as Wire>::read(&stamp), chrono);
        proptest::prop_assert_eq!(<NaiveDate as Wire>::read(&date), NaiveDate::parse_from_str(&date, DATE).ok());
    }
}

#[test]
fn quick_readers_decline_other_shapes() {
    assert_eq!(quick_date(b"2024-1-05"), None);
    assert_eq!(quick_date(b"2024/01/05"), None);
    assert_eq!(quick_date(b"+024-01-05"), None);
    assert_eq!(quick_time(b"9:30:00"), None);
    assert_eq!(quick_time(b"09:30"), None);
    assert_eq!(quick_time(b"09:30:0x"), None);
    // Forms only chrono reads still read.
    assert_eq!(<NaiveTime as Wire>::read("09:30"), Some(hm(9, 30)));
    assert!(<DateTime<Utc> as Wire>::read("2024-01-05T09:30:00+02:00").is_some());
}
