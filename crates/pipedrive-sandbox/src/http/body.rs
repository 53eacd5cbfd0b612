//! A request body as a JSON object according to its Content-Type (JSON, urlencoded form
//! or multipart/form-data), and single multipart parts with their raw bytes.
use super::request::Request;
use super::urlencoded::parse_pairs;
use serde_json::{Map, Value};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::{ReadError, Request, read_request};
    use std::io::BufReader;

    fn read(raw: &str) -> Result<Request, ReadError> {
        let mut r = BufReader::new(raw.as_bytes());
        let mut sink = Vec::new();
        read_request(&mut r, &mut sink)
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
}
