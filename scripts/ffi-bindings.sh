#!/usr/bin/env bash
# Builds bindings/ffi (unstripped, so its uniffi metadata is readable) and runs
# uniffi-bindgen in library mode over it, writing Kotlin and Swift sources plus the C
# header and modulemap to target/ffi/<profile>/bindings/. Nothing generated is committed.
#
#   scripts/ffi-bindings.sh            debug build (what the Kotlin test uses)
#   scripts/ffi-bindings.sh release    the shipped profile (`ffi-release`: LTO, one codegen
#                                      unit, opt-level z): bindings generated from the
#                                      unstripped static library, then the shared library
#                                      stripped into target/ffi/release/
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-debug}"
case "$profile" in
    debug) cargo_profile=dev; dir=debug ;;
    release) cargo_profile=ffi-release; dir=ffi-release ;;
    *) echo "usage: $0 [debug|release]" >&2; exit 2 ;;
esac

lib="target/$dir/libpipedrive_ffi.so"
out="target/ffi/$profile"
rm -rf "$out/bindings"
mkdir -p "$out/bindings"

if [ "$profile" = release ]; then
    # The uniffi metadata statics (UNIFFI_META_*, about 200 KB with their dynamic-symbol
    # entries) are read by uniffi-bindgen, never at run time. A second version script
    # makes them local in the shared library, so the linker drops them. rustc's own
    # script exports them by exact name, so this one lists exact names too (taken from
    # the dev build of the same source; a pattern would lose to an exact name). The
    # static library keeps them, and bindgen reads that.
    cargo build -q -p pipedrive-ffi --lib
    hide="$PWD/$out/hide-metadata.map"
    {
        echo "{ local:"
        nm --defined-only -g target/debug/libpipedrive_ffi.so |
            awk '$3 ~ /^UNIFFI_META_/ { print "  " $3 ";" }'
        echo "};"
    } >"$hide"
    # `cargo rustc` only to pass that script to this crate's link. (The crate has no rlib
    # type: with one, cargo would build it without the profile's LTO.)
    cargo rustc -q --profile "$cargo_profile" -p pipedrive-ffi --lib \
        -- -C link-arg=-Wl,--version-script="$hide"
    metadata_from="target/$dir/libpipedrive_ffi.a"
else
    cargo build -q --profile "$cargo_profile" -p pipedrive-ffi --lib
    metadata_from="$lib"
fi

# The generator binary is built in the dev profile: only the library's metadata matters.
cargo run -q -p pipedrive-ffi --bin uniffi-bindgen -- generate "$metadata_from" \
    --language kotlin --language swift --no-format --out-dir "$out/bindings"

if [ "$profile" = release ]; then
    cp "$lib" "$out/libpipedrive_ffi.so"
    strip --strip-unneeded "$out/libpipedrive_ffi.so"
    if nm -D --defined-only "$out/libpipedrive_ffi.so" | grep -q " UNIFFI_META_"; then
        echo "ffi-bindings: the shipped library still exports uniffi metadata" >&2
        exit 1
    fi
    cp "target/$dir/libpipedrive_ffi.a" "$out/libpipedrive_ffi.a"
    size=$(stat -c %s "$out/libpipedrive_ffi.so")
    echo "ffi-bindings: stripped release library $out/libpipedrive_ffi.so: $size bytes ($(python3 -c "print(f'{$size/1000000:.2f} MB, {$size/1048576:.2f} MiB')"))"
fi
echo "ffi-bindings: Kotlin and Swift sources in $out/bindings"
