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

# A Kotlin String with a lone UTF-16 surrogate (a `take(n)` that split an emoji) cannot be
# sent as UTF-8. uniffi's converter throws java.nio's MalformedInputException for it, past
# any `catch (e: PipedriveException)`; make it the InvalidInput error every other bad
# argument is, naming where the bad unit is. Fails loudly if uniffi's converter changes.
python3 - "$out/bindings/uniffi/pipedrive_ffi/pipedrive_ffi.kt" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
old = """        return Charsets.UTF_8.newEncoder().run {
            onMalformedInput(CodingErrorAction.REPORT)
            encode(CharBuffer.wrap(value))
        }"""
new = """        try {
            return Charsets.UTF_8.newEncoder().run {
                onMalformedInput(CodingErrorAction.REPORT)
                encode(CharBuffer.wrap(value))
            }
        } catch (e: java.nio.charset.CharacterCodingException) {
            // pipedrive-rs (scripts/ffi-bindings.sh): refused like any other bad argument.
            val at = value.indices.firstOrNull { i ->
                val c = value[i]
                (c.isHighSurrogate() && (i + 1 >= value.length || !value[i + 1].isLowSurrogate())) ||
                    (c.isLowSurrogate() && (i == 0 || !value[i - 1].isHighSurrogate()))
            }
            throw PipedriveException.InvalidInput(
                null, null, null, null, null,
                "text has a lone UTF-16 surrogate at index $at (a split emoji?) and cannot be sent",
            )
        }"""
if text.count(old) != 1:
    sys.exit("ffi-bindings: uniffi's Kotlin string converter changed; update the surrogate patch")
open(path, "w", encoding="utf-8").write(text.replace(old, new))
PY

# An exception's message is the Rust error's own text (its `detail` field, the same words
# as Rust's Display and Python's str()), not uniffi's list of every field (which repeats the
# whole response body). Fails loudly if uniffi's error classes change shape.
python3 - "$out/bindings/uniffi/pipedrive_ffi/pipedrive_ffi.kt" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
pattern = re.compile(r'(override val message\n\s*get\(\) = )"[^"\n]*detail=\$\{ `detail` \}"')
text, n = pattern.subn(lambda m: m.group(1) + "`detail`", text)
if n < 11:
    sys.exit(f"ffi-bindings: expected the 11 error classes' messages to patch, found {n}")
open(path, "w", encoding="utf-8").write(text)
PY

# The operations Pipedrive deprecated carry Kotlin's @Deprecated and Swift's
# @available(*, deprecated), naming the v2 call to use instead (uniffi cannot mark an
# export deprecated); fails loudly if a listed method is not found.
python3 scripts/ffi-deprecations.py kotlin "$out/bindings/uniffi/pipedrive_ffi/pipedrive_ffi.kt" bindings/ffi/deprecations.tsv
python3 scripts/ffi-deprecations.py swift "$out/bindings/pipedrive_ffi.swift" bindings/ffi/deprecations.tsv

# Kotlin code of our own that ships with the generated bindings: the pagers' Flow and
# Sequence forms (generated by pipedrive-codegen from the same operation table) and the
# Json accessors.
cp bindings/ffi/kotlin/*.kt bindings/ffi/kotlin/generated/*.kt "$out/bindings/uniffi/pipedrive_ffi/"

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
