//! Rate-limit headers and the pacing that keeps us under them.
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use ureq::http::HeaderMap;

/// The rate-limit headers Pipedrive attaches to a response.
///
/// Every field is optional because not every response (nor every proxy in between)
/// carries all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `x-ratelimit-limit`: requests allowed in the current burst window.
    pub limit: Option<u32>,
    /// `x-ratelimit-remaining`: requests left in the current window.
    pub remaining: Option<u32>,
    /// `x-ratelimit-reset`: time until the window resets (Pipedrive sends a duration in
    /// seconds, not a timestamp).
    pub reset: Option<Duration>,
    /// `x-daily-requests-left`: what is left of the company's daily budget.
    pub daily_requests_left: Option<u64>,
}

impl RateLimit {
    /// Reads the four headers, ignoring absent or malformed ones.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        RateLimit {
            limit: header_u64(headers, "x-ratelimit-limit").map(saturate),
            remaining: header_u64(headers, "x-ratelimit-remaining").map(saturate),
            reset: header_duration(headers, "x-ratelimit-reset"),
            daily_requests_left: header_u64(headers, "x-daily-requests-left"),
        }
    }

    /// True when no rate-limit header was present at all.
    pub fn is_empty(&self) -> bool {
        *self == RateLimit::default()
    }

    /// True when the server said no request is left in the current window.
    pub fn is_exhausted(&self) -> bool {
        self.remaining == Some(0)
    }
}

/// Window sizes are small; an absurd value is clamped rather than dropped.
fn saturate(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok().map(str::trim)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    let raw = header_str(headers, name)?;
    raw.parse::<u64>().ok().or_else(|| {
        raw.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(|v| v as u64)
    })
}

/// A header holding a number of seconds (integer or decimal).
pub(crate) fn header_duration(headers: &HeaderMap, name: &str) -> Option<Duration> {
    let raw = header_str(headers, name)?;
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let secs = raw.parse::<f64>().ok()?;
    if secs.is_finite() && secs >= 0.0 {
        Duration::try_from_secs_f64(secs).ok()
    } else {
        None
    }
}

/// How long the server asked us to wait: `Retry-After` (seconds form only; the HTTP-date
/// form falls back to our own backoff), else `x-ratelimit-reset`.
pub(crate) fn retry_hint(headers: &HeaderMap) -> Option<Duration> {
    header_duration(headers, "retry-after")
        .or_else(|| header_duration(headers, "x-ratelimit-reset"))
}

/// When `remaining` hit 0 without a `reset`, wait one burst window (Pipedrive's is 2 s).
const DEFAULT_WINDOW: Duration = Duration::from_secs(2);

/// Pacing state shared by every clone of a transport.
#[derive(Debug, Default)]
pub(crate) struct Pacer {
    state: Mutex<PaceState>,
    pauses: AtomicU64,
}

#[derive(Debug, Default)]
struct PaceState {
    last: Option<RateLimit>,
    wait_until: Option<Instant>,
}

impl Pacer {
    /// Remembers the headers of a response from the API origin.
    pub(crate) fn observe(&self, rl: RateLimit, max_wait: Duration) {
        if rl.is_empty() {
            return;
        }
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.last = Some(rl);
        state.wait_until = if rl.is_exhausted() {
            let wait = rl.reset.unwrap_or(DEFAULT_WINDOW).min(max_wait);
            Instant::now().checked_add(wait)
        } else {
            None
        };
    }

    /// The most recent headers seen.
    pub(crate) fn last(&self) -> Option<RateLimit> {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).last
    }

    /// How long to hold the next request back, if the window is known to be spent.
    pub(crate) fn pending_wait(&self) -> Option<Duration> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let until = state.wait_until?;
        let wait = until.saturating_duration_since(Instant::now());
        (!wait.is_zero()).then_some(wait)
    }

    /// Counts one pause taken because of [`Pacer::pending_wait`].
    pub(crate) fn count_pause(&self) {
        self.pauses.fetch_add(1, Ordering::Relaxed);
    }

    /// Pauses taken so far.
    pub(crate) fn pauses(&self) -> u64 {
        self.pauses.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn parses_all_headers() {
        let rl = RateLimit::from_headers(&headers(&[
            ("x-ratelimit-limit", "80"),
            ("x-ratelimit-remaining", " 79 "),
            ("x-ratelimit-reset", "2"),
            ("x-daily-requests-left", "9999"),
        ]));
        assert_eq!(rl.limit, Some(80));
        assert_eq!(rl.remaining, Some(79));
        assert_eq!(rl.reset, Some(Duration::from_secs(2)));
        assert_eq!(rl.daily_requests_left, Some(9999));
    }

    #[test]
    fn malformed_headers_are_ignored() {
        let rl = RateLimit::from_headers(&headers(&[
            ("x-ratelimit-limit", "lots"),
            ("x-ratelimit-reset", "-3"),
            ("x-daily-requests-left", "NaN"),
        ]));
        assert!(rl.is_empty());
    }

    #[test]
    fn retry_hint_prefers_retry_after() {
        let h = headers(&[("retry-after", "1.5"), ("x-ratelimit-reset", "7")]);
        assert_eq!(retry_hint(&h), Some(Duration::from_millis(1500)));
        let h = headers(&[
            ("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
            ("x-ratelimit-reset", "7"),
        ]);
        assert_eq!(retry_hint(&h), Some(Duration::from_secs(7)));
    }

    #[test]
    fn pacer_waits_only_when_exhausted() {
        let p = Pacer::default();
        assert_eq!(p.pending_wait(), None);
        let spent = RateLimit {
            remaining: Some(0),
            reset: Some(Duration::from_secs(30)),
            ..RateLimit::default()
        };
        p.observe(spent, Duration::from_secs(60));
        assert!(p.pending_wait().is_some());
        let fresh = RateLimit {
            remaining: Some(5),
            ..RateLimit::default()
        };
        p.observe(fresh, Duration::from_secs(60));
        assert_eq!(p.pending_wait(), None);
    }
}
