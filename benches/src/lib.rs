//! Support code for the benchmarks in `benches/benches/`: a canned keep-alive HTTP/1.1
//! server on the loopback interface and a small interleaved timing loop.
//!
//! Everything here uses only the standard library, so the numbers measure the code under
//! test rather than a benchmarking framework. Ratios are always taken against a baseline
//! measured in the same run, rounds alternating between the two sides, so machine noise
//! and frequency drift hit both sides alike.
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

/// A minimal HTTP/1.1 server on `127.0.0.1` that answers every request with the same
/// `200 application/json` response, keeping connections open for further requests.
///
/// Requests without the expected `x-api-token` header get a `401` JSON error instead, so
/// a benchmark side that forgets the credential fails loudly rather than measuring a
/// cheaper path. One thread serves each connection; the threads live until the process
/// exits.
#[derive(Debug)]
pub struct CannedServer {
    addr: SocketAddr,
    accepted: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl CannedServer {
    /// Binds an ephemeral port and starts accepting connections.
    pub fn start(body: Vec<u8>, api_token: &str) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let ok = response(200, "OK", &body);
        let unauthorized = response(
            401,
            "Unauthorized",
            br#"{"success":false,"error":"unauthorized access","errorCode":401}"#,
        );
        let expected = format!("x-api-token: {api_token}").into_bytes();
        let canned = std::sync::Arc::new(Canned {
            ok,
            unauthorized,
            expected,
        });
        let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = accepted.clone();
        thread::Builder::new()
            .name("canned-accept".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let canned = canned.clone();
                    let _ = thread::Builder::new()
                        .name("canned-conn".into())
                        .spawn(move || serve_connection(stream, &canned));
                }
            })?;
        Ok(Self { addr, accepted })
    }

    /// Connections accepted so far: every one a client could not reuse from its pool
    /// (in production, a TCP and TLS handshake).
    pub fn accepted(&self) -> usize {
        self.accepted.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:{port}` (no trailing slash).
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }
}

struct Canned {
    ok: Vec<u8>,
    unauthorized: Vec<u8>,
    /// `x-api-token: <token>`, compared case-insensitively against each header line.
    expected: Vec<u8>,
}

fn response(status: u16, reason: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: keep-alive\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn serve_connection(mut stream: TcpStream, canned: &Canned) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // Answer every complete request already buffered (pipelining is allowed).
        while let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = &buf[..end];
            let body_len = header_value(head, b"content-length")
                .and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let total = end + 4 + body_len;
            if buf.len() < total {
                break;
            }
            let authorized = head
                .split(|&b| b == b'\n')
                .any(|line| line.trim_ascii().eq_ignore_ascii_case(&canned.expected));
            let answer = if authorized {
                &canned.ok
            } else {
                &canned.unauthorized
            };
            if stream.write_all(answer).is_err() {
                return;
            }
            buf.drain(..total);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The value of the first header called `name` (lower-case ASCII) in a request head.
fn header_value<'a>(head: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    head.split(|&b| b == b'\n').skip(1).find_map(|line| {
        let colon = line.iter().position(|&b| b == b':')?;
        let (key, value) = line.split_at(colon);
        key.trim_ascii()
            .eq_ignore_ascii_case(name)
            .then(|| value[1..].trim_ascii())
    })
}

/// How long and how often to measure.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Rounds per side; the reported figures are medians over rounds.
    pub rounds: usize,
    /// Wall time one side should take in one round; sets the iteration count.
    pub round_time: Duration,
    /// Time spent running both sides before measuring.
    pub warmup: Duration,
}

impl Settings {
    /// One round of one iteration and no warm-up: checks that both sides work.
    pub fn smoke() -> Self {
        Self {
            rounds: 1,
            round_time: Duration::ZERO,
            warmup: Duration::ZERO,
        }
    }

    /// True when the process was started by `cargo bench` (which passes `--bench`);
    /// `cargo test --all-targets` runs `harness = false` bench targets without it.
    pub fn is_bench_run() -> bool {
        std::env::args().skip(1).any(|a| a == "--bench")
    }
}

/// Timings of two sides measured in alternating rounds.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Iterations per side per round.
    pub iters: u64,
    /// Nanoseconds per iteration of side A, one entry per round.
    pub a_ns: Vec<f64>,
    /// Nanoseconds per iteration of side B, one entry per round.
    pub b_ns: Vec<f64>,
}

impl Comparison {
    /// Median nanoseconds per iteration of side A.
    pub fn a_median(&self) -> f64 {
        median(&self.a_ns)
    }

    /// Median nanoseconds per iteration of side B.
    pub fn b_median(&self) -> f64 {
        median(&self.b_ns)
    }

    /// Per-round ratios A/B: each compares two measurements taken back to back.
    pub fn ratios(&self) -> Vec<f64> {
        self.a_ns
            .iter()
            .zip(&self.b_ns)
            .map(|(a, b)| a / b)
            .collect()
    }

    /// Median of the per-round A/B ratios: the headline figure.
    pub fn ratio(&self) -> f64 {
        median(&self.ratios())
    }

    /// 25th and 75th percentile of the per-round ratios, to show the spread.
    pub fn ratio_quartiles(&self) -> (f64, f64) {
        let r = sorted(&self.ratios());
        (percentile(&r, 0.25), percentile(&r, 0.75))
    }
}

/// Runs `a` and `b` in alternating rounds (A B, B A, A B, ...) after a shared warm-up,
/// with the same iteration count on both sides, and returns the per-round timings.
///
/// The iteration count is chosen so that the slower side takes about
/// [`Settings::round_time`] per round. The first error of either side stops the run.
pub fn compare<E>(
    settings: &Settings,
    mut a: impl FnMut() -> Result<(), E>,
    mut b: impl FnMut() -> Result<(), E>,
) -> Result<Comparison, E> {
    // Warm-up, also estimating the cost of one iteration of each side.
    let (mut a_cost, mut b_cost) = (Duration::MAX, Duration::MAX);
    let warm_start = Instant::now();
    loop {
        let t = Instant::now();
        a()?;
        a_cost = a_cost.min(t.elapsed());
        let t = Instant::now();
        b()?;
        b_cost = b_cost.min(t.elapsed());
        if warm_start.elapsed() >= settings.warmup {
            break;
        }
    }
    let slower = a_cost.max(b_cost).max(Duration::from_nanos(1));
    let iters = (settings.round_time.as_nanos() / slower.as_nanos()).clamp(1, 10_000_000) as u64;

    let mut out = Comparison {
        iters,
        a_ns: Vec::with_capacity(settings.rounds),
        b_ns: Vec::with_capacity(settings.rounds),
    };
    for round in 0..settings.rounds.max(1) {
        let (ta, tb) = if round % 2 == 0 {
            let ta = run(iters, &mut a)?;
            (ta, run(iters, &mut b)?)
        } else {
            let tb = run(iters, &mut b)?;
            (run(iters, &mut a)?, tb)
        };
        out.a_ns.push(ta);
        out.b_ns.push(tb);
    }
    Ok(out)
}

/// Nanoseconds per iteration of `iters` calls of `f`.
fn run<E>(iters: u64, f: &mut impl FnMut() -> Result<(), E>) -> Result<f64, E> {
    let start = Instant::now();
    for _ in 0..iters {
        f()?;
    }
    Ok(start.elapsed().as_nanos() as f64 / iters as f64)
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// Linear-interpolated percentile of sorted values; `NaN` when empty.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = p.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = pos.ceil() as usize;
            sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
        }
    }
}

/// Median of `values`; `NaN` when empty.
pub fn median(values: &[f64]) -> f64 {
    percentile(&sorted(values), 0.5)
}

/// A duration in nanoseconds, printed with a unit that keeps three significant digits.
#[derive(Debug, Clone, Copy)]
pub struct Nanos(pub f64);

impl fmt::Display for Nanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = self.0;
        if ns >= 1e6 {
            write!(f, "{:.2} ms", ns / 1e6)
        } else if ns >= 1e3 {
            write!(f, "{:.1} µs", ns / 1e3)
        } else {
            write!(f, "{ns:.0} ns")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(stream: &mut TcpStream, request: &[u8], expect: usize) -> Vec<u8> {
        stream.write_all(request).unwrap();
        let mut got = vec![0u8; expect];
        stream.read_exact(&mut got).unwrap();
        got
    }

    #[test]
    fn serves_many_requests_per_connection_and_checks_the_token() {
        let body = br#"{"success":true,"data":{"id":1}}"#.to_vec();
        let server = CannedServer::start(body.clone(), "tok").unwrap();
        let ok = response(200, "OK", &body);
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        for _ in 0..3 {
            let got = exchange(
                &mut stream,
                b"GET /v1/deals/1 HTTP/1.1\r\nhost: x\r\nX-Api-Token: tok\r\n\r\n",
                ok.len(),
            );
            assert_eq!(got, ok);
        }
        // A request with a body, then one without the token, on the same connection.
        let got = exchange(
            &mut stream,
            b"POST /v1/deals HTTP/1.1\r\nx-api-token: tok\r\ncontent-length: 2\r\n\r\n{}",
            ok.len(),
        );
        assert_eq!(got, ok);
        let unauthorized = response(
            401,
            "Unauthorized",
            br#"{"success":false,"error":"unauthorized access","errorCode":401}"#,
        );
        let got = exchange(
            &mut stream,
            b"GET /v1/deals/1 HTTP/1.1\r\nx-api-token: other\r\n\r\n",
            unauthorized.len(),
        );
        assert_eq!(got, unauthorized);
    }

    #[test]
    fn medians_and_ratios() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
        let c = Comparison {
            iters: 1,
            a_ns: vec![2.0, 4.0, 6.0],
            b_ns: vec![2.0, 2.0, 2.0],
        };
        assert_eq!(c.ratio(), 2.0);
        assert_eq!(c.a_median(), 4.0);
        assert_eq!(c.ratio_quartiles(), (1.5, 2.5));
    }

    #[test]
    fn compare_alternates_and_counts() {
        let (mut na, mut nb) = (0u32, 0u32);
        let settings = Settings {
            rounds: 4,
            round_time: Duration::ZERO,
            warmup: Duration::ZERO,
        };
        let c = compare::<()>(
            &settings,
            || {
                na += 1;
                Ok(())
            },
            || {
                nb += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!((c.iters, c.a_ns.len(), c.b_ns.len()), (1, 4, 4));
        assert_eq!((na, nb), (5, 5));
        assert_eq!(Nanos(1500.0).to_string(), "1.5 µs");
    }
}
