//! Generator for the pipedrive-rs endpoint surface.
//!
//! Reads the v1 API reference and `operations.map`, and writes the Rust resource modules
//! of the domain crates, the per-endpoint tests, the response fixtures and the endpoint
//! list. `--check` compares instead of writing and fails on any difference.
mod deprecations;
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
    let mut ops = model::build(&map, &endpoints)?;
    for o in &mut ops {
        o.fixture =
            o.ep.example
                .as_ref()
                .map(|_| format!("v1/{}.json", o.slug()));
    }
    let mut files = BTreeMap::new();

    // The v2 contract, its models, and its operations from operations-v2.map.
    let spec_path = reference
        .parent()
        .unwrap_or(Path::new("."))
        .join("openapi/pipedrive-v1.yaml");
    let v2 = check_v2_contract(&spec_path.with_file_name("pipedrive-v2.yaml"))?;
    let names_path = root.join("crates/pipedrive-codegen/models-v2.map");
    let names = std::fs::read_to_string(&names_path)
        .map_err(|e| format!("cannot read {}: {e}", names_path.display()))?;
    let names = emit_v2_models::read_map(&names)?;
    files.extend(emit_v2_models::files(&v2, &names)?);
    let (v2_map, v2_ops) = v2_operations(root, &v2, &names, &files)?;
    // Deprecations from the official v1 contract, each with its v2 replacement; every
    // surface below words them from `Operation::deprecation`.
    let spec = std::fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let deprecated = emit_ops::deprecated_operations(&spec);
    if deprecated.is_empty() {
        return Err(format!(
            "no deprecated operation found in {}",
            spec_path.display()
        ));
    }
    let repl_path = root.join("crates/pipedrive-codegen/replacements-v2.map");
    let repl = std::fs::read_to_string(&repl_path)
        .map_err(|e| format!("cannot read {}: {e}", repl_path.display()))?;
    deprecations::resolve(&deprecated, &repl, &mut ops, &v2_ops)?;
    let mut list =
        String::from("# Every (method, path) of the v2 contract, derived by pipedrive-codegen.\n");
    for op in &v2 {
        list.push_str(&format!("{} {}\n", op.endpoint.method, op.endpoint.path));
    }
    files.insert("tests/fixtures/contract-v2-endpoints.txt".to_owned(), list);

    // Endpoint list of the whole reference, for the coverage test.
    let mut list = String::from(
        "# Every (method, path) of the v1 API reference, derived by pipedrive-codegen.\n",
    );
    for e in &endpoints {
        list.push_str(&format!("{} {}\n", e.method, e.path));
    }
    files.insert("tests/fixtures/reference-endpoints.txt".to_owned(), list);

    for (m, all) in [(&map, &ops), (&v2_map, &v2_ops)] {
        for res in &m.resources {
            let mine: Vec<&model::Operation> = all
                .iter()
                .filter(|o| o.resource.module == res.module)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let dir = match res.version {
                1 => String::new(),
                v => format!("v{v}/"),
            };
            files.insert(
                format!(
                    "crates/pipedrive-{}/src/generated/{dir}{}.rs",
                    res.krate, res.module
                ),
                emit_rust::resource_module(&mine)?,
            );
        }
    }
    // One test binary per API version: each binary links the whole client, and linking
    // one per resource cost minutes of every test run.
    let v1_all: Vec<&model::Operation> = ops.iter().collect();
    files.insert(
        "tests/tests/endpoints_v1.rs".to_owned(),
        emit_tests::test_module(&v1_all),
    );
    let v2_all: Vec<&model::Operation> = v2_ops.iter().collect();
    files.insert(
        "tests/tests/endpoints_v2.rs".to_owned(),
        emit_tests::test_module(&v2_all),
    );
    files.insert(
        "tests/tests/contract_prism_v2.rs".to_owned(),
        emit_tests::contract_module(&v2_all),
    );
    // The Python package's endpoint surface, stubs and request-shape cases.
    files.extend(emit_python::files(&map, &ops, &v2_map, &v2_ops)?);
    // The uniffi surface (Kotlin, Swift) of bindings/ffi.
    files.extend(emit_ffi::files(&map, &ops, &v2_map, &v2_ops, root)?);
    let all: Vec<&model::Operation> = ops.iter().collect();
    files.insert(
        "tests/tests/contract_prism.rs".to_owned(),
        emit_tests::contract_module(&all),
    );
    // Domain crates' generated/mod.rs (v1 modules flat, v2 ones in `v2`).
    let mut by_crate: BTreeMap<(&str, u8), Vec<&str>> = BTreeMap::new();
    for res in map.resources.iter().chain(&v2_map.resources) {
        by_crate
            .entry((&res.krate, res.version))
            .or_default()
            .push(&res.module);
    }
    let crates: std::collections::BTreeSet<&str> = by_crate.keys().map(|(k, _)| *k).collect();
    for krate in crates {
        let mut m = String::from(model::HEADER);
        m.push_str(
            "//! Endpoint modules of this crate, re-exported flat; those of API v2 in `v2`.\n",
        );
        if let Some(modules) = by_crate.get(&(krate, 1)) {
            m.push_str("pub mod enums;\npub use enums::*;\n");
            for module in modules {
                m.push_str(&format!("pub mod {module};\npub use {module}::*;\n"));
            }
            let mine: Vec<&model::Operation> =
                ops.iter().filter(|o| o.resource.krate == krate).collect();
            files.insert(
                format!("crates/pipedrive-{krate}/src/generated/enums.rs"),
                emit_rust::enums_module(&mine),
            );
        }
        if let Some(modules) = by_crate.get(&(krate, 2)) {
            m.push_str("pub mod v2;\n");
            let mut v = String::from(model::HEADER);
            v.push_str(
                "//! The endpoints of API v2 of this crate, re-exported flat.\npub mod enums;\n",
            );
            let mine: Vec<&model::Operation> = v2_ops
                .iter()
                .filter(|o| o.resource.krate == krate)
                .collect();
            let enums = emit_rust::enums_module(&mine);
            if enums.contains("string_enum!") {
                v.push_str("pub use enums::*;\n");
            }
            for module in modules {
                v.push_str(&format!("pub mod {module};\npub use {module}::*;\n"));
            }
            files.insert(
                format!("crates/pipedrive-{krate}/src/generated/v2/mod.rs"),
                v,
            );
            files.insert(
                format!("crates/pipedrive-{krate}/src/generated/v2/enums.rs"),
                enums,
            );
        }
        files.insert(format!("crates/pipedrive-{krate}/src/generated/mod.rs"), m);
    }
    // The facade's operation table and accessors.
    let both: Vec<model::Operation> = ops.iter().chain(&v2_ops).cloned().collect();
    files.extend(emit_ops::files(&map, &v2_map, &both)?);

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

