//! Every operation of the Rust surface is exported by the native library.
//!
//! uniffi exports one C symbol per method (`uniffi_pipedrive_ffi_fn_method_<object>_<method>`),
//! and the Kotlin and Swift bindings are generated from exactly those. This reads the
//! symbol names out of the library cargo built next to this test and checks them against
//! the operation table (`pipedrive::operations::operations()`), so an endpoint dropped from the mobile surface fails
//! here even before the Kotlin test (which checks the same by reflection) runs.
//!
//! The crate has no `rlib`, so `cargo test` does not build the library for this test:
//! `just test` builds it first, and a library older than the crate's sources is refused
//! rather than read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const PREFIX: &[u8] = b"uniffi_pipedrive_ffi_fn_method_";

fn library() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // The test runs from target/<profile>/deps/, where cargo also leaves the library it
    // built for this run; target/<profile>/ has it too after a plain `cargo build`.
    let deps = exe.parent().unwrap();
    for dir in [deps, deps.parent().unwrap()] {
        for name in [
            "libpipedrive_ffi.so",
            "libpipedrive_ffi.dylib",
            "pipedrive_ffi.dll",
        ] {
            let p = dir.join(name);
            if p.exists() {
                assert_fresh(&p);
                return p;
            }
        }
    }
    panic!("no pipedrive_ffi cdylib next to {}", exe.display());
}

/// Fails when a file of the crate changed after the library was built. The `*_tests.rs`
/// modules are `#[cfg(test)]`: editing one does not change the library, so cargo does
/// not relink it, and they are left out.
fn assert_fresh(library: &Path) {
    let built = std::fs::metadata(library).unwrap().modified().unwrap();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let newest =
        newest_file(&crate_dir.join("src")).max(newest_file(&crate_dir.join("Cargo.toml")));
    assert!(
        newest <= built,
        "{} is older than the sources of bindings/ffi: run `cargo build -p pipedrive-ffi --lib` first",
        library.display()
    );
}

fn newest_file(path: &Path) -> SystemTime {
    let meta = std::fs::metadata(path).unwrap();
    if meta.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| newest_file(&e.unwrap().path()))
            .max()
            .unwrap_or(SystemTime::UNIX_EPOCH)
    } else if path.to_string_lossy().ends_with("_tests.rs") {
        SystemTime::UNIX_EPOCH
    } else {
        meta.modified().unwrap()
    }
}

/// Every `<object>_<method>` after the method-symbol prefix anywhere in the binary.
fn exported_methods() -> BTreeSet<String> {
    let bytes = std::fs::read(library()).unwrap();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i + PREFIX.len() <= bytes.len() {
        if bytes[i] == PREFIX[0] && bytes[i..].starts_with(PREFIX) {
            let start = i + PREFIX.len();
            let end = bytes[start..]
                .iter()
                .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_'))
                .map_or(bytes.len(), |n| start + n);
            out.insert(String::from_utf8_lossy(&bytes[start..end]).into_owned());
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn every_rust_operation_is_exported() {
    let exported = exported_methods();
    assert!(
        exported.len() > 300,
        "found only {} method symbols",
        exported.len()
    );
    let mut missing = Vec::new();
    let table = pipedrive::operations::operations();
    assert!(!table.is_empty(), "the operation table is empty");
    for op in table {
        // The resource object is named after the accessor (`deal_fields` -> `DealFields`,
        // lowercased in symbols as `dealfields`); v2's after both (`v2.deals` ->
        // `V2Deals`, reached through `client.v2().deals()`).
        let object = op.resource.replace(['_', '.'], "");
        let accessor = match op.resource.split_once('.') {
            Some((version, resource)) => format!("{version}_{resource}"),
            None => format!("client_{}", op.resource),
        };
        // Each operation also has its suspend/async form.
        for symbol in [
            accessor,
            format!("{object}_{}", op.name),
            format!("{object}_{}_async", op.name),
        ] {
            if !exported.contains(&symbol) {
                missing.push(format!("{symbol} ({} {})", op.method.as_str(), op.path));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing from the native library: {missing:#?}"
    );
    assert!(
        exported.contains("client_v2"),
        "Client.v2() is not exported"
    );
}
