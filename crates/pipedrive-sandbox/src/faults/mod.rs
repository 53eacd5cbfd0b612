//! Fault injection: rate limits, failing statuses, the HTML 403 page, dropped and
//! truncated responses, delays and exhausted-budget headers, and named one-shot answers
//! (a redirect, an oversized or non-JSON body, `success: false`, a spent daily budget, a
//! coded JSON error) that drive every row of the client's error table.
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

mod answers;
pub(crate) use answers::Canned;
pub use answers::{ANSWER_NAMES, FAULT_CODE, FAULT_INFO, OVERSIZED_LEN, REDIRECT_TARGET};

/// Switches that make the sandbox misbehave the way the real service sometimes does.
///
/// Settings apply to requests under `/v1` (not to the `/_sandbox` control routes).
/// Counted modes (`fail_next`, `drop_next`, ...) are used up one request at a time; when
/// several are pending, one request uses one of them, in the order: rate limit, named
/// answers ([`answer_next`](Self::answer_next)), fail, HTML 403, drop, truncate.
/// `remaining_zero_next` and `delay` combine with the others.
///
/// A single request can also ask for a fault with the `x-sandbox-fault` header: a
/// three-digit status (`503`, `429`, ...), `html-403`, `drop`, `truncate`,
/// `remaining-zero`, `delay=<milliseconds>`, or one of the named answers of
/// [`answer_next`](Self::answer_next).
#[derive(Debug, Default)]
pub struct Faults {
    state: Mutex<State>,
}

#[derive(Debug, Default, Clone)]
struct State {
    rate: Option<RateWindow>,
    fail_next: u32,
    fail_status: u16,
    html_403_next: u32,
    drop_next: u32,
    truncate_next: u32,
    remaining_zero_next: u32,
    delay: Duration,
    answers: VecDeque<Canned>,
}

#[derive(Debug, Clone)]
struct RateWindow {
    burst: u32,
    retry_after: u64,
    started: Option<Instant>,
    used: u32,
}

/// What the server answers instead of handling the request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Replace {
    /// 429 with `Retry-After` (seconds).
    RateLimited(u64),
    /// A JSON error with this status.
    Fail(u16),
    /// The HTML 403 page.
    Html403,
    /// A complete answer built here (the named faults).
    Canned(Box<Canned>),
}

/// What happens to the connection after the request is handled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum After {
    Answer,
    Drop,
    Truncate,
}

/// The faults one request gets.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub delay: Duration,
    pub replace: Option<Replace>,
    pub after: After,
    /// `x-ratelimit-*` headers to send.
    pub headers: Vec<(String, String)>,
}

impl Faults {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere never leaves the state half-written, so a poisoned lock is
        // still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Allows `burst` requests per window of `retry_after_secs` seconds (at least one),
    /// then answers 429 with `Retry-After` until the window ends. While set, every
    /// response carries `x-ratelimit-limit` (= `burst`), `x-ratelimit-remaining` and
    /// `x-ratelimit-reset` (seconds until the window ends).
    pub fn rate_limit(&self, burst: u32, retry_after_secs: u64) {
        self.lock()
            .set(Setting::RateLimit(Some((burst, retry_after_secs))));
    }

    /// The next `n` requests answer `status` with a JSON error body (429 comes with
    /// `Retry-After: 1`). Err, and nothing changes, for a status outside
    /// [`FAIL_STATUSES`]: an error answer is a 4xx or 5xx.
    pub fn fail_next(&self, n: u32, status: u16) -> Result<(), String> {
        let status = fail_status(status)?;
        self.lock().set(Setting::FailNext(n, status));
        Ok(())
    }

    /// The next `n` requests get the HTML 403 page served to clients that keep going
    /// after being rate limited.
    pub fn html_403_next(&self, n: u32) {
        self.lock().set(Setting::Html403Next(n));
    }

    /// The next `n` requests are handled (a create really creates), then the connection
    /// is closed without an answer.
    pub fn drop_next(&self, n: u32) {
        self.lock().set(Setting::DropNext(n));
    }

