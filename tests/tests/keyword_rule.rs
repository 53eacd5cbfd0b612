//! A field is named after its wire key, in models and in params: a key that is a Rust
//! keyword is a raw identifier (`r#type`), never another word (`kind`). Only keys that are
//! not identifiers at all (`"128"`, `"Deal specific"`) get a name of their own. The
//! `model!` macro refuses the others when it compiles; this test reads every model and
//! generated params struct so the rule is also seen to hold, and so that a renaming
//! attribute in generated code cannot slip past.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::types::{Activity, Filter, OrganizationSearchItem, SearchHit};
use std::path::{Path, PathBuf};

/// Keywords Rust cannot write raw; a key spelled like one gets a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    out.sort();
    out
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[test]
fn model_fields_are_named_after_their_keys() {
    let dir = root().join("crates/pipedrive-types/src/models");
    let mut fields = 0;
    let mut raw = 0;
    for file in rust_files(&dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            let Some((head, _)) = t.split_once(": Option<") else {
                continue;
            };
            if head.starts_with("pub ") || head.starts_with("//") || head.contains('(') {
                continue;
            }
            fields += 1;
            match head.split_once(" as ") {
                Some((name, key)) => {
                    let key = key.trim().trim_matches('"');
                    assert!(
                        !is_identifier(key),
                        "{}:{}: `{name}` renames the key {key:?}; name the field `{}`",
                        file.display(),
                        n + 1,
                        if is_identifier(key) { key } else { "" }
                    );
                }
                None if head.starts_with("r#") => raw += 1,
                None => assert!(is_identifier(head), "{}:{}: {head}", file.display(), n + 1),
            }
        }
    }
    assert!(fields > 500, "only {fields} model fields found");
    assert!(
        raw >= 9,
        "the `type` keys are raw identifiers ({raw} found)"
    );
}

#[test]
fn generated_params_fields_are_named_after_their_keys() {
    let crates = root().join("crates");
    let mut renamed = Vec::new();
    let mut raw = 0;
    for krate in [
        "admin",
        "catalog",
        "contacts",
        "files",
        "messaging",
        "sales",
    ] {
        let dir = crates.join(format!("pipedrive-{krate}/src/generated"));
        for file in rust_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            let lines: Vec<&str> = text.lines().map(str::trim).collect();
            for (i, line) in lines.iter().enumerate() {
                if line.starts_with("pub r#") {
                    raw += 1;
                }
                let Some(rest) = line.strip_prefix("#[serde(rename = \"") else {
                    if line.contains("rename = ") {
                        renamed.push(format!("{}: {line}", file.display()));
                    }
                    continue;
                };
                let key = rest.split('"').next().unwrap();
                let field = lines[i + 1];
                if is_identifier(key) && !NOT_RAW.contains(&key) {
                    renamed.push(format!("{}: {key} -> {field}", file.display()));
                }
            }
        }
    }
    assert!(renamed.is_empty(), "keys renamed: {renamed:#?}");
    assert!(raw >= 5, "`type` params are raw identifiers ({raw} found)");
}

#[test]
fn a_type_key_is_read_and_written_as_type() {
    let hit: SearchHit<OrganizationSearchItem> = serde_json::from_value(serde_json::json!({
        "result_score": 1.5,
        "item": {"id": 3, "type": "organization", "name": "Acme"}
    }))
    .unwrap();
    assert_eq!(hit.item.r#type.as_deref(), Some("organization"));
    let activity: Activity = serde_json::from_str(r#"{"id":1,"type":"call"}"#).unwrap();
    assert_eq!(activity.r#type.as_deref(), Some("call"));
    assert_eq!(
        serde_json::to_string(&activity).unwrap(),
        r#"{"id":1,"type":"call"}"#
    );
    let filter: Filter = serde_json::from_str(r#"{"type":"deals"}"#).unwrap();
    assert!(filter.r#type.is_some());
    assert!(Filter::FIELDS.contains(&"type"));
}
