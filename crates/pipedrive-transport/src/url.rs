//! Base URL validation, URL building and origin comparison (for redirects).
use crate::{Error, Result};
use std::net::{Ipv4Addr, Ipv6Addr};
use ureq::http::Uri;

/// Scheme, host and port: credentials may only travel to the configured one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    pub(crate) fn of(uri: &Uri) -> Option<Origin> {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => 443,
            "http" => 80,
            _ => return None,
        };
        let host = uri.host()?.to_ascii_lowercase();
        Some(Origin {
            port: uri.port_u16().unwrap_or(default_port),
            scheme,
            host,
        })
    }

    pub(crate) fn is_https(&self) -> bool {
        self.scheme == "https"
    }

    pub(crate) fn is_loopback(&self) -> bool {
        is_loopback_host(&self.host)
    }
}

/// The validated base URL: everything up to (not including) the request path.
#[derive(Debug, Clone)]
pub(crate) struct BaseUrl {
    /// `scheme://authority/prefix` without a trailing slash.
    root: String,
    pub(crate) origin: Origin,
}

impl BaseUrl {
    pub(crate) fn parse(raw: &str) -> Result<BaseUrl> {
        let raw = raw.trim();
        let uri: Uri = raw
            .parse()
            .map_err(|e| Error::InvalidInput(format!("base URL `{raw}` is not a URL: {e}")))?;
        let authority = uri
            .authority()
            .ok_or_else(|| Error::InvalidInput(format!("base URL `{raw}` has no host")))?;
        if authority.as_str().contains('@') {
            return Err(Error::InvalidInput(
                "base URL must not carry credentials; configure the token instead".into(),
            ));
        }
        if uri.query().is_some() {
            return Err(Error::InvalidInput(
                "base URL must not have a query string".into(),
            ));
        }
        let origin = Origin::of(&uri).ok_or_else(|| {
            Error::InvalidInput(format!(
                "base URL `{raw}` must use https:// (or http:// on loopback)"
            ))
        })?;
        if !origin.is_https() && !origin.is_loopback() {
            return Err(Error::InvalidInput(format!(
                "base URL `{raw}` uses plain http:// to a non-loopback host; the token would travel unencrypted"
            )));
        }
        let prefix = uri.path().trim_end_matches('/');
        Ok(BaseUrl {
            root: format!("{}://{}{}", origin.scheme, authority.as_str(), prefix),
            origin,
        })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.root
    }

    /// Joins an already-escaped path and unescaped query pairs onto the base.
    ///
    /// Every request passes through here, so this is where a path that could reach
    /// another endpoint than the one named ([`check_segments`]) or a credential in the
    /// query ([`check_no_credentials`]) is refused, before anything is sent.
    pub(crate) fn join(&self, path: &str, query: &[(String, String)]) -> Result<String> {
        if path
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '#')
        {
            return Err(Error::InvalidInput(format!(
                "request path `{path}` contains characters that must be escaped"
            )));
        }
        check_no_credentials(path, query)?;
        check_segments(path)?;
        let mut url = String::with_capacity(self.root.len() + path.len() + 64);
        url.push_str(&self.root);
        if !path.starts_with('/') {
            url.push('/');
        }
        url.push_str(path);
        let mut sep = if path.contains('?') { '&' } else { '?' };
        for (k, v) in query {
            url.push(sep);
            sep = '&';
            encode_into(&mut url, k);
            url.push('=');
            encode_into(&mut url, v);
        }
        Ok(url)
    }
}

/// Query keys that would carry a credential. Pipedrive accepts the API token as an
/// `api_token` query parameter, and OAuth servers commonly accept `access_token`; a URL
/// ends up in proxy logs, server logs and our own debug lines, so the transport sends
/// credentials only in a header and refuses them here.
const CREDENTIAL_KEYS: [&str; 2] = ["api_token", "access_token"];

/// Whether a query key, as the server would read it, names a credential. The key is
/// percent-decoded (`api%5Ftoken`), `+` read as a space, surrounding spaces and an
/// array suffix (`api_token[]`) ignored, and compared without regard to case.
pub(crate) fn is_credential_key(raw: &str) -> bool {
    let decoded = percent_decode(&raw.replace('+', " "));
    let key = decoded.split('[').next().unwrap_or_default().trim();
    CREDENTIAL_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k))
}