    /// The next `n` requests are handled, then answered with a `Content-Length` larger
    /// than the bytes sent before the connection closes.
    pub fn truncate_next(&self, n: u32) {
        self.lock().set(Setting::TruncateNext(n));
    }

    /// The next requests get these named answers, one each, in order (before any
    /// `fail_next`, HTML 403, drop or truncate). Names: `redirect` (302 to plain HTTP on
    /// another host), `oversized` (200 announcing a 1 TiB body), `not-json` (200 with an
    /// HTML page), `success-false` (200 with `success: false`), `daily-budget` (429 with
    /// `x-daily-requests-left: 0` and an hour's `Retry-After`), `error-<status>` (a JSON
    /// error with `error`, `error_info` and `code`). Err names an unknown name; nothing
    /// is queued then.
    pub fn answer_next(&self, names: &[&str]) -> Result<(), String> {
        let answers = named_answers(names)?;
        self.lock().set(Setting::AnswerNext(answers));
        Ok(())
    }

    /// Every request waits `d` before it is answered; zero turns this off.
    pub fn delay(&self, d: Duration) {
        self.lock().set(Setting::Delay(d));
    }

    /// The next `n` successful answers carry `x-ratelimit-remaining: 0` and
    /// `x-ratelimit-reset: 1`.
    pub fn remaining_zero_next(&self, n: u32) {
        self.lock().set(Setting::RemainingZeroNext(n));
    }

    /// Turns every fault off.
    pub fn clear(&self) {
        *self.lock() = State::default();
    }

    /// The current settings as JSON, in the shape `GET /_sandbox/faults` answers:
    ///
    /// ```json
    /// {"rate_limit": null, "fail_next": {"n": 0, "status": 0}, "html_403_next": 0,
    ///  "drop_next": 0, "truncate_next": 0, "remaining_zero_next": 0, "delay_ms": 0,
    ///  "answer_next": []}
    /// ```
    ///
    /// `rate_limit` is `{"burst", "retry_after_secs"}` while one is set; counted modes
    /// show what is left of them, `answer_next` the names still queued.
    pub fn snapshot(&self) -> Value {
        let s = self.lock();
        json!({
            "rate_limit": s.rate.as_ref().map(|r| json!({"burst": r.burst, "retry_after_secs": r.retry_after})),
            "fail_next": {"n": s.fail_next, "status": s.fail_status},
            "html_403_next": s.html_403_next,
            "drop_next": s.drop_next,
            "truncate_next": s.truncate_next,
            "remaining_zero_next": s.remaining_zero_next,
            "delay_ms": u64::try_from(s.delay.as_millis()).unwrap_or(u64::MAX),
            "answer_next": s.answers.iter().map(|a| a.name).collect::<Vec<_>>(),
        })
    }

    /// Applies settings given as JSON, the body `POST /_sandbox/faults` takes. Keys:
    ///
    /// - `clear: true` switches everything off first (whatever its place in the object);
    /// - `rate_limit: {"burst": B, "retry_after_secs": S}` (`retry_after` is accepted
    ///   too; S defaults to 2), or `null`/`false` to remove it;
    /// - `fail_next: N` or `{"n": N, "status": S}` (S in 400-599, default 503);
    /// - `html_403_next`, `drop_next`, `truncate_next`, `remaining_zero_next`: a count
    ///   (or `{"n": N}`);
    /// - `answer_next`: a name or a list of names (see [`answer_next`](Self::answer_next));
    /// - `delay_ms`: milliseconds added before every answer, 0 for none.
    ///
    /// Every key is checked before anything changes: Err (which says what is wrong)
    /// leaves the settings as they were. Keys not given keep their current value.
    pub fn apply_json(&self, body: &serde_json::Map<String, Value>) -> Result<(), String> {
        let clear = match body.get("clear") {
            None | Some(Value::Bool(false)) | Some(Value::Null) => false,
            Some(Value::Bool(true)) => true,
            Some(other) => return Err(format!("clear must be true or false, got {other}")),
        };
        let settings = body
            .iter()
            .filter(|(k, _)| k.as_str() != "clear")
            .map(|(k, v)| parse_setting(k, v))
            .collect::<Result<Vec<_>, _>>()?;
        let mut state = self.lock();
        if clear {
            *state = State::default();
        }
        for setting in settings {
            state.set(setting);
        }
        Ok(())
    }

