//! Generator for the pipedrive-rs endpoint surface.
//!
//! Reads the v1 API reference and `operations.map`, and writes the Rust resource modules
//! of the domain crates, the per-endpoint tests, the response fixtures and the endpoint
//! list. `--check` compares instead of writing and fails on any difference.
mod emit_ffi;
mod emit_ops;
mod emit_python;
mod emit_rust;
mod emit_tests;
mod emit_v2_models;
mod fixtures;
mod model;
mod openapi;
mod opmap;
mod reference;
mod samples;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn main() {
    match run() {
        Ok(0) => {}
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("pipedrive-codegen: {e}");
            std::process::exit(2)
        }
    }
}

/// Regenerates (or with `--check` compares); returns the exit code.
fn run() -> Result<i32, String> {
    let mut args = std::env::args().skip(1);
    let mut check = false;
    let mut reference = PathBuf::from("../shared/reference/pipedrive-api-v1-reference.txt");
    let mut root = PathBuf::from(".");
    while let Some(a) = args.next() {
        match a.as_str() {
            "--check" => check = true,
            "--reference" => reference = args.next().ok_or("--reference needs a PATH")?.into(),
            "--root" => root = args.next().ok_or("--root needs a DIR")?.into(),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let mut files = BTreeMap::new();
    for (p, c) in generate(&reference, &root)? {
        let c = if p.ends_with(".rs") { rustfmt(&c)? } else { c };
        files.insert(p, c);
    }
    let mut stale = Vec::new();
    for (path, content) in &files {
        let full = root.join(path);
        let current = std::fs::read_to_string(&full).unwrap_or_default();
        if current != *content {
            if check {
                stale.push(path.clone());
            } else {
                if let Some(dir) = full.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
                std::fs::write(&full, content)
                    .map_err(|e| format!("cannot write {}: {e}", full.display()))?;
                println!("wrote {path}");
            }
        }
    }
    if check && !stale.is_empty() {
        eprintln!(
            "generated files differ from the generator's output: {stale:?}\nrun `just generate`"
        );
        return Ok(1);
    }
    println!("{} files up to date", files.len() - stale.len());
    Ok(0)
}

/// Formats generated Rust the way `cargo fmt` would, so committed output is stable.
fn rustfmt(src: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt (is it on PATH?): {e}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    // Written from a thread so a large file cannot deadlock against rustfmt's output.
    let input = src.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt failed: {e}"))?;
    writer
        .join()
        .map_err(|_| "the rustfmt writer thread panicked".to_owned())?
        .map_err(|e| format!("cannot write to rustfmt: {e}"))?;
    if !out.status.success() {
        let dump = std::env::temp_dir().join("pipedrive-codegen-failed.rs");
        let _ = std::fs::write(&dump, src);
        return Err(format!(
            "rustfmt rejected generated code (saved to {}):\n{}",
            dump.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt wrote non-UTF-8: {e}"))
}

/// Every generated file, by path relative to the workspace root.
pub fn generate(reference: &Path, root: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(reference)
        .map_err(|e| format!("cannot read {}: {e}", reference.display()))?;
    let endpoints = reference::parse(&text);
    let map_path = root.join("crates/pipedrive-codegen/operations.map");
    let map_text = std::fs::read_to_string(&map_path)
        .map_err(|e| format!("cannot read {}: {e}", map_path.display()))?;
    let map = opmap::OpMap::parse(&map_text)?;
    let ops = model::build(&map, &endpoints)?;
    let mut files = BTreeMap::new();

    // Endpoint list of the whole reference, for the coverage test.
    let mut list = String::from(
        "# Every (method, path) of the v1 API reference, derived by pipedrive-codegen.\n",
    );
    for e in &endpoints {
        list.push_str(&format!("{} {}\n", e.method, e.path));
    }
    files.insert("tests/fixtures/reference-endpoints.txt".to_owned(), list);

    for res in &map.resources {
        let mine: Vec<&model::Operation> = ops
            .iter()
            .filter(|o| o.resource.module == res.module)
            .collect();
        if mine.is_empty() {
            continue;
        }
        files.insert(
            format!(
                "crates/pipedrive-{}/src/generated/{}.rs",
                res.krate, res.module
            ),
            emit_rust::resource_module(&mine)?,
        );
        files.insert(
            format!("tests/tests/endpoints_{}.rs", res.module),
            emit_tests::test_module(&mine),
        );
    }
    // The Python package's endpoint surface, stubs and request-shape cases.
    files.extend(emit_python::files(&map, &ops)?);
    // The uniffi surface (Kotlin, Swift) of bindings/ffi.
    files.extend(emit_ffi::files(&map, &ops, root)?);
    let all: Vec<&model::Operation> = ops.iter().collect();
    files.insert(
        "tests/tests/contract_prism.rs".to_owned(),
        emit_tests::contract_module(&all),
    );
    // Domain crates' generated/mod.rs
    let mut by_crate: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for res in &map.resources {
        by_crate.entry(&res.krate).or_default().push(&res.module);
    }
    for (krate, modules) in by_crate {
        let mut m = String::from(model::HEADER);
        m.push_str("//! Endpoint modules of this crate, re-exported flat.\npub mod enums;\npub use enums::*;\n");
        for module in &modules {
            m.push_str(&format!("pub mod {module};\npub use {module}::*;\n"));
        }
        files.insert(format!("crates/pipedrive-{krate}/src/generated/mod.rs"), m);
        let mine: Vec<&model::Operation> =
            ops.iter().filter(|o| o.resource.krate == krate).collect();
        files.insert(
            format!("crates/pipedrive-{krate}/src/generated/enums.rs"),
            emit_rust::enums_module(&mine),
        );
    }
    // The facade's operation table and accessors; deprecations from the official contract.
    let spec_path = reference
        .parent()
        .unwrap_or(Path::new("."))
        .join("openapi/pipedrive-v1.yaml");
    let spec = std::fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let deprecated = emit_ops::deprecated_operations(&spec);
    if deprecated.is_empty() {
        return Err(format!(
            "no deprecated operation found in {}",
            spec_path.display()
        ));
    }
    files.extend(emit_ops::files(&map, &ops, &deprecated)?);
    let v2 = check_v2_contract(&spec_path.with_file_name("pipedrive-v2.yaml"))?;
    let names_path = root.join("crates/pipedrive-codegen/models-v2.map");
    let names = std::fs::read_to_string(&names_path)
        .map_err(|e| format!("cannot read {}: {e}", names_path.display()))?;
    files.extend(emit_v2_models::files(
        &v2,
        &emit_v2_models::read_map(&names)?,
    )?);

    for o in &ops {
        if let Some(ex) = &o.ep.example {
            let concrete = fixtures::concretize(ex);
            let mut v: serde_json::Value = serde_json::from_str(&concrete).map_err(|e| {
                format!(
                    "example of {} {} is not JSON after concretizing: {e}",
                    o.ep.method, o.ep.path
                )
            })?;
            fixtures::merge_all_of(&mut v);
            let pretty = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())? + "\n";
            files.insert(format!("tests/fixtures/v1/{}.json", o.slug()), pretty);
        }
    }
    Ok(files)
}

/// Operations per tag of the v2 contract this generator is written against
/// (`pipedrive-v2.yaml`, 158 operations on 85 paths).
const V2_TAGS: &[(&str, usize)] = &[
    ("Activities", 5),
    ("ActivityFields", 2),
    ("Deals", 17),
    ("DealProducts", 7),
    ("DealInstallments", 4),
    ("DealFields", 8),
    ("Persons", 11),
    ("PersonFields", 8),
    ("Organizations", 10),
    ("OrganizationFields", 8),
    ("Products", 19),
    ("ProductFields", 8),
    ("Leads", 3),
    ("ItemSearch", 2),
    ("Stages", 5),
    ("Pipelines", 5),
    ("Projects", 10),
    ("ProjectFields", 8),
    ("ProjectTemplates", 2),
    ("Tasks", 5),
    ("ProjectBoards", 5),
    ("ProjectPhases", 5),
    ("Users", 1),
];

/// Reads the v2 contract and checks that it still has the operations, per tag, that the
/// generator was written against: a changed contract stops generation with the
/// difference, instead of silently dropping or adding operations.
fn check_v2_contract(path: &Path) -> Result<Vec<openapi::ContractOp>, String> {
    let yaml = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let ops = openapi::read(&yaml, "/v2").map_err(|e| format!("{}: {e}", path.display()))?;
    let mut per_tag: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &ops {
        *per_tag.entry(op.tag.as_str()).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = V2_TAGS.iter().copied().collect();
    if per_tag != expected || ops.len() != 158 {
        return Err(format!(
            "{} changed: {} operations, per tag {per_tag:?}; expected 158, per tag {expected:?}",
            path.display(),
            ops.len()
        ));
    }
    // What the v2 emitters will rely on: one operation per (method, path) and per id, every
    // path parameter declared, and an answer schema for every operation that answers data.
    let mut seen = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    for op in &ops {
        let ep = &op.endpoint;
        let name = format!("{} {} ({})", ep.method, ep.path, op.operation_id);
        if op.operation_id.is_empty()
            || !seen.insert(op.operation_id.clone())
            || !seen.insert(format!("{} {}", ep.method, ep.path))
        {
            problems.push(format!("{name}: missing or repeated operation id or route"));
        }
        for segment in ep.path.split('/') {
            if let Some(p) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let declared = ep
                    .params
                    .iter()
                    .any(|q| q.name == p && q.location == reference::Location::Path);
                if !declared {
                    problems.push(format!("{name}: path parameter {p} is not declared"));
                }
            }
        }
        if op.data_schema.is_none()
            && ep
                .example
                .as_deref()
                .is_some_and(|e| e.contains("\"data\""))
        {
            problems.push(format!("{name}: answers data without a schema for it"));
        }
    }
    if problems.is_empty() {
        Ok(ops)
    } else {
        Err(format!("{}:\n  {}", path.display(), problems.join("\n  ")))
    }
}