/// Refuses a credential in the query pairs or in a query written into the path itself
/// (`/deals?api_token=...`). The message never repeats the value.
fn check_no_credentials(path: &str, query: &[(String, String)]) -> Result<()> {
    let in_path = path
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default()
        .split(['&', ';'])
        .map(|pair| pair.split('=').next().unwrap_or_default());
    let mut keys = query.iter().map(|(k, _)| k.as_str()).chain(in_path);
    if keys.any(is_credential_key) {
        return Err(Error::InvalidInput(
            "the API token is sent in a header; do not put `api_token` (or another credential) in the query".into(),
        ));
    }
    Ok(())
}

/// Refuses a path with an empty, `.` or `..` segment.
///
/// A `..` makes a normalising proxy or server send the request elsewhere
/// (`DELETE /deals/../products/7` becomes `DELETE /products/7`), and an empty segment
/// turns `/leads/{id}` into the list endpoint `/leads/`. Segments are also read as a
/// proxy that decodes percent-escapes would read them (`%2e%2e`, `..%2F`), so an id
/// can never smuggle one in. Rejecting here covers generated methods and raw paths
/// alike, before anything is sent.
pub(crate) fn check_segments(path: &str) -> Result<()> {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let body = path.strip_prefix('/').unwrap_or(path);
    for segment in body.split('/') {
        let decoded = percent_decode(segment);
        let dots = decoded
            .split(['/', '\\'])
            .any(|piece| piece == "." || piece == "..");
        if segment.is_empty() || dots {
            return Err(Error::InvalidInput(format!(
                "request path `{path}` has an empty, `.` or `..` segment; an id cannot be empty, `.` or `..`"
            )));
        }
    }
    Ok(())
}

/// Decodes `%XX` escapes (invalid ones are kept as they are); bytes that are not UTF-8
/// become U+FFFD.
fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|h| char::from(*h).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        || bare.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Percent-encodes everything except RFC 3986 unreserved characters; safe for both
/// query strings and `application/x-www-form-urlencoded` bodies.
pub(crate) fn encode_into(out: &mut String, raw: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
        }
    }
}

/// `k=v&k=v` for a form body.
pub(crate) fn encode_form(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, k);
        out.push('=');
        encode_into(&mut out, v);
    }
    out
}

