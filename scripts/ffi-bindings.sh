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

# The operations Pipedrive deprecated carry Kotlin's @Deprecated, naming the v2 call to
# use instead (uniffi cannot mark an export deprecated). The list is generated by
# pipedrive-codegen (bindings/ffi/deprecations.tsv). Each method is annotated in its
# interface and its class, with its async, pager and to-path forms; fails loudly if a
# listed method is not found.
python3 - "$out/bindings/uniffi/pipedrive_ffi/pipedrive_ffi.kt" bindings/ffi/deprecations.tsv <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
rows = [l.rstrip("\n").split("\t") for l in open(table, encoding="utf-8") if l.strip() and not l.startswith("#")]

TOP = ("\nopen class ", "\nclass ", "\ndata class ", "\nsealed class ", "\nenum class ",
       "\npublic interface ", "\ninterface ", "\npublic object ", "\nobject ")

def block(start):
    """A top-level declaration: from `start` to the next one (uniffi's unformatted method
    bodies close braces at column 0, so the closing brace does not tell)."""
    ends = [e for e in (text.find(t, start + 1) for t in TOP) if e >= 0]
    return start, min(ends) if ends else len(text)

annotated = 0
for obj, method, message in rows:
    literal = message.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    found = 0
    for head in (f"\npublic interface {obj}Interface {{", f"\ninterface {obj}Interface {{", f"\nopen class {obj}:"):
        at = text.find(head)
        if at < 0:
            continue
        start, end = block(at + 1)
        body = text[start:end]
        names = "|".join(re.escape(n) for n in (method, method + "Async", method + "Pager", method + "ToPath"))
        pattern = re.compile(r"^([ \t]*)((?:@Throws\(PipedriveException::class\))?(?:override )?(?:suspend )?fun `(?:" + names + r")`\()", re.M)
        body, n = pattern.subn(lambda m: f'{m.group(1)}@Deprecated("{literal}")\n{m.group(1)}{m.group(2)}', body)
        found += n
        text = text[:start] + body + text[end:]
    if found < 2:
        sys.exit(f"ffi-bindings: could not mark {obj}.{method} deprecated (found {found} declarations)")
    annotated += 1
open(path, "w", encoding="utf-8").write(text)
print(f"ffi-bindings: {annotated} deprecated operations marked @Deprecated in Kotlin")
PY

# The same deprecations for Swift: `@available(*, deprecated, message:)` on the method in
# its protocol and its class (and the async and pager forms). Fails loudly like Kotlin's.
python3 - "$out/bindings/pipedrive_ffi.swift" bindings/ffi/deprecations.tsv <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
rows = [l.rstrip("\n").split("\t") for l in open(table, encoding="utf-8") if l.strip() and not l.startswith("#")]

TOP = ("\npublic protocol ", "\nopen class ", "\npublic class ", "\npublic struct ",
       "\npublic enum ", "\nextension ", "\npublic func ", "\nfileprivate ", "\n#if ")

def block(start):
    """A top-level declaration: from `start` to the next one."""
    ends = [e for e in (text.find(t, start + 1) for t in TOP) if e >= 0]
    return start, min(ends) if ends else len(text)

annotated = 0
for obj, method, message in rows:
    literal = message.replace("\\", "\\\\").replace('"', '\\"')
    found = 0
    for head in (f"\npublic protocol {obj}Protocol:", f"\nopen class {obj}:"):
        at = text.find(head)
        if at < 0:
            continue
        start, end = block(at + 1)
        body = text[start:end]
        names = "|".join(re.escape(n) for n in (method, method + "Async", method + "Pager", method + "ToPath"))
        pattern = re.compile(r"^([ \t]*)((?:open )?func (?:" + names + r")\()", re.M)
        body, n = pattern.subn(lambda m: f'{m.group(1)}@available(*, deprecated, message: "{literal}")\n{m.group(1)}{m.group(2)}', body)
        found += n
        text = text[:start] + body + text[end:]
    if found < 2:
        sys.exit(f"ffi-bindings: could not mark {obj}.{method} deprecated in Swift (found {found} declarations)")
    annotated += 1
open(path, "w", encoding="utf-8").write(text)
print(f"ffi-bindings: {annotated} deprecated operations marked @available(deprecated) in Swift")
PY

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
