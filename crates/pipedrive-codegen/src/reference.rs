//! Parser for the plain-text v1 API reference.
//!
//! The reference is a flat document: each endpoint starts with a `METHOD/v1/path` line,
//! followed by parameter sections (`Path parameters`, `Query parameters`,
//! `Body parameters` + content type) and a `Response` section with a status line and one
//! JSON example. Parameters are written as a name line, an upper-case type line, an
//! optional `REQUIRED`, free text, and optional `DEFAULT..`, `FORMAT..` and `VALUES`
//! blocks.

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Body,
}

/// One documented parameter.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub location: Location,
    /// `STRING`, `INTEGER`, `NUMBER`, `BOOLEAN`, `ARRAY`, `OBJECT`, or empty when untyped.
    pub ty: String,
    pub required: bool,
    pub values: Vec<String>,
    pub default: Option<String>,
    pub format: Option<String>,
    /// The contract's schema of the parameter (`allOf` merged); none in the v1 reference.
    pub schema: Option<serde_json::Value>,
}

/// One endpoint of the reference.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub method: String,
    /// Path as written, starting with `/v1`.
    pub path: String,
    pub params: Vec<Param>,
    /// `application/json`, `multipart/form-data`, `application/x-www-form-urlencoded`.
    pub body_type: Option<String>,
    pub status: Option<u16>,
    /// The example response line, verbatim.
    pub example: Option<String>,
}

const TYPES: &[&str] = &["STRING", "INTEGER", "NUMBER", "BOOLEAN", "ARRAY", "OBJECT"];

fn endpoint_line(line: &str) -> Option<(String, String)> {
    for m in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        if let Some(rest) = line.strip_prefix(m) {
            let rest = rest.trim_start();
            if rest.starts_with("/v1/") && !rest.contains(' ') {
                return Some((m.to_owned(), rest.to_owned()));
            }
        }
    }
    None
}

fn is_ident(line: &str) -> bool {
    let mut chars = line.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && line
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '[' || c == ']')
}

fn section(line: &str) -> Option<Location> {
    match line {
        "Path parameters" => Some(Location::Path),
        "Query parameters" => Some(Location::Query),
        "Body parameters" => Some(Location::Body),
        _ => None,
    }
}

/// A parameter starts with an identifier followed by a type line, `REQUIRED`, or (for the
/// few untyped ones) a sentence: a line with spaces that starts with an upper-case letter.
fn param_start(lines: &[&str], i: usize) -> bool {
    let line = lines.get(i).copied().unwrap_or("");
    let next = lines.get(i + 1).copied().unwrap_or("");
    is_ident(line)
        && (TYPES.contains(&next)
            || next == "REQUIRED"
            || (next.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && next.contains(' ')
                && !next.starts_with("VALUES")
                && !next.starts_with("DEFAULT")
                && !next.starts_with("FORMAT")))
}

/// Parses every endpoint of the reference, in document order.
pub fn parse(text: &str) -> Vec<Endpoint> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((method, path)) = endpoint_line(lines[i]) else {
            i += 1;
            continue;
        };
        let mut ep = Endpoint {
            method,
            path,
            params: Vec::new(),
            body_type: None,
            status: None,
            example: None,
        };
        i += 1;
        let mut loc: Option<Location> = None;
        while i < lines.len() && endpoint_line(lines[i]).is_none() {
            let line = lines[i];
            if let Some(l) = section(line) {
                loc = Some(l);
                i += 1;
                continue;
            }
            if line == "Response" {
                loc = None;
                // status line, reason line, example
                let mut j = i + 1;
                while j < lines.len() && endpoint_line(lines[j]).is_none() {
                    let l = lines[j];
                    if ep.status.is_none() {
                        if let Ok(s) = l.trim().parse::<u16>() {
                            ep.status = Some(s);
                        }
                    }
                    if l.starts_with('{') && ep.example.is_none() {
                        ep.example = Some(l.to_owned());
                    }
                    if l.starts_with("=====") {
                        break;
                    }
                    j += 1;
                }
                i = j;
                continue;
            }
            if loc == Some(Location::Body)
                && ep.body_type.is_none()
                && (line.starts_with("application/") || line.starts_with("multipart/"))
            {
                ep.body_type = Some(line.to_owned());
                i += 1;
                continue;
            }
            let Some(location) = loc else {
                i += 1;
                continue;
            };
            if !param_start(&lines, i) {
                i += 1;
                continue;
            }
            let mut p = Param {
                name: line.to_owned(),
                location,
                ty: String::new(),
                required: false,
                values: Vec::new(),
                default: None,
                format: None,
                schema: None,
            };
            i += 1;
            if TYPES.contains(&lines.get(i).copied().unwrap_or("")) {
                p.ty = lines[i].to_owned();
                i += 1;
            }
            if lines.get(i).copied() == Some("REQUIRED") {
                p.required = true;
                i += 1;
            }
            // Description and trailing blocks, up to the next parameter or section.
            while i < lines.len() {
                let l = lines[i];
                if endpoint_line(l).is_some() || section(l).is_some() || l == "Response" {
                    break;
                }
                if param_start(&lines, i) {
                    break;
                }
                if let Some(d) = l.strip_prefix("DEFAULT") {
                    p.default = Some(d.to_owned());
                } else if let Some(f) = l.strip_prefix("FORMAT") {
                    p.format = Some(f.to_owned());
                } else if l == "VALUES" {
                    i += 1;
                    while i < lines.len() {
                        let v = lines[i];
                        if endpoint_line(v).is_some() || section(v).is_some() || v == "Response" {
                            break;
                        }
                        if param_start(&lines, i) {
                            break;
                        }
                        if v.is_empty() {
                            // Values are sometimes separated by blank lines; a blank line
                            // followed by something that is not a value ends the block.
                            let ahead = lines.get(i + 1).copied().unwrap_or("");
                            let after = lines.get(i + 2).copied().unwrap_or("");
                            let ahead_is_value = !ahead.is_empty()
                                && !ahead.contains(' ')
                                && !TYPES.contains(&after)
                                && after != "REQUIRED"
                                && section(ahead).is_none()
                                && ahead != "Response";
                            if !ahead_is_value {
                                break;
                            }
                            i += 1;
                            continue;
                        }
                        p.values.push(v.to_owned());
                        i += 1;
                    }
                    continue;
                }
                i += 1;
            }
            ep.params.push(p);
        }
        // The reference repeats one section verbatim; keep the first of each operation.
        if !out
            .iter()
            .any(|e: &Endpoint| e.method == ep.method && e.path == ep.path)
        {
            out.push(ep);
        }
    }
    out
}
