//! `ClientConfig` means what the Rust `Config` means: the timeout scenarios of
//! `crates/pipedrive-transport/tests/timeouts.rs`, credentials, and OAuth refresh through
//! a [`TokenRefresher`] implemented here as Kotlin or Swift would implement it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use crate::{
    ApiToken, Client, ClientConfig, OAuthToken, PipedriveError, TokenRefreshError, TokenRefresher,
};
use pipedrive_sandbox::Sandbox;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

/// Serves one request: head and the body's first byte at once, then the rest in
/// `chunks` pieces `gap` apart; with `stall`, nothing after the first half (until the
/// client hangs up, at most 5 s). The body is a deal whose title is 8 `x` per chunk.
fn paced_server(chunks: usize, gap: Duration, stall: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut buf = [0u8; 4096];
        let mut head = Vec::new();
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let body = format!(
            r#"{{"success":true,"data":{{"id":1,"title":"{}"}}}}"#,
            "x".repeat(chunks * 8)
        );
        let bytes = body.as_bytes();
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            bytes.len()
        );
        let _ = stream.write_all(answer.as_bytes());
        let _ = stream.write_all(&bytes[..1]);
        let rest = &bytes[1..];
        let size = rest.len().div_ceil(chunks);
        for (i, piece) in rest.chunks(size).enumerate() {
            if stall && i == chunks / 2 {
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let _ = stream.read(&mut buf);
                return;
            }
            thread::sleep(gap);
            if stream.write_all(piece).is_err() {
                return;
            }
        }
    });
    url
}

fn paced_client(url: String, read_timeout: Duration, timeout: Option<Duration>) -> Client {
    Client::new(ClientConfig {
        api_token: Some(Arc::new(ApiToken::new("tok-timeouts".into()))),
        base_url: Some(url),
        max_retries: Some(0),
        read_timeout: Some(read_timeout),
        timeout,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn read_timeout_fires_when_the_server_stalls_between_bytes() {
    let url = paced_server(4, Duration::from_millis(20), true);
    let client = paced_client(url, Duration::from_millis(200), None);
    let err = client.deals().get(1).unwrap_err();
    assert!(matches!(err, PipedriveError::Timeout { .. }), "{err:?}");
}

#[test]
fn read_timeout_lets_a_slow_answer_finish_while_it_keeps_sending() {
    let url = paced_server(12, Duration::from_millis(50), false);
    let client = paced_client(url, Duration::from_millis(500), None);
    let deal = client.deals().get(1).unwrap();
    assert_eq!(deal.title.map(|t| t.len()), Some(96));
}

#[test]
fn timeout_bounds_a_whole_attempt_that_keeps_sending() {
    let url = paced_server(12, Duration::from_millis(50), false);
    let client = paced_client(
        url,
        Duration::from_millis(500),
        Some(Duration::from_millis(250)),
    );
    let err = client.deals().get(1).unwrap_err();
    assert!(matches!(err, PipedriveError::Timeout { .. }), "{err:?}");
}

/// A refresher as an app would write one: returns the next token, or fails.
struct Refresher {
    token: Option<&'static str>,
    calls: AtomicUsize,
}

impl TokenRefresher for Refresher {
    fn refresh_token(&self) -> Result<String, TokenRefreshError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.token
            .map(str::to_owned)
            .ok_or_else(|| TokenRefreshError::Failed {
                detail: "the refresh token was revoked".into(),
            })
    }
}

fn oauth_client(sb: &Sandbox, refresher: &Arc<Refresher>) -> Client {
    Client::new(ClientConfig {
        oauth_token: Some(Arc::new(OAuthToken::new("stale-access-token".into()))),
        on_token_refresh: Some(Arc::clone(refresher) as Arc<dyn TokenRefresher>),
        base_url: Some(sb.base_url()),
        max_retries: Some(0),
        ..Default::default()
    })
    .unwrap()
}

fn bearer_sandbox() -> Sandbox {
    // The sandbox accepts `Authorization: Bearer <token>` for its one token.
    Sandbox::builder()
        .seed(3)
        .token("fresh-access-token")
        .start()
        .unwrap()
}

#[test]
fn a_401_calls_the_refresher_and_the_request_is_retried_with_the_new_bearer() {
    let sb = bearer_sandbox();
    let refresher = Arc::new(Refresher {
        token: Some("fresh-access-token"),
        calls: AtomicUsize::new(0),
    });
    let client = oauth_client(&sb, &refresher);
    let before = sb.requests_served();
    client.deals().list(None).unwrap();
    assert_eq!(refresher.calls.load(Ordering::SeqCst), 1);
    // The refused attempt and the retry.
    assert_eq!(sb.requests_served() - before, 2);
    // The new token stays: no second refresh.
    client.deals().list(None).unwrap();
    assert_eq!(refresher.calls.load(Ordering::SeqCst), 1);
}

#[test]
fn a_failed_refresh_is_unauthorized_with_the_refreshers_text() {
    let sb = bearer_sandbox();
    let refresher = Arc::new(Refresher {
        token: None,
        calls: AtomicUsize::new(0),
    });
    let client = oauth_client(&sb, &refresher);
    match client.deals().list(None).unwrap_err() {
        PipedriveError::Unauthorized { status, detail, .. } => {
            assert_eq!(status, 401);
            assert!(detail.contains("revoked"), "{detail}");
            assert!(!detail.contains("stale-access-token"), "{detail}");
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    assert_eq!(refresher.calls.load(Ordering::SeqCst), 1);
}

#[test]
fn without_a_refresher_an_expired_bearer_is_unauthorized() {
    let sb = bearer_sandbox();
    let client = Client::new(ClientConfig {
        oauth_token: Some(Arc::new(OAuthToken::new("stale-access-token".into()))),
        base_url: Some(sb.base_url()),
        ..Default::default()
    })
    .unwrap();
    let err = client.deals().list(None).unwrap_err();
    assert!(
        matches!(err, PipedriveError::Unauthorized { status: 401, .. }),
        "{err:?}"
    );
}

#[test]
fn credentials_are_checked_and_never_printed() {
    let url = Some("http://127.0.0.1:9/v1".to_owned());
    let refresher = Arc::new(Refresher {
        token: None,
        calls: AtomicUsize::new(0),
    });
    let cases = [
        ClientConfig {
            base_url: url.clone(),
            ..Default::default()
        },
        ClientConfig {
            api_token: Some(Arc::new(ApiToken::new("api-secret-1".into()))),
            oauth_token: Some(Arc::new(OAuthToken::new("oauth-secret-1".into()))),
            base_url: url.clone(),
            ..Default::default()
        },
        ClientConfig {
            oauth_token: Some(Arc::new(OAuthToken::new(" ".into()))),
            base_url: url.clone(),
            ..Default::default()
        },
        ClientConfig {
            api_token: Some(Arc::new(ApiToken::new("api-secret-1".into()))),
            on_token_refresh: Some(refresher as Arc<dyn TokenRefresher>),
            base_url: url.clone(),
            ..Default::default()
        },
    ];
    for config in cases {
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("secret-1"),
            "a token was printed: {printed}"
        );
        let err = Client::new(config).unwrap_err();
        assert!(
            matches!(err, PipedriveError::InvalidInput { .. }),
            "{err:?}"
        );
    }
}
