//! Every (method, path) of the v1 API reference is reachable through the client.
//!
//! `tests/fixtures/reference-endpoints.txt` is derived from the reference by
//! `pipedrive-codegen` (and re-verified by `just generate-check` where the reference is
//! present); `pipedrive::operations::operations()` is the client's own table, the one
//! every surface calls through.
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
    pipedrive::operations::operations()
        .iter()
        .map(|op| (op.method.as_str().to_owned(), op.path.to_owned()))
        .collect()
}

#[test]
fn one_operation_per_reference_endpoint() {
    assert!(!reference().is_empty(), "the endpoint list is empty");
    assert_eq!(pipedrive::operations::operations().len(), reference().len());
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
    for op in pipedrive::operations::operations() {
        assert!(seen.insert(op.id), "{} is defined twice", op.id);
        assert_eq!(op.id, format!("{}.{}", op.resource, op.name));
    }
}