/// Resolves a `Location` header against the URL that produced it.
pub(crate) fn resolve_location(current: &Uri, location: &str) -> Option<Uri> {
    let location = location.trim();
    let lower = location.to_ascii_lowercase();
    let absolute = if lower.starts_with("http://") || lower.starts_with("https://") {
        location.to_owned()
    } else if location.starts_with("//") {
        format!("{}:{location}", current.scheme_str()?)
    } else if location.starts_with('/') {
        format!(
            "{}://{}{location}",
            current.scheme_str()?,
            current.authority()?
        )
    } else {
        let path = current.path();
        let dir = path.rfind('/').and_then(|i| path.get(..=i)).unwrap_or("/");
        format!(
            "{}://{}{dir}{location}",
            current.scheme_str()?,
            current.authority()?
        )
    };
    absolute.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_plain_http_off_loopback() {
        assert!(BaseUrl::parse("http://api.pipedrive.com/v1").is_err());
        assert!(BaseUrl::parse("http://10.0.0.1/v1").is_err());
        assert!(BaseUrl::parse("http://127.0.0.1:8080/v1").is_ok());
        assert!(BaseUrl::parse("http://127.1.2.3/v1").is_ok());
        assert!(BaseUrl::parse("http://localhost:1/").is_ok());
        assert!(BaseUrl::parse("http://[::1]:9/v1").is_ok());
        assert!(BaseUrl::parse("https://api.pipedrive.com/v1").is_ok());
        assert!(BaseUrl::parse("ftp://x/").is_err());
        assert!(BaseUrl::parse("https://user:pw@x/").is_err());
        assert!(BaseUrl::parse("not a url").is_err());
    }

    #[test]
    fn joins_path_and_query() {
        let b = BaseUrl::parse("https://api.pipedrive.com/v1/").unwrap();
        let url = b
            .join(
                "/deals",
                &[
                    ("term".into(), "a b&c".into()),
                    ("ids".into(), "1,2".into()),
                ],
            )
            .unwrap();
        assert_eq!(
            url,
            "https://api.pipedrive.com/v1/deals?term=a%20b%26c&ids=1%2C2"
        );
        assert!(b.join("/a b", &[]).is_err());
    }

    #[test]
    fn refuses_dot_and_empty_segments() {
        let b = BaseUrl::parse("https://api.pipedrive.com/v1").unwrap();
        for bad in [
            "/deals/../products/7",
            "/leads/..",
            "/leads/.",
            "/leads/",
            "/deals//products/7",
            "/leads/%2e%2e",
            "/leads/%2E.",
            "/leads/.%2e?x=1",
            "/deals/..%2Fproducts",
            "/deals/a%2F..%2Fb",
            "/deals/%2e%2e%5cx",
            "..",
        ] {
            let err = b.join(bad, &[]).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{bad}: {err:?}");
        }
        for good in [
            "/deals/1",
            "/leads/adf21080-0e10-11eb-879b-05d71fb426ec",
            "/files/.hidden",
            "/files/a..b",
            "/files/...",
            "/deals/%252e%252e",
            "/deals?start=0",
            "deals",
        ] {
            assert!(b.join(good, &[]).is_ok(), "{good}");
        }
        // What `segment` makes of hostile ids is refused too, not sent.
        for id in [".", "..", "", "../x", "a/../b"] {
            let path = format!("/leads/{}", crate::segment(id));
            assert!(b.join(&path, &[]).is_err(), "{id:?} -> {path}");
        }
    }

    #[test]
    fn refuses_credentials_in_any_query() {
        let b = BaseUrl::parse("https://api.pipedrive.com/v1").unwrap();
        for path in [
            "/deals?api_token=x",
            "/deals?start=0&API_TOKEN=x",
            "/deals?api%5Ftoken=x",
            "/deals?api%5ftoken=x",
            "/deals?%61pi_token=x",
            "/deals?api_token[]=x",
            "/deals?+api_token=x",
            "/deals?x=1;api_token=y",
            "/deals?access_token=x",
            "/deals?api_token",
        ] {
            let err = b.join(path, &[]).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{path}: {err:?}");
            assert!(!err.to_string().contains("=x"), "{err}");
        }
        for key in ["api_token", "Api_Token", "api%5Ftoken", "access_token"] {
            assert!(
                b.join("/deals", &[(key.into(), "x".into())]).is_err(),
                "{key}"
            );
        }
        assert!(b.join("/deals?term=api_token", &[]).is_ok());
        assert!(
            b.join("/deals", &[("term".into(), "api_token".into())])
                .is_ok()
        );
        assert!(b.join("/deals?my_api_token_note=1", &[]).is_ok());
    }

    #[test]
    fn resolves_locations() {
        let cur: Uri = "https://a.example/v1/files/1/download".parse().unwrap();
        let r = |l: &str| resolve_location(&cur, l).map(|u| u.to_string());
        assert_eq!(r("/x").as_deref(), Some("https://a.example/x"));
        assert_eq!(r("//b.example/y").as_deref(), Some("https://b.example/y"));
        assert_eq!(
            r("other").as_deref(),
            Some("https://a.example/v1/files/1/other")
        );
        assert_eq!(
            r("HTTP://c.example/z").as_deref(),
            Some("http://c.example/z")
        );
    }

    #[test]
    fn origins_compare_scheme_host_port() {
        let o = |s: &str| Origin::of(&s.parse().unwrap());
        assert_eq!(o("https://A.example/x"), o("https://a.example:443/y"));
        assert_ne!(o("https://a.example/"), o("http://a.example/"));
        assert_ne!(o("http://127.0.0.1:1/"), o("http://127.0.0.1:2/"));
    }
}
