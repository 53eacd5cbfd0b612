//! Fails the build when a `model!` struct of pipedrive-types is missing from the
//! `models` target's table (src/model_table.rs): every model must be fuzzed.
use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Names of the structs declared through `model! { ... pub struct Name`, outside
/// comments (the macro's own doc example declares one).
fn declared_models(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("model!") {
        rest = &rest[at + "model!".len()..];
        if !rest.trim_start().starts_with('{') {
            continue;
        }
        if let Some(s) = rest.find("pub struct ") {
            let name: String = rest[s + "pub struct ".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let types_src = manifest.join("../../crates/pipedrive-types/src");
    let table_path = manifest.join("src/model_table.rs");
    println!("cargo:rerun-if-changed={}", types_src.display());
    println!("cargo:rerun-if-changed={}", table_path.display());

    let mut files = Vec::new();
    rust_files(&types_src, &mut files);
    files.sort();
    let table = fs::read_to_string(&table_path).unwrap_or_default();
    let listed = table
        .split("// BEGIN model! types")
        .nth(1)
        .and_then(|t| t.split("// END model! types").next())
        .unwrap_or_default();
    let listed: Vec<&str> = listed
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .flat_map(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')))
        .filter(|w| !w.is_empty())
        .collect();

    let mut missing = Vec::new();
    let mut found = 0;
    for file in &files {
        let source = fs::read_to_string(file).unwrap_or_default();
        // The v2 models share names with v1 ones; they are listed as `v2::Name`.
        let v2 = file.ends_with("generated/v2.rs");
        for name in declared_models(&source) {
            found += 1;
            let name = if v2 { format!("v2::{name}") } else { name };
            if !listed.contains(&name.as_str()) {
                missing.push(format!("{name} ({})", file.display()));
            }
        }
    }
    if found == 0 {
        eprintln!(
            "build.rs: no model! structs found under {}",
            types_src.display()
        );
        std::process::exit(1);
    }
    if !missing.is_empty() {
        eprintln!(
            "build.rs: models missing from tests/fuzz/src/model_table.rs (add them between \
             the BEGIN/END markers):\n  {}",
            missing.join("\n  ")
        );
        std::process::exit(1);
    }
}