    /// Decides what happens to one request. `header` is its `x-sandbox-fault` value.
    pub(crate) fn plan(&self, header: Option<&str>) -> Plan {
        let now = Instant::now();
        let mut s = self.lock();
        let mut plan = Plan {
            delay: s.delay,
            replace: None,
            after: After::Answer,
            headers: Vec::new(),
        };
        if let Some(rate) = s.rate.as_mut() {
            let window = Duration::from_secs(rate.retry_after.max(1));
            let expired = rate.started.is_none_or(|t| now.duration_since(t) >= window);
            if expired {
                rate.started = Some(now);
                rate.used = 0;
            }
            let elapsed = rate
                .started
                .map(|t| now.duration_since(t))
                .unwrap_or_default();
            let left = window.saturating_sub(elapsed);
            let reset = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            let remaining = if rate.used < rate.burst {
                rate.used += 1;
                rate.burst - rate.used
            } else {
                plan.replace = Some(Replace::RateLimited(rate.retry_after));
                0
            };
            plan.headers = vec![
                ("x-ratelimit-limit".to_owned(), rate.burst.to_string()),
                ("x-ratelimit-remaining".to_owned(), remaining.to_string()),
                ("x-ratelimit-reset".to_owned(), reset.max(1).to_string()),
            ];
        }
        if plan.replace.is_none() {
            if let Some(answer) = s.answers.pop_front() {
                plan.replace = Some(Replace::Canned(Box::new(answer)));
            } else if s.fail_next > 0 {
                s.fail_next -= 1;
                plan.replace = Some(if s.fail_status == 429 {
                    Replace::RateLimited(1)
                } else {
                    Replace::Fail(s.fail_status)
                });
            } else if s.html_403_next > 0 {
                s.html_403_next -= 1;
                plan.replace = Some(Replace::Html403);
            } else if s.drop_next > 0 {
                s.drop_next -= 1;
                plan.after = After::Drop;
            } else if s.truncate_next > 0 {
                s.truncate_next -= 1;
                plan.after = After::Truncate;
            }
        }
        if plan.replace.is_none() && s.remaining_zero_next > 0 {
            s.remaining_zero_next -= 1;
            set_zero(&mut plan.headers);
        }
        drop(s);
        if let Some(h) = header {
            apply_header(&mut plan, h);
        }
        plan
    }
}

/// One fault setting, checked and ready to apply.
#[derive(Debug)]
enum Setting {
    RateLimit(Option<(u32, u64)>),
    FailNext(u32, u16),
    Html403Next(u32),
    DropNext(u32),
    TruncateNext(u32),
    RemainingZeroNext(u32),
    AnswerNext(Vec<Canned>),
    Delay(Duration),
}

impl State {
    fn set(&mut self, setting: Setting) {
        match setting {
            Setting::RateLimit(None) => self.rate = None,
            Setting::RateLimit(Some((burst, retry_after))) => {
                self.rate = Some(RateWindow {
                    burst,
                    retry_after,
                    started: None,
                    used: 0,
                });
            }
            Setting::FailNext(n, status) => {
                self.fail_next = n;
                self.fail_status = status;
            }
            Setting::Html403Next(n) => self.html_403_next = n,
            Setting::DropNext(n) => self.drop_next = n,
            Setting::TruncateNext(n) => self.truncate_next = n,
            Setting::RemainingZeroNext(n) => self.remaining_zero_next = n,
            Setting::AnswerNext(answers) => self.answers.extend(answers),
            Setting::Delay(d) => self.delay = d,
        }
    }
}

/// The statuses `fail_next` accepts through [`Faults::apply_json`] (error statuses).
pub const FAIL_STATUSES: std::ops::RangeInclusive<u16> = 400..=599;

