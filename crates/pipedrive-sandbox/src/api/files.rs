//! `/files`: multipart uploads kept in memory, downloads, and the per-item file lists.
use super::{
    ApiError, R, RawBody, Reply, body, check_activity, check_org, check_person, check_product,
    in_id, in_text, list_reply, now, ok, ok_status, page, path_id, slice, sort_records, unknown,
};
use crate::http::{MAX_BODY, Request, multipart_part};
use crate::render::render_file;
use crate::store::{Rec, Store, obj};
use crate::util::{as_bool, get_bool, get_str};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Largest file one upload may store: the request body limit.
const MAX_FILE_BYTES: usize = MAX_BODY;
/// Bytes all live files may take together.
const MAX_STORED_BYTES: usize = 8 * MAX_BODY;

pub(crate) fn get(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => list(s, req, |_| true),
        [id] => {
            let id = path_id(id, "File")?;
            reply(s, id, 200)
        }
        [id, "download"] => download(s, path_id(id, "File")?),
        _ => Err(unknown()),
    }
}

/// `GET /{items}/{id}/files`: the live files linked to an item through `key`.
pub(crate) fn list_for(s: &Store, req: &Request, key: &str, id: u64) -> R {
    list(s, req, |f| crate::util::get_id(f, key) == Some(id))
}

fn list(s: &Store, req: &Request, base: impl Fn(&Rec) -> bool) -> R {
    let deleted = match req.q("include_deleted_files") {
        None => false,
        Some(v) => as_bool(&Value::from(v))
            .ok_or_else(|| ApiError::bad("Parameter 'include_deleted_files' must be 0 or 1"))?,
    };
    let mut all: Vec<&Rec> = s
        .files
        .rows
        .values()
        .filter(|f| deleted || get_bool(f, "active_flag"))
        .filter(|f| base(f))
        .collect();
    sort_records(&mut all, req.q("sort"))?;
    let p = page(req)?;
    let items = slice(&all, p).iter().map(|f| render_file(s, f)).collect();
    list_reply(items, p, all.len(), None, true)
}

fn reply(s: &Store, id: u64, status: u16) -> R {
    let rec = s
        .files
        .get(id)
        .ok_or_else(|| ApiError::not_found("File not found"))?;
    ok_status(status, render_file(s, rec), None)
}

/// The stored bytes with the upload's Content-Type, as an attachment.
fn download(s: &Store, id: u64) -> R {
    let (Some(rec), Some(bytes)) = (s.files.get(id), s.file_data.get(&id)) else {
        return Err(ApiError::not_found("File not found"));
    };
    let ctype = match get_str(rec, "content_type") {
        "" => "application/octet-stream",
        t => t,
    };
    Ok(Reply {
        status: 200,
        body: Value::Null,
        raw: Some(RawBody {
            content_type: ctype.to_owned(),
            headers: vec![(
                "Content-Disposition".into(),
                disposition(get_str(rec, "file_name")),
            )],
            bytes: Arc::clone(bytes),
        }),
    })
}

/// `attachment; filename="..."`, with an RFC 5987 `filename*` for non-ASCII names.
fn disposition(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| match c {
            '"' | '\\' => '_',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '_',
        })
        .collect();
    if plain == name {
        return format!("attachment; filename=\"{plain}\"");
    }
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// A part's Content-Type if it is a plausible header value.
fn clean_type(t: Option<&str>) -> String {
    match t.map(str::trim) {
        Some(t) if !t.is_empty() && t.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) => {
            t.to_owned()
        }
        _ => "application/octet-stream".to_owned(),
    }
}

/// The `file_type` Pipedrive reports for a file name.
fn file_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "webp" | "svg" | "tif" | "tiff" | "heic" => "img",
        "pdf" => "pdf",
        "doc" | "docx" | "odt" | "rtf" => "doc",
        "xls" | "xlsx" | "ods" | "csv" => "xls",
        "ppt" | "pptx" | "odp" => "ppt",
        "txt" | "md" => "txt",
        "zip" | "rar" | "7z" | "gz" | "tar" => "zip",
        "mp3" | "wav" | "ogg" | "m4a" => "audio",
        "mp4" | "mov" | "avi" | "webm" => "video",
        _ => "other",
    }
}

