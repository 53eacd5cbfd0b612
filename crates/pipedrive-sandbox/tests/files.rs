//! `/files`: multipart uploads, downloads of the same bytes, updates, lists, deletes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, Resp, assert_error, items};
use pipedrive_sandbox::Sandbox;
use serde_json::{Value, json};

const BOUNDARY: &str = "sandbox-files-b0undary";

/// Bytes that are not UTF-8, with CR/LF and a fake boundary inside.
fn binary() -> Vec<u8> {
    let mut b: Vec<u8> = (0..=255u8).rev().collect();
    b.extend_from_slice(b"\r\n--not-the-boundary\r\n\xff\xfe\x00");
    b
}

/// A multipart body: text fields, then an optional file part.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in fields {
        out.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, ctype, data)) = file {
        out.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {ctype}\r\n\r\n"
            )
            .as_bytes(),
        );
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

fn upload(c: &mut Client, fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> Resp {
    let ctype = format!("multipart/form-data; boundary={BOUNDARY}");
    c.send(
        "POST",
        "files",
        &[],
        Some((&ctype, &multipart(fields, file))),
    )
    .unwrap()
}

fn setup() -> (Sandbox, Client, u64) {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    let deal = c.post("deals", &json!({"title": "Quote"}));
    assert_eq!(deal.status, 201, "{}", deal.text());
    let deal_id = deal.data()["id"].as_u64().unwrap();
    (sb, c, deal_id)
}

#[test]
fn upload_then_get_and_download_the_same_bytes() {
    let (sb, mut c, deal) = setup();
    let bytes = binary();
    assert!(std::str::from_utf8(&bytes).is_err());
    let deal_s = deal.to_string();
    let r = upload(
        &mut c,
        &[("deal_id", &deal_s)],
        Some(("quote.pdf", "application/pdf", &bytes)),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let f = r.data();
    let id = f["id"].as_u64().unwrap();
    assert_eq!(f["file_name"], "quote.pdf");
    assert_eq!(f["name"], "quote.pdf");
    assert_eq!(f["file_type"], "pdf");
    assert_eq!(f["file_size"], bytes.len());
    assert_eq!(f["deal_id"], deal);
    assert_eq!(f["deal_name"], "Quote");
    assert_eq!(f["person_id"], Value::Null);
    assert_eq!(f["active_flag"], true);
    assert!(
        f["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/v1/files/{id}/download"))
    );
    for k in [
        "user_id",
        "org_id",
        "product_id",
        "activity_id",
        "lead_id",
        "add_time",
        "update_time",
        "inline_flag",
        "remote_location",
        "remote_id",
        "cid",
        "s3_bucket",
        "mail_message_id",
        "mail_template_id",
        "person_name",
        "org_name",
        "product_name",
        "lead_name",
        "description",
    ] {
        assert!(f.get(k).is_some(), "{k} missing in {f}");
    }
    assert_eq!(sb.count("files"), 1);

    let got = c.get(&format!("files/{id}"));
    assert_eq!(got.status, 200);
    assert_eq!(got.data(), f);

    let dl = c.get(&format!("files/{id}/download"));
    assert_eq!(dl.status, 200);
    assert_eq!(dl.body, bytes);
    assert_eq!(dl.header("content-type"), Some("application/pdf"));
    assert_eq!(
        dl.header("content-disposition"),
        Some("attachment; filename=\"quote.pdf\"")
    );
    // The deal counts it.
    assert_eq!(c.get(&format!("deals/{deal}")).data()["files_count"], 1);
}

#[test]
fn download_without_a_part_type_is_octet_stream() {
    let (_sb, mut c, _) = setup();
    let ctype = format!("multipart/form-data; boundary={BOUNDARY}");
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"raw\"\r\n\r\n\x01\x02\r\n--{BOUNDARY}--\r\n"
    );
    let r = c
        .send("POST", "files", &[], Some((&ctype, body.as_bytes())))
        .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.data()["id"].as_u64().unwrap();
    let dl = c.get(&format!("files/{id}/download"));
    assert_eq!(dl.body, b"\x01\x02");
    assert_eq!(dl.header("content-type"), Some("application/octet-stream"));
}