/// `status` when it is one [`Faults::fail_next`] can answer with; the one place the
/// range is checked, for the Rust call, the control route and the bindings alike.
fn fail_status(status: u16) -> Result<u16, String> {
    if FAIL_STATUSES.contains(&status) {
        Ok(status)
    } else {
        Err(format!("status must be 400-599, got {status}"))
    }
}

/// The answers `names` stand for; Err names the first unknown one.
fn named_answers(names: &[&str]) -> Result<Vec<Canned>, String> {
    names
        .iter()
        .map(|n| {
            Canned::named(n).ok_or_else(|| format!("unknown answer {n:?} (known: {ANSWER_NAMES})"))
        })
        .collect()
}

/// A count: `N` or `{"n": N}`, at most `u32::MAX`.
fn count(key: &str, v: &Value) -> Result<u32, String> {
    v.as_u64()
        .or_else(|| v.get("n").and_then(Value::as_u64))
        .and_then(|x| u32::try_from(x).ok())
        .ok_or_else(|| format!("{key} must be a count (0 or more), got {v}"))
}

/// One key of a `/_sandbox/faults` body.
fn parse_setting(key: &str, v: &Value) -> Result<Setting, String> {
    Ok(match key {
        "rate_limit" => {
            if v.is_null() || v == &Value::Bool(false) {
                return Ok(Setting::RateLimit(None));
            }
            let burst = v
                .get("burst")
                .and_then(Value::as_u64)
                .and_then(|x| u32::try_from(x).ok())
                .ok_or("rate_limit.burst must be a count (0 or more)")?;
            let retry = match v.get("retry_after_secs").or_else(|| v.get("retry_after")) {
                None => 2,
                Some(r) => r
                    .as_u64()
                    .ok_or("rate_limit.retry_after_secs must be whole seconds (0 or more)")?,
            };
            Setting::RateLimit(Some((burst, retry)))
        }
        "fail_next" => {
            let n = count(key, v)?;
            let status = match v.get("status") {
                None => 503,
                Some(s) => s
                    .as_u64()
                    .and_then(|x| u16::try_from(x).ok())
                    .ok_or_else(|| format!("fail_next.status must be 400-599, got {s}"))
                    .and_then(|s| fail_status(s).map_err(|e| format!("fail_next.{e}")))?,
            };
            Setting::FailNext(n, status)
        }
        "html_403_next" => Setting::Html403Next(count(key, v)?),
        "drop_next" => Setting::DropNext(count(key, v)?),
        "truncate_next" => Setting::TruncateNext(count(key, v)?),
        "remaining_zero_next" => Setting::RemainingZeroNext(count(key, v)?),
        "answer_next" => {
            let names: Vec<&str> = match v {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many
                    .iter()
                    .map(|x| x.as_str().ok_or("answer_next holds names"))
                    .collect::<Result<_, _>>()?,
                _ => return Err("answer_next must be a name or a list of names".into()),
            };
            Setting::AnswerNext(named_answers(&names)?)
        }
        "delay_ms" => {
            let ms = v
                .as_u64()
                .ok_or("delay_ms must be whole milliseconds (0 or more)")?;
            Setting::Delay(Duration::from_millis(ms))
        }
        other => return Err(format!("unknown fault {other:?}")),
    })
}

fn set_zero(headers: &mut Vec<(String, String)>) {
    headers.retain(|(k, _)| k != "x-ratelimit-remaining" && k != "x-ratelimit-reset");
    if !headers.iter().any(|(k, _)| k == "x-ratelimit-limit") {
        headers.push(("x-ratelimit-limit".to_owned(), "80".to_owned()));
    }
    headers.push(("x-ratelimit-remaining".to_owned(), "0".to_owned()));
    headers.push(("x-ratelimit-reset".to_owned(), "1".to_owned()));
}

