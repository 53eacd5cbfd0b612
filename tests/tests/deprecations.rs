//! The operation table's deprecations: the v1 operations the official v1 contract marks
//! deprecated each name the v2 operation to call instead, or are listed in the
//! generator's `replacements-v2.map` as having none, with the reason. Every surface words
//! its deprecation (Rust `#[deprecated]`, Python `DeprecationWarning`, Kotlin
//! `@Deprecated`) from these two columns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::operations::operations;
use pipedrive_transport::{ApiVersion, Method, Operation};
use std::collections::BTreeMap;

fn by_id(id: &str) -> Option<&'static Operation> {
    operations().iter().find(|o| o.id == id)
}

/// `(METHOD, /v1/path)` -> the map's second column (`None` for `-`), from the committed
/// `replacements-v2.map`.
fn map_rows() -> BTreeMap<(String, String), Option<String>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/pipedrive-codegen/replacements-v2.map"
    );
    let text = std::fs::read_to_string(path).expect("replacements-v2.map");
    let mut rows = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let (method, path) = cols[0].split_once(' ').unwrap();
        let id = (cols[1] != "-").then(|| cols[1].to_owned());
        rows.insert((method.to_owned(), path.trim().to_owned()), id);
    }
    rows
}

#[test]
fn only_v1_operations_are_deprecated_and_only_they_name_a_replacement() {
    for op in operations() {
        if op.version == ApiVersion::V2 {
            assert!(!op.deprecated, "{} is v2 and deprecated", op.id);
        }
        if op.replaced_by.is_some() {
            assert!(
                op.deprecated,
                "{} names a replacement but is not deprecated",
                op.id
            );
        }
    }
}

#[test]
fn every_deprecated_operation_names_an_existing_v2_operation_or_is_mapped_to_none() {
    let rows = map_rows();
    let mut replaced = 0;
    let mut none = 0;
    for op in operations().iter().filter(|o| o.deprecated) {
        let key = (op.method.as_str().to_owned(), op.path.to_owned());
        match op.replaced_by {
            Some(id) => {
                let target = by_id(id)
                    .unwrap_or_else(|| panic!("{} is replaced by {id}, not in the table", op.id));
                assert_eq!(target.version, ApiVersion::V2, "{} -> {id}", op.id);
                assert!(!target.deprecated, "{} -> {id}, itself deprecated", op.id);
                match rows.get(&key) {
                    // Named by the map: the map and the table agree.
                    Some(mapped) => assert_eq!(mapped.as_deref(), Some(id), "{}", op.id),
                    // Found by route: the same path under /v2, PATCH where v1 has PUT.
                    None => {
                        assert_eq!(
                            target.path,
                            op.path.replacen("/v1/", "/v2/", 1),
                            "{} -> {id}",
                            op.id
                        );
                        let method = match op.method {
                            Method::Put => Method::Patch,
                            m => m,
                        };
                        assert_eq!(target.method, method, "{} -> {id}", op.id);
                    }
                }
                replaced += 1;
            }
            None => {
                assert_eq!(
                    rows.get(&key),
                    Some(&None),
                    "{} is deprecated without a replacement and without a `-` row in replacements-v2.map",
                    op.id
                );
                none += 1;
            }
        }
    }
    // The official v1 contract marks 52 of the 165 reference operations deprecated.
    assert_eq!(
        (replaced, none),
        (43, 9),
        "deprecated operations with and without replacement"
    );
}

#[test]
fn every_map_row_is_a_deprecated_operation_of_the_table() {
    for ((method, path), _) in map_rows() {
        let op = operations()
            .iter()
            .find(|o| o.method.as_str() == method && o.path == path)
            .unwrap_or_else(|| panic!("{method} {path} is not in the table"));
        assert!(
            op.deprecated,
            "{} has a map row but is not deprecated",
            op.id
        );
    }
}

#[test]
fn the_supported_entities_point_at_their_v2_counterparts() {
    for (v1, v2) in [
        ("deals.list", "v2.deals.list"),
        // Quoted paths in the contract (`'/deals/{id}'`) count too.
        ("deals.get", "v2.deals.get"),
        ("deals.update", "v2.deals.update"),
        ("persons.list_deals", "v2.deals.list"),
        ("products.search", "v2.products.search"),
    ] {
        let op = by_id(v1).unwrap();
        assert!(op.deprecated, "{v1}");
        assert_eq!(op.replaced_by, Some(v2), "{v1}");
    }
    let channels = by_id("channels.create").unwrap();
    assert!(channels.deprecated && channels.replaced_by.is_none());
    for id in ["users.me", "leads.list", "deal_fields.list"] {
        let op = by_id(id).unwrap_or_else(|| panic!("{id}"));
        assert!(!op.deprecated && op.replaced_by.is_none(), "{id}");
    }
}
