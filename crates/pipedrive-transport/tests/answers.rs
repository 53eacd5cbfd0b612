//! Answers nested deeper than any decoder accepts, and a directory given as an upload:
//! typed errors, never a crash, and nothing sent for a bad upload.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ok_json, raw_server, transport};
use pipedrive_transport::{Body, Error, Method, Multipart, Request};
use serde_json::Value;
use serde_json::value::RawValue;

fn nested(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

/// The 40 KB body that killed the Python binding, read as every kind of `data` the
/// clients ask for: a decode error for each value type; kept as text (what the bindings
/// ask for), it is captured, and the shared walk then refuses it.
#[test]
fn deeply_nested_data_is_a_decode_error() {
    let body = format!(r#"{{"success":true,"data":{}}}"#, nested(20_000));
    assert!(body.len() > 40_000);
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Thing {
        id: Option<u64>,
        custom: Option<Value>,
    }
    let record = format!(
        r#"{{"success":true,"data":{{"id":1,"custom":{}}}}}"#,
        nested(20_000)
    );
    let server = raw_server(vec![
        ok_json(&body),
        ok_json(&body),
        ok_json(&record),
        ok_json(&body),
    ]);
    let (t, _) = transport(&server.base_url);
    let get = || Request::new(Method::Get, "/deals/1");
    let err = t.call::<Value>(&get()).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let err = t.call::<Vec<Value>>(&get()).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let err = t.call::<Thing>(&get()).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let raw = t.call::<Box<RawValue>>(&get()).unwrap();
    assert!(pipedrive_types::json::split(raw.get(), 1).is_err());
    assert!(pipedrive_types::json::expand(raw.get(), 1).is_err());
}

/// On Linux a directory opens like a file and fails only when read, after the request
/// has started: refused before anything is sent, as a directory.
#[test]
fn uploading_a_directory_is_refused_before_sending() {
    let server = raw_server(vec![ok_json(r#"{"success":true,"data":{}}"#)]);
    let (t, _) = transport(&server.base_url);
    let dir = std::env::temp_dir().join(format!("pd-upload-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut req = Request::new(Method::Post, "/files");
    req.body = Body::Multipart(Multipart::new().file_path("file", &dir));
    let err = t.call::<Value>(&req).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    match &err {
        Error::Io { kind, message } => {
            assert_eq!(*kind, std::io::ErrorKind::IsADirectory);
            assert!(message.contains("is a directory"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}
