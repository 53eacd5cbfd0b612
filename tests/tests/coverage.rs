//! Every (method, path) of the v1 API reference is reachable through the client.
//!
//! `tests/fixtures/reference-endpoints.txt` is derived from the reference by
//! `pipedrive-codegen` (and re-verified by `just generate-check` where the reference is
//! present); `pipedrive::operations::OPERATIONS` is the client's own table.
use std::collections::BTreeSet;

fn reference() -> BTreeSet<(String, String)> {
    include_str!("../fixtures/reference-endpoints.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (m, p) = l.split_once(' ').unwrap_or((l, ""));
            (m.to_owned(), p.to_owned())
        })
        .collect()
}

fn client() -> BTreeSet<(String, String)> {
    pipedrive::operations::OPERATIONS
        .iter()
        .map(|(_, _, m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect()
}

#[test]
fn the_reference_lists_165_endpoints() {
    assert_eq!(reference().len(), 165);
}

#[test]
fn every_reference_endpoint_is_implemented() {
    let missing: Vec<_> = reference().difference(&client()).cloned().collect();
    assert!(
        missing.is_empty(),
        "endpoints of the reference missing from the client: {missing:?}"
    );
}

#[test]
fn the_client_exposes_nothing_outside_the_reference() {
    let extra: Vec<_> = client().difference(&reference()).cloned().collect();
    assert!(
        extra.is_empty(),
        "operations not in the reference: {extra:?}"
    );
}

#[test]
fn method_names_are_unique_per_resource() {
    let mut seen = BTreeSet::new();
    for (resource, method, _, _) in pipedrive::operations::OPERATIONS {
        assert!(
            seen.insert((resource, method)),
            "{resource}.{method} is defined twice"
        );
    }
    assert_eq!(seen.len(), 165);
}