/// The v2 operation map joined with the contract: every contract operation has exactly
/// one row, each row's response is the one the contract's answer schema gives (a `?`
/// takes it), and an operation whose example answer became a fixture points at it.
fn v2_operations(
    root: &Path,
    contract: &[openapi::ContractOp],
    names: &BTreeMap<String, (String, String)>,
    files: &BTreeMap<String, String>,
) -> Result<(opmap::OpMap, Vec<model::Operation>), String> {
    let path = root.join("crates/pipedrive-codegen/operations-v2.map");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut map = opmap::OpMap::parse_version(&text, 2)?;
    let derived = emit_v2_models::responses(contract, names)?;
    let mut problems = Vec::new();
    for op in &mut map.ops {
        let route = format!("{} {}", op.method, op.path);
        match derived.get(&route) {
            None => problems.push(format!("{route}: not in the v2 contract")),
            Some(d) if op.response == "?" => op.response = d.clone(),
            Some(d) if *d != op.response => problems.push(format!(
                "{route}: the map says {}, the contract's answer is {d}",
                op.response
            )),
            Some(_) => {}
        }
    }
    for route in derived.keys() {
        let rows = map
            .ops
            .iter()
            .filter(|o| format!("{} {}", o.method, o.path) == *route)
            .count();
        if rows != 1 {
            problems.push(format!("{route}: {rows} rows in operations-v2.map, want 1"));
        }
    }
    if !problems.is_empty() {
        return Err(format!("operations-v2.map:\n  {}", problems.join("\n  ")));
    }
    let endpoints: Vec<reference::Endpoint> = contract.iter().map(|o| o.endpoint.clone()).collect();
    let mut ops = model::build(&map, &endpoints)?;
    for o in &mut ops {
        let id = contract
            .iter()
            .find(|c| c.endpoint.method == o.ep.method && c.endpoint.path == o.ep.path)
            .map(|c| c.operation_id.as_str())
            .unwrap_or_default();
        let fixture = format!("v2/{id}.json");
        if files.contains_key(&format!("tests/fixtures/{fixture}")) {
            o.fixture = Some(fixture);
        }
    }
    Ok((map, ops))
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