/// Checks and stores the optional links of an upload.
fn links(s: &Store, rec: &mut Rec, b: &Map<String, Value>) -> Result<(), ApiError> {
    if let Some(Some(d)) = in_id(b, "deal_id")? {
        if s.deals
            .get(d)
            .filter(|x| get_str(x, "status") != "deleted")
            .is_none()
        {
            return Err(ApiError::bad(format!("Deal with ID {d} not found")));
        }
        rec.insert("deal_id".into(), d.into());
    }
    if let Some(Some(p)) = in_id(b, "person_id")? {
        check_person(s, p)?;
        rec.insert("person_id".into(), p.into());
    }
    if let Some(Some(o)) = in_id(b, "org_id")? {
        check_org(s, o)?;
        rec.insert("org_id".into(), o.into());
    }
    if let Some(Some(p)) = in_id(b, "product_id")? {
        check_product(s, p)?;
        rec.insert("product_id".into(), p.into());
    }
    if let Some(Some(a)) = in_id(b, "activity_id")? {
        check_activity(s, a)?;
        rec.insert("activity_id".into(), a.into());
    }
    if let Some(Some(l)) = in_text(b, "lead_id")? {
        let l = l.trim();
        if !l.is_empty() {
            if s.lead_index(l).is_none() {
                return Err(ApiError::bad(format!("Lead with ID {l} not found")));
            }
            rec.insert("lead_id".into(), l.into());
        }
    }
    Ok(())
}

fn upload(s: &mut Store, req: &Request) -> R {
    let b = body(req)?;
    let part = multipart_part(req, "file")
        .map_err(ApiError::bad)?
        .ok_or_else(|| {
            ApiError::bad("No file was uploaded: the multipart part 'file' is required")
        })?;
    if part.data.len() > MAX_FILE_BYTES {
        return Err(ApiError {
            status: 413,
            error: format!("File is larger than {MAX_FILE_BYTES} bytes"),
        });
    }
    let stored: usize = s.file_data.values().map(|d| d.len()).sum();
    if stored + part.data.len() > MAX_STORED_BYTES {
        return Err(ApiError {
            status: 413,
            error: format!("The sandbox keeps at most {MAX_STORED_BYTES} bytes of files"),
        });
    }
    let name = part
        .file_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("file")
        .to_owned();
    let t = now();
    let id = s.files.last_id + 1;
    let host = req.header("host").unwrap_or("127.0.0.1");
    let mut rec = obj(json!({
        "user_id": s.me,
        "deal_id": null,
        "person_id": null,
        "org_id": null,
        "product_id": null,
        "activity_id": null,
        "lead_id": null,
        "log_id": null,
        "add_time": t,
        "update_time": t,
        "file_name": name,
        "file_type": file_type(&name),
        "file_size": part.data.len(),
        "active_flag": true,
        "remote_location": "s3",
        "remote_id": format!("sandbox/files/{id}"),
        "cid": "",
        "s3_bucket": "",
        "mail_message_id": "",
        "mail_template_id": "",
        "url": format!("http://{host}/v1/files/{id}/download"),
        "name": name,
        "description": "",
        "content_type": clean_type(part.content_type.as_deref()),
    }));
    links(s, &mut rec, &b)?;
    let data = Arc::new(part.data.to_vec());
    let id = s.files.insert(rec);
    s.file_data.insert(id, data);
    reply(s, id, 201)
}

fn live(s: &Store, id: &str) -> Result<u64, ApiError> {
    let id = path_id(id, "File")?;
    match s.files.get(id) {
        Some(f) if get_bool(f, "active_flag") => Ok(id),
        _ => Err(ApiError::not_found("File not found")),
    }
}

pub(crate) fn write(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => upload(s, req),
        ("PUT", [id]) => {
            let id = live(s, id)?;
            let b = body(req)?;
            let mut rec = s.files.get(id).cloned().unwrap_or_default();
            match in_text(&b, "name")? {
                Some(Some(n)) if !n.trim().is_empty() => {
                    rec.insert("name".into(), n.trim().into());
                }
                Some(_) => return Err(ApiError::bad("Parameter 'name' cannot be empty")),
                None => {}
            }
            if let Some(d) = in_text(&b, "description")? {
                rec.insert("description".into(), d.unwrap_or_default().into());
            }
            rec.insert("update_time".into(), now().into());
            s.files.rows.insert(id, rec);
            reply(s, id, 200)
        }
        ("DELETE", [id]) => {
            let id = live(s, id)?;
            let t = now();
            if let Some(f) = s.files.get_mut(id) {
                f.insert("active_flag".into(), false.into());
                f.insert("update_time".into(), t.into());
            }
            s.file_data.remove(&id);
            ok(json!({"id": id}))
        }
        _ => Err(unknown()),
    }
}
