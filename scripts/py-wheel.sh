#!/usr/bin/env bash
# Builds what the Python package ships, into target/wheels/: the sdist, then the abi3 wheel
# built from that sdist (so a broken sdist fails here, not on a user's machine).
#
# The wheel is manylinux2014 (manylinux_2_17: glibc 2.17 and later, i.e. every Linux a
# CPython 3.9+ wheel can reach). A plain build on this host links Rust std's pthread
# symbols at their glibc 2.34 versions, which would shut out RHEL 8, Ubuntu 20.04 and
# Debian 11; zig (`maturin --zig`) links against glibc 2.17's symbol versions instead.
# Two checks fail the build when the wheel is not compliant: maturin's own
# (`--auditwheel check`: no repair, no bundling of foreign libraries) and `auditwheel show`.
#
# The profile is pyproject.toml's `[tool.maturin] profile` (py-release, fat LTO): no
# `--release`, which would override it with the plain release profile.
# The tools (maturin, ziglang, auditwheel) come from PyPI into target/py-wheel-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
out=$repo/target/wheels
venv=$repo/target/py-wheel-venv
work=$repo/target/py-wheel
tools=("maturin>=1.16,<2" "ziglang>=0.17,<0.18" "auditwheel>=6.8,<7")

if [ "$(uname -s)" != Linux ]; then
    echo "py-wheel: manylinux wheels are built on Linux; elsewhere use \`pip wheel .\`" >&2
    exit 2
fi
arch=$(uname -m)
plat="manylinux_2_17_$arch"

# The tool venv is rebuilt when the pinned ranges change.
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.tools" 2>/dev/null)" != "${tools[*]}" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --only-binary :all: "${tools[@]}"
    echo "${tools[*]}" >"$venv/.tools"
fi
export PATH="$venv/bin:$PATH"

mkdir -p "$out"
rm -f "$out"/pipedrive_rs-*.whl "$out"/pipedrive_rs-*.tar.gz
start=$SECONDS

maturin sdist --out "$out"
sdists=("$out"/pipedrive_rs-*.tar.gz)
[ "${#sdists[@]}" -eq 1 ] && [ -f "${sdists[0]}" ] || { echo "py-wheel: expected one sdist in $out" >&2; exit 1; }
sdist=${sdists[0]}

# The wheel from the unpacked sdist, as pip would build it from the index. Not --locked:
# the sdist's workspace drops the members the module does not need, so cargo prunes their
# entries from Cargo.lock (the versions of everything kept stay as locked). The sdist's
# files all carry one fixed time, so they go into the build folder by content
# (scripts/sync-tree.py): an edit is seen by cargo, an unchanged file is not rebuilt.
rm -rf "$work/unpacked"
mkdir -p "$work/unpacked"
tar -xzf "$sdist" -C "$work/unpacked"
top=("$work"/unpacked/*/)
[ "${#top[@]}" -eq 1 ] || { echo "py-wheel: the sdist should hold one top-level folder" >&2; exit 1; }
python3 scripts/sync-tree.py "${top[0]}" "$work/src"
# Shared with the checkout's builds: the dependencies are compiled once.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
log=$work/build.log
(cd "$work/src" && maturin build --zig --compatibility manylinux2014 --auditwheel check \
    --out "$out") 2>&1 | tee "$log"
if ! grep -q 'Finished `py-release` profile' "$log"; then
    echo "py-wheel: the wheel was not built with the py-release profile (see $log)" >&2
    exit 1
fi

wheels=("$out"/pipedrive_rs-*.whl)
[ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || { echo "py-wheel: expected one wheel in $out" >&2; exit 1; }
wheel=${wheels[0]}
case "$(basename "$wheel")" in
    *-cp39-abi3-*"$plat"*.whl) ;;
    *) echo "py-wheel: $(basename "$wheel") is not a cp39-abi3 $plat wheel" >&2; exit 1 ;;
esac

# auditwheel (PyPI) reads the symbol versions the module needs and names the oldest tag
# they allow; anything other than manylinux_2_17 is a regression.
report=$(auditwheel show "$wheel")
echo "$report"
if ! tr -s ' \n' ' ' <<<"$report" | grep -q "is consistent with the following platform tag: \"$plat\""; then
    echo "py-wheel: auditwheel does not find $(basename "$wheel") consistent with $plat" >&2
    exit 1
fi

echo "py-wheel: built in $((SECONDS - start)) s"
for f in "$sdist" "$wheel"; do
    echo "py-wheel: $(basename "$f") $(stat -c %s "$f") bytes"
done
