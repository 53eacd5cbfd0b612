//! Every (method, path) of the v1 API reference and of the v2 contract is reachable
//! through the client.
//!
//! `tests/fixtures/reference-endpoints.txt` and `contract-v2-endpoints.txt` are derived
//! from the reference and the contract by `pipedrive-codegen` (and re-verified by `just
//! generate-check` where they are present); `pipedrive::operations::operations()` is the
//! client's own table, the one every surface calls through.
use std::collections::BTreeSet;

fn reference() -> BTreeSet<(String, String)> {
    let v1 = include_str!("../fixtures/reference-endpoints.txt");
    let v2 = include_str!("../fixtures/contract-v2-endpoints.txt");
    v1.lines()
        .chain(v2.lines())
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

#[test]
fn every_v2_contract_operation_is_a_v2_operation() {
    let v2: Vec<_> = pipedrive::operations::operations()
        .iter()
        .filter(|op| op.version == pipedrive::ApiVersion::V2)
        .collect();
    assert_eq!(v2.len(), 158, "the v2 contract has 158 operations");
    for op in v2 {
        assert!(op.path.starts_with("/v2/"), "{} is at {}", op.id, op.path);
        assert!(op.id.starts_with("v2."), "{} is not under v2.", op.id);
    }
}