#[test]
fn upload_validation() {
    let (sb, mut c, _) = setup();
    // No file part.
    let r = upload(&mut c, &[("deal_id", "1")], None);
    assert!(assert_error(&r, 400).contains("file"));
    // Not multipart at all.
    assert_error(&c.post("files", &json!({"deal_id": 1})), 400);
    // Unknown references.
    for (k, v, what) in [
        ("deal_id", "999", "Deal"),
        ("person_id", "999", "Person"),
        ("org_id", "999", "Organization"),
        ("product_id", "999", "Product"),
        ("activity_id", "999", "Activity"),
        ("lead_id", "adf21080-0e10-11eb-879b-05d71fb426ec", "Lead"),
    ] {
        let r = upload(&mut c, &[(k, v)], Some(("a.txt", "text/plain", b"x")));
        let e = assert_error(&r, 400);
        assert!(e.contains(what), "{k}: {e}");
    }
    let r = upload(
        &mut c,
        &[("deal_id", "x")],
        Some(("a.txt", "text/plain", b"x")),
    );
    assert_error(&r, 400);
    assert_eq!(sb.count("files"), 0);
}

#[test]
fn update_name_and_description() {
    let (_sb, mut c, _) = setup();
    let r = upload(&mut c, &[], Some(("notes.txt", "text/plain", b"hello")));
    let id = r.data()["id"].as_u64().unwrap();
    let r = c
        .send(
            "PUT",
            &format!("files/{id}"),
            &[],
            Some((
                "application/x-www-form-urlencoded",
                b"name=Meeting+notes&description=From+Monday",
            )),
        )
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.data()["name"], "Meeting notes");
    assert_eq!(r.data()["description"], "From Monday");
    assert_eq!(r.data()["file_name"], "notes.txt");
    let got = c.get(&format!("files/{id}")).data();
    assert_eq!(got["name"], "Meeting notes");
    assert_error(&c.put(&format!("files/{id}"), &json!({"name": ""})), 400);
    assert_error(&c.put("files/999", &json!({"name": "x"})), 404);
}

#[test]
fn lists_and_per_item_lists() {
    let (_sb, mut c, deal) = setup();
    let org = c.post("organizations", &json!({"name": "Acme"})).data()["id"]
        .as_u64()
        .unwrap();
    let deal_s = deal.to_string();
    let org_s = org.to_string();
    for (i, fields) in [
        vec![("deal_id", deal_s.as_str())],
        vec![("deal_id", deal_s.as_str()), ("org_id", org_s.as_str())],
        vec![],
    ]
    .iter()
    .enumerate()
    {
        let r = upload(
            &mut c,
            fields,
            Some((&format!("f{i}.txt"), "text/plain", b"x")),
        );
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let all = c.get("files?limit=2&sort=id%20DESC").json();
    let page = items(&all["data"]);
    assert_eq!(page.len(), 2);
    assert_eq!(page[0]["file_name"], "f2.txt");
    assert_eq!(
        all["additional_data"]["pagination"]["more_items_in_collection"],
        true
    );
    let rest = items(&c.get("files?start=2&limit=2&sort=id%20DESC").data());
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["file_name"], "f0.txt");

    let of_deal = items(&c.get(&format!("deals/{deal}/files")).data());
    assert_eq!(of_deal.len(), 2);
    assert!(of_deal.iter().all(|f| f["deal_id"] == deal));
    let of_org = items(&c.get(&format!("organizations/{org}/files")).data());
    assert_eq!(of_org.len(), 1);
    assert_eq!(of_org[0]["org_name"], "Acme");
    assert!(c.get("deals/999/files").status == 404);
}

#[test]
fn delete_marks_the_file_deleted() {
    let (sb, mut c, deal) = setup();
    let deal_s = deal.to_string();
    let r = upload(
        &mut c,
        &[("deal_id", &deal_s)],
        Some(("gone.bin", "application/octet-stream", &binary())),
    );
    let id = r.data()["id"].as_u64().unwrap();
    assert_eq!(sb.count("files"), 1);
    let d = c.delete(&format!("files/{id}"));
    assert_eq!(d.status, 200, "{}", d.text());
    assert_eq!(d.data(), json!({"id": id}));
    assert_eq!(sb.count("files"), 0);
    let got = c.get(&format!("files/{id}")).data();
    assert_eq!(got["active_flag"], false);
    assert!(c.get("files").data().is_null());
    assert!(c.get(&format!("deals/{deal}/files")).data().is_null());
    assert_eq!(
        items(&c.get("files?include_deleted_files=1").data()).len(),
        1
    );
    assert_error(&c.get(&format!("files/{id}/download")), 404);
    assert_error(&c.delete(&format!("files/{id}")), 404);
    assert_eq!(c.get(&format!("deals/{deal}")).data()["files_count"], 0);
}
