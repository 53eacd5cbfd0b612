//! A small HTTP/1.1 server side: request parsing (Content-Length and chunked bodies,
//! `Expect: 100-continue`), query strings, JSON / urlencoded / multipart bodies, and
//! response heads.
use serde_json::{Map, Value};
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

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `%XX` decoding; `+` becomes a space when `plus_is_space` (query strings and forms).
pub(crate) fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex_val(b[i + 1]), hex_val(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=1&b=x+y` -> pairs, percent-decoded.
pub(crate) fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k, true), percent_decode(v, true)),
            None => (percent_decode(p, true), String::new()),
        })
        .collect()
}

/// Puts a form value into `obj`; `k[]` and repeated keys become arrays.
fn put_form_value(obj: &mut Map<String, Value>, key: &str, value: Value) {
    let (key, array) = match key.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (key, false),
    };
    match obj.get_mut(key) {
        Some(Value::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
        None if array => {
            obj.insert(key.to_owned(), Value::Array(vec![value]));
        }
        None => {
            obj.insert(key.to_owned(), value);
        }
    }
}

/// Parses a request body into a JSON object according to its Content-Type.
/// Err carries a message for a 400 answer.
pub(crate) fn parse_body(req: &Request) -> Result<Map<String, Value>, String> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let ctype = req.header("content-type").unwrap_or("application/json");
    let lower = ctype.to_ascii_lowercase();
    if lower.starts_with("application/x-www-form-urlencoded") {
        let text = String::from_utf8_lossy(&req.body);
        let mut obj = Map::new();
        for (k, v) in parse_pairs(&text) {
            put_form_value(&mut obj, &k, Value::String(v));
        }
        return Ok(obj);
    }
    if lower.starts_with("multipart/form-data") {
        let boundary = multipart_boundary(ctype)?;
        return parse_multipart(&req.body, &boundary);
    }
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err("Request body must be a JSON object".to_owned()),
        Err(e) => Err(format!("Invalid JSON in request body: {e}")),
    }
}

fn find_sub(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The `boundary` parameter of a multipart Content-Type.
fn multipart_boundary(ctype: &str) -> Result<String, String> {
    ctype
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .ok_or_else(|| "Multipart body without boundary".to_owned())
}

/// One part of a multipart/form-data body.
#[derive(Debug)]
pub(crate) struct Part<'a> {
    pub name: String,
    /// The `filename` of a file part.
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: &'a [u8],
}

/// Splits a multipart/form-data body into its named parts.
fn multipart_parts<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, String> {
    let delim = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut pos = find_sub(body, &delim, 0).ok_or("Multipart boundary not found")?;
    loop {
        pos += delim.len();
        if body.get(pos..pos + 2) == Some(b"--") {
            return Ok(parts);
        }
        // Skip the CRLF after the boundary.
        if body.get(pos..pos + 2) == Some(b"\r\n") {
            pos += 2;
        } else if body.get(pos) == Some(&b'\n') {
            pos += 1;
        }
        let head_end = find_sub(body, b"\r\n\r\n", pos).ok_or("Malformed multipart part")?;
        let head = String::from_utf8_lossy(&body[pos..head_end]).into_owned();
        let data_start = head_end + 4;
        let mut next_delim = Vec::with_capacity(delim.len() + 2);
        next_delim.extend_from_slice(b"\r\n");
        next_delim.extend_from_slice(&delim);
        let data_end =
            find_sub(body, &next_delim, data_start).ok_or("Unterminated multipart part")?;
        let mut name = None;
        let mut file_name = None;
        let mut content_type = None;
        for line in head.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            let k = k.trim().to_ascii_lowercase();
            if k == "content-disposition" {
                for attr in v.split(';') {
                    if let Some((ak, av)) = attr.trim().split_once('=') {
                        let av = av.trim().trim_matches('"').to_owned();
                        match ak.trim() {
                            "name" => name = Some(av),
                            "filename" => file_name = Some(av),
                            _ => {}
                        }
                    }
                }
            } else if k == "content-type" {
                content_type = Some(v.trim().to_owned());
            }
        }
        if let Some(name) = name {
            parts.push(Part {
                name,
                file_name,
                content_type,
                data: &body[data_start..data_end],
            });
        }
        pos = data_end + 2;
    }
}

/// multipart/form-data: text parts become strings; file parts become
/// `{"file_name", "content_type", "size"}` objects.
fn parse_multipart(body: &[u8], boundary: &str) -> Result<Map<String, Value>, String> {
    let mut obj = Map::new();
    for part in multipart_parts(body, boundary)? {
        let value = match part.file_name {
            Some(f) => serde_json::json!({
                "file_name": f,
                "content_type": part.content_type.unwrap_or_else(|| "application/octet-stream".to_owned()),
                "size": part.data.len(),
            }),
            None => Value::String(String::from_utf8_lossy(part.data).into_owned()),
        };
        put_form_value(&mut obj, &part.name, value);
    }
    Ok(obj)
}

/// The part called `name` of a multipart/form-data request, with its raw bytes; None
/// when the body is not multipart or has no such part.
pub(crate) fn multipart_part<'a>(req: &'a Request, name: &str) -> Result<Option<Part<'a>>, String> {
    let Some(ctype) = req.header("content-type") else {
        return Ok(None);
    };
    if !ctype
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        return Ok(None);
    }
    let boundary = multipart_boundary(ctype)?;
    Ok(multipart_parts(&req.body, &boundary)?
        .into_iter()
        .find(|p| p.name == name))
}

/// The reason phrase for a status code.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// Writes a response head (status line, headers, blank line) into `out`.
pub(crate) fn write_head(
    out: &mut Vec<u8>,
    status: u16,
    content_type: &str,
    content_length: usize,
    keep_alive: bool,
    extra: &[(String, String)],
) {
    out.extend_from_slice(format!("HTTP/1.1 {status} {}\r\n", reason(status)).as_bytes());
    out.extend_from_slice(b"Content-Type: ");
    out.extend_from_slice(content_type.as_bytes());
    out.extend_from_slice(b"\r\nContent-Length: ");
    out.extend_from_slice(content_length.to_string().as_bytes());
    out.extend_from_slice(if keep_alive {
        b"\r\nConnection: keep-alive\r\n".as_slice()
    } else {
        b"\r\nConnection: close\r\n".as_slice()
    });
    for (k, v) in extra {
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(v.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
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
    fn chunked_body() {
        let req = read("POST /v1/deals HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\n{\"tit\r\n9\r\nle\":\"a\"}\r\n0\r\n\r\n").unwrap();
        let body = parse_body(&req).unwrap();
        assert_eq!(body["title"], "a");
    }

    #[test]
    fn form_and_multipart() {
        let req = read("POST /x HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 17\r\n\r\ntitle=a+b&n=%3D1&").unwrap();
        let body = parse_body(&req).unwrap();
        assert_eq!(body["title"], "a b");
        assert_eq!(body["n"], "=1");
        let mp = "--XX\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XX--\r\n";
        let raw = format!(
            "POST /x HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: {}\r\n\r\n{mp}",
            mp.len()
        );
        let body = parse_body(&read(&raw).unwrap()).unwrap();
        assert_eq!(body["title"], "hello");
        assert_eq!(body["file"]["size"], 3);
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

    #[test]
    fn decode_edge_cases() {
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%4", false), "%4");
        assert_eq!(percent_decode("%41%zz", false), "A%zz");
    }
}
