//! The facade refuses what would send a request somewhere else than the method names, and
//! saving a download never damages the file that was there.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::types::{DealId, FileId, LeadId, ProductAttachmentId};
use pipedrive::{Client, Config, Error, save_atomically};
use pipedrive_sandbox::Sandbox;
use std::net::TcpListener;

const TOKEN: &str = "guards-token-0123456789";

/// A client for a port nothing listens on: a request that is sent fails with a
/// connection error, so `InvalidInput` proves nothing was sent.
fn unreachable_client() -> Client {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    Client::new(
        Config::with_api_token(TOKEN)
            .base_url(format!("http://{addr}/v1"))
            .max_retries(0),
    )
    .unwrap()
}

#[test]
fn dot_and_empty_ids_are_refused_before_sending() {
    let client = unreachable_client();
    for id in ["..", ".", "", "../products"] {
        let err = client.leads().get(&LeadId(id.into())).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{id:?}: {err:?}");
    }
    // The same guard for every generated path, numeric ids included (they cannot be
    // dots, but the path around them is checked all the same).
    let err = client
        .v2()
        .deals()
        .delete_product(DealId(1), ProductAttachmentId(7))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[test]
fn a_failed_download_leaves_the_existing_file_as_it_was() {
    let sb = Sandbox::builder().seed(1).token(TOKEN).start().unwrap();
    let client = Client::new(Config::with_api_token(TOKEN).base_url(sb.base_url())).unwrap();
    let dir = std::env::temp_dir().join(format!("pd-guards-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keep = dir.join("keep.bin");
    std::fs::write(&keep, b"precious").unwrap();
    let err =
        save_atomically(&keep, |out| client.files().download(FileId(999_999), out)).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert_eq!(std::fs::read(&keep).unwrap(), b"precious");
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left behind");
    std::fs::remove_dir_all(&dir).unwrap();
}