/// A per-request fault named by the `x-sandbox-fault` header.
fn apply_header(plan: &mut Plan, value: &str) {
    let v = value.trim().to_ascii_lowercase().replace('_', "-");
    if let Ok(status) = v.parse::<u16>() {
        if (100..=599).contains(&status) {
            plan.replace = Some(if status == 429 {
                Replace::RateLimited(1)
            } else {
                Replace::Fail(status)
            });
            if status == 429 {
                set_zero(&mut plan.headers);
            }
        }
        return;
    }
    match v.as_str() {
        "html-403" | "html403" => plan.replace = Some(Replace::Html403),
        "drop" => plan.after = After::Drop,
        "truncate" => plan.after = After::Truncate,
        "remaining-zero" | "remaining-0" => set_zero(&mut plan.headers),
        "rate-limit" | "rate-limited" => {
            plan.replace = Some(Replace::RateLimited(1));
            set_zero(&mut plan.headers);
        }
        other => {
            if let Some(ms) = other
                .strip_prefix("delay=")
                .or_else(|| other.strip_prefix("delay:"))
                .and_then(|ms| ms.parse::<u64>().ok())
            {
                plan.delay = Duration::from_millis(ms);
            } else if let Some(answer) = Canned::named(other) {
                plan.replace = Some(Replace::Canned(Box::new(answer)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_counts_down_then_refuses() {
        let f = Faults::default();
        f.rate_limit(2, 5);
        let a = f.plan(None);
        assert!(a.replace.is_none());
        assert!(
            a.headers
                .contains(&("x-ratelimit-remaining".into(), "1".into()))
        );
        let b = f.plan(None);
        assert!(
            b.headers
                .contains(&("x-ratelimit-remaining".into(), "0".into()))
        );
        let c = f.plan(None);
        assert_eq!(c.replace, Some(Replace::RateLimited(5)));
        f.clear();
        assert!(f.plan(None).headers.is_empty());
    }

    #[test]
    fn counted_faults_are_used_up() {
        let f = Faults::default();
        f.fail_next(1, 502).unwrap();
        f.drop_next(1);
        assert_eq!(f.plan(None).replace, Some(Replace::Fail(502)));
        assert_eq!(f.plan(None).after, After::Drop);
        assert_eq!(f.plan(None).after, After::Answer);
        assert_eq!(f.plan(Some("html-403")).replace, Some(Replace::Html403));
        assert_eq!(f.plan(Some("delay=5")).delay, Duration::from_millis(5));
    }

    #[test]
    fn named_answers_are_queued_in_order_and_used_once() {
        let f = Faults::default();
        f.answer_next(&["redirect", "error-404"]).unwrap();
        assert!(f.answer_next(&["bogus"]).is_err());
        let first = f.plan(None).replace;
        assert!(
            matches!(&first, Some(Replace::Canned(c)) if c.status == 302),
            "{first:?}"
        );
        match f.plan(None).replace {
            Some(Replace::Canned(c)) => {
                assert_eq!(c.status, 404);
                let body: Value = serde_json::from_slice(&c.body).unwrap();
                assert_eq!(body["code"], FAULT_CODE);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(f.plan(None).replace, None);
        let by_header = f.plan(Some("daily-budget")).replace;
        assert!(
            matches!(&by_header, Some(Replace::Canned(c)) if c.status == 429),
            "{by_header:?}"
        );
        let body = serde_json::json!({"answer_next": ["oversized", "not-json"]});
        f.apply_json(body.as_object().unwrap()).unwrap();
        assert_eq!(
            f.snapshot()["answer_next"],
            serde_json::json!(["oversized", "not-json"])
        );
        assert!(Canned::named("error-200").is_none());
    }

    #[test]
    fn json_control() {
        let f = Faults::default();
        let body = serde_json::json!({"fail_next": {"n": 2, "status": 500}, "delay_ms": 0});
        f.apply_json(body.as_object().unwrap()).unwrap();
        assert_eq!(f.snapshot()["fail_next"]["n"], 2);
        assert!(
            f.apply_json(serde_json::json!({"bogus": 1}).as_object().unwrap())
                .is_err()
        );
    }
}
