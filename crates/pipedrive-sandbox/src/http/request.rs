//! Reading one request off a connection: the request line and headers within a size
//! budget, the interim `100 Continue`, and a Content-Length or chunked body.
use super::urlencoded::{parse_pairs, percent_decode};
use std::io::{self, BufRead, Write};

/// Largest request head we accept.
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body we accept.
pub(crate) const MAX_BODY: usize = 32 * 1024 * 1024;

/// One parsed request.
#[derive(Debug)]
pub(crate) struct Request {
    pub method: String,
    /// The request target as sent, minus any scheme and authority.
    pub target: String,
    /// Percent-decoded path.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Lowercased names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub keep_alive: bool,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// First value of query parameter `name` (also matches `name[]`).
    pub(crate) fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| {
                k == name || (k.len() == name.len() + 2 && k.starts_with(name) && k.ends_with("[]"))
            })
            .map(|(_, v)| v.as_str())
    }

    /// Every value of query parameter `name` or `name[]`.
    pub(crate) fn q_all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| {
                k == name || (k.len() == name.len() + 2 && k.starts_with(name) && k.ends_with("[]"))
            })
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Why reading a request failed.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed the connection (or idled out) between requests.
    Closed,
    /// Malformed request: answer with this status and close.
    Bad(u16, &'static str),
    Io(io::Error),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Reads one line ending in `\n` into `buf`, failing when the head grows too large.
fn read_line(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    budget: &mut usize,
) -> Result<usize, ReadError> {
    buf.clear();
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Io(e)),
        };
        if available.is_empty() {
            return Ok(buf.len());
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if take > *budget {
            return Err(ReadError::Bad(431, "Request header fields too large"));
        }
        *budget -= take;
        buf.extend_from_slice(&available[..take]);
        r.consume(take);
        if done {
            return Ok(buf.len());
        }
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let mut l = line;
    while let Some((&last, rest)) = l.split_last() {
        if last == b'\n' || last == b'\r' {
            l = rest;
        } else {
            break;
        }
    }
    l
}

/// Reads one request. `early` receives the interim `100 Continue` when the client asks.
pub(crate) fn read_request(
    r: &mut impl BufRead,
    early: &mut impl Write,
) -> Result<Request, ReadError> {
    let mut budget = MAX_HEAD;
    let mut line = Vec::with_capacity(256);
    // Tolerate stray empty lines between requests (RFC 9112 2.2).
    let request_line = loop {
        let n = match read_line(r, &mut line, &mut budget) {
            Ok(n) => n,
            Err(ReadError::Io(e))
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::ConnectionReset
                        | io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::UnexpectedEof
                ) =>
            {
                return Err(ReadError::Closed);
            }
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Err(ReadError::Closed);
        }
        let t = trim_eol(&line);
        if !t.is_empty() {
            break String::from_utf8_lossy(t).into_owned();
        }
    };
    let mut parts = request_line.split(' ').filter(|p| !p.is_empty());
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad(400, "Malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(ReadError::Bad(505, "HTTP version not supported"));
    }
    let http10 = version == "HTTP/1.0";
    let method = method.to_owned();
    let mut target = target.to_owned();
    // Absolute form (`http://host/path`): keep only the path and query.
    if let Some(rest) = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        target = match rest.find('/') {
            Some(i) => rest[i..].to_owned(),
            None => "/".to_owned(),
        };
    }

    let mut headers = Vec::new();
    loop {
        let n = read_line(r, &mut line, &mut budget)?;
        if n == 0 {
            return Err(ReadError::Closed);
        }
        let t = trim_eol(&line);
        if t.is_empty() {
            break;
        }
        let text = String::from_utf8_lossy(t);
        let Some((k, v)) = text.split_once(':') else {
            return Err(ReadError::Bad(400, "Malformed header line"));
        };
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let connection = find("connection")
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let keep_alive = if http10 {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    let chunked = find("transfer-encoding")
        .map(|v| v.to_ascii_lowercase().contains("chunked"))
        .unwrap_or(false);
    let length = match find("content-length") {
        Some(v) if !chunked => Some(
            v.trim()
                .parse::<usize>()
                .map_err(|_| ReadError::Bad(400, "Invalid Content-Length"))?,
        ),
        _ => None,
    };
    if length.is_some_and(|l| l > MAX_BODY) {
        return Err(ReadError::Bad(413, "Request body too large"));
    }
    let expects_body = chunked || length.is_some_and(|l| l > 0);
    if expects_body && find("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        early.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        early.flush()?;
    }

    let body = if chunked {
        read_chunked(r)?
    } else if let Some(len) = length {
        let mut body = vec![0u8; len];
        r.read_exact(&mut body).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                ReadError::Closed
            } else {
                ReadError::Io(e)
            }
        })?;
        body
    } else {
        Vec::new()
    };

    let (path_raw, query_raw) = target.split_once('?').unwrap_or((target.as_str(), ""));
    let path = percent_decode(path_raw, false);
    let query = parse_pairs(query_raw);
    Ok(Request {
        method,
        target,
        path,
        query,
        headers,
        body,
        keep_alive,
    })
}

fn read_chunked(r: &mut impl BufRead) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    let mut line = Vec::new();
    let mut budget = MAX_HEAD;
    loop {
        if read_line(r, &mut line, &mut budget)? == 0 {
            return Err(ReadError::Closed);
        }
        let text = String::from_utf8_lossy(trim_eol(&line)).into_owned();
        let size_text = text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| ReadError::Bad(400, "Invalid chunk size"))?;
        if size == 0 {
            // Trailers until an empty line.
            loop {
                if read_line(r, &mut line, &mut budget)? == 0 || trim_eol(&line).is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err(ReadError::Bad(413, "Request body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])
            .map_err(|_| ReadError::Closed)?;
        // The CRLF after the chunk data.
        if read_line(r, &mut line, &mut budget)? == 0 {
            return Err(ReadError::Closed);
        }
        budget = MAX_HEAD;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    fn read(raw: &str) -> Result<Request, ReadError> {
        let mut r = BufReader::new(raw.as_bytes());
        let mut sink = Vec::new();
        read_request(&mut r, &mut sink)
    }

    #[test]
    fn parses_query_and_headers() {
        let req =
            read("GET /v1/deals?term=a%20b+c&ids[]=1&ids[]=2 HTTP/1.1\r\nX-Api-Token: t\r\n\r\n")
                .unwrap();
        assert_eq!(req.path, "/v1/deals");
        assert_eq!(req.q("term"), Some("a b c"));
        assert_eq!(req.q_all("ids"), vec!["1", "2"]);
        assert_eq!(req.header("x-api-token"), Some("t"));
        assert!(req.keep_alive);
    }

    #[test]
    fn bad_requests() {
        assert!(matches!(
            read("GARBAGE\r\n\r\n"),
            Err(ReadError::Bad(400, _))
        ));
        assert!(matches!(read(""), Err(ReadError::Closed)));
        assert!(matches!(
            read("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
            Err(ReadError::Bad(400, _))
        ));
    }
}
