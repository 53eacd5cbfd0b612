#!/usr/bin/env bash
# Builds bindings/ffi (unstripped, so its uniffi metadata is readable) and runs
# uniffi-bindgen in library mode over it, writing Kotlin and Swift sources plus the C
# header and modulemap to target/ffi/<profile>/bindings/. Nothing generated is committed.
#
#   scripts/ffi-bindings.sh            debug build (what the Kotlin test uses)
#   scripts/ffi-bindings.sh release    the shipped profile (`ffi-release`: LTO, one codegen
#                                      unit, opt-level z), stripped after generation
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-debug}"
case "$profile" in
    debug) cargo_profile=dev; dir=debug ;;
    release) cargo_profile=ffi-release; dir=ffi-release ;;
    *) echo "usage: $0 [debug|release]" >&2; exit 2 ;;
esac

cargo build -q --profile "$cargo_profile" -p pipedrive-ffi --lib
lib="target/$dir/libpipedrive_ffi.so"
out="target/ffi/$profile"
rm -rf "$out/bindings"
mkdir -p "$out/bindings"
# The generator binary is built in the dev profile: only the library's metadata matters.
cargo run -q -p pipedrive-ffi --bin uniffi-bindgen -- generate "$lib" \
    --language kotlin --language swift --no-format --out-dir "$out/bindings"

if [ "$profile" = release ]; then
    # Ship the stripped library: symbols and uniffi metadata are only needed above.
    cp "$lib" "$out/libpipedrive_ffi.so"
    strip --strip-unneeded "$out/libpipedrive_ffi.so"
    cp "target/$dir/libpipedrive_ffi.a" "$out/libpipedrive_ffi.a"
    size=$(stat -c %s "$out/libpipedrive_ffi.so")
    echo "ffi-bindings: stripped release library $out/libpipedrive_ffi.so: $size bytes ($(python3 -c "print(f'{$size/1048576:.2f}')") MiB)"
fi
echo "ffi-bindings: Kotlin and Swift sources in $out/bindings"
