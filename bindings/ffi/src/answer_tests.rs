//! Odd but possible server answers and local inputs, through the exported surface: a
//! deeply nested body, a single object where a list is declared, a directory given as
//! an upload. Each answer comes from a one-shot local server that replies with a fixed
//! body, so nothing here depends on the sandbox imitating the quirk.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use crate::params::{DealsTimelineQuery, UploadFile};
use crate::{Client, FileUpload, PipedriveError};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A server answering every request with `200` and `body`; counts the requests.
pub(crate) struct Answer {
    pub(crate) url: String,
    served: Arc<AtomicUsize>,
}

pub(crate) fn answer(body: String) -> Answer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let served = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&served);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut sink = vec![0; length];
            let _ = reader.read_exact(&mut sink);
            count.fetch_add(1, Ordering::SeqCst);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    Answer { url, served }
}

pub(crate) fn client(url: &str) -> Client {
    // The same client as the sandbox tests: no retries, a 10 s limit.
    Client::new(crate::boundary_tests::config(url.to_owned())).unwrap()
}

fn nested(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

/// The body that crashed the Python binding, and the same depth inside a field of a
/// record (a custom field, which the models keep as JSON): a decode error, never a
/// crash, at the one limit all decoders share.
#[test]
fn deeply_nested_answers_are_decode_errors() {
    let bodies = [
        format!(r#"{{"success":true,"data":{}}}"#, nested(20_000)),
        format!(
            r#"{{"success":true,"data":{{"id":1,"title":"x","dcf558aac1ae4e8c4f849ba5e668430d8df9be12":{}}}}}"#,
            nested(20_000)
        ),
        format!(
            r#"{{"success":true,"data":{{"id":1,"title":"x","deep":{}}}}}"#,
            nested(pipedrive::types::json::MAX_DEPTH)
        ),
    ];
    for body in bodies {
        let server = answer(body);
        let err = client(&server.url).deals().get(1).unwrap_err();
        assert!(matches!(err, PipedriveError::Decode { .. }), "{err:?}");
    }
    // One level less than the limit (the envelope and the record are two) still reads.
    let body = format!(
        r#"{{"success":true,"data":{{"id":1,"deep":{}}}}}"#,
        nested(pipedrive::types::json::MAX_DEPTH - 3)
    );
    let server = answer(body);
    let deal = client(&server.url).deals().get(1).unwrap();
    assert!(
        deal.extra.0.to_string().contains("[[[]]]"),
        "{}",
        deal.extra.0
    );
}

fn timeline_query() -> DealsTimelineQuery {
    DealsTimelineQuery {
        start_date: "2024-01-01".parse().unwrap(),
        interval: "month".into(),
        amount: 1,
        field_key: "add_time".into(),
        ..Default::default()
    }
}

/// A list method answered with one object (the reference's own timeline example) gives
/// a page of one item; `null` gives an empty page. Like every list, it is a page, with
/// nothing after it.
#[test]
fn list_methods_return_pages_whatever_the_answer_shape() {
    let object = r#"{"success":true,"data":{"period_start":"2024-01-01 00:00:00","period_end":"2024-01-31 23:59:59","deals":[{"id":1,"title":"a"}],"totals":{"count":1}}}"#;
    let server = answer(object.to_owned());
    let page = client(&server.url)
        .deals()
        .timeline(timeline_query())
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(!page.more_items);
    assert_eq!(
        page.items[0].period_start.as_deref(),
        Some("2024-01-01 00:00:00")
    );
    assert_eq!(page.items[0].deals.as_ref().map(Vec::len), Some(1));

    let server = answer(r#"{"success":true,"data":null}"#.to_owned());
    let page = client(&server.url)
        .deals()
        .timeline(timeline_query())
        .unwrap();
    assert!(page.items.is_empty());
}

/// Amounts per currency cross as a map of exact amounts (BigDecimal in Kotlin), with the
/// server's digits; a map that is not all amounts leaves the field null and keeps the
/// map in `extra`.
#[test]
fn amounts_per_currency_are_a_map_of_exact_amounts() {
    let body = r#"{"success":true,"data":[{"totals":{"count":1,"values":{"EUR":1234.50,"USD":12345678901234567.89},"won_values":{"EUR":0}}}]}"#;
    let server = answer(body.to_owned());
    let page = client(&server.url)
        .deals()
        .timeline(timeline_query())
        .unwrap();
    let totals = page.items[0].totals.as_ref().unwrap();
    let values = totals.values.as_ref().unwrap();
    assert_eq!(values["EUR"].0.to_string(), "1234.50");
    assert_eq!(values["USD"].0.to_string(), "12345678901234567.89");
    assert_eq!(
        totals.won_values.as_ref().unwrap()["EUR"].0.to_string(),
        "0"
    );
}

/// A directory given as an upload is refused as what it is, before a request is sent
/// (on Linux, opening a directory succeeds and only reading it fails).
#[test]
fn uploading_a_directory_says_it_is_a_directory() {
    let server = answer(r#"{"success":true,"data":{"id":1}}"#.to_owned());
    let dir = std::env::temp_dir().join(format!("pipedrive-ffi-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let err = client(&server.url)
        .files()
        .upload(UploadFile {
            file: FileUpload::Path {
                path: dir.to_string_lossy().into_owned(),
            },
            deal_id: Some(1),
            person_id: None,
            org_id: None,
            product_id: None,
            activity_id: None,
            lead_id: None,
        })
        .unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    match &err {
        PipedriveError::Transport { detail, .. } => {
            assert!(detail.contains("is a directory"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.served.load(Ordering::SeqCst), 0, "nothing was sent");
}
