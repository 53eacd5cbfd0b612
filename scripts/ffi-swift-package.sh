#!/usr/bin/env bash
# Fills the Swift package in bindings/ffi/swift (macOS with Xcode only) and, with --test,
# runs its XCTest suite against a local pipedrive-sandbox. Our Linux CI has no Swift
# toolchain, so this is the one place the Swift bindings are compiled.
#
#   scripts/ffi-swift-package.sh                 host macOS slice, debug profile
#   scripts/ffi-swift-package.sh --test          ... then `swift test` against the sandbox
#   scripts/ffi-swift-package.sh --ios           also iOS device + simulator slices
#   scripts/ffi-swift-package.sh --release ...   the shipped `ffi-release` profile
#   scripts/ffi-swift-package.sh --test -- --filter SandboxTests/test4_paginateTheSeededDealsToTheEnd
#                                                (arguments after -- go to `swift test`)
#
# What it does:
#   1. cargo builds bindings/ffi for the host: libpipedrive_ffi.a (linked into the package)
#      and libpipedrive_ffi.dylib (unstripped, read only for its uniffi metadata).
#   2. Runs uniffi-bindgen in library mode over that dylib for Swift. scripts/ffi-bindings.sh
#      is not used: it expects the Linux `.so`.
#   3. Copies the generated Swift and bindings/ffi/swift/Extras/*.swift (committed: pager
#      AsyncSequences, Json accessors) to bindings/ffi/swift/Sources/PipedriveFFI/ and packs the
#      static libraries, the C header and the module map (renamed module.modulemap) into
#      bindings/ffi/swift/pipedrive_ffiFFI.xcframework, the package's binary target.
#   4. With --test: starts target/debug/pipedrive-sandbox and runs `swift test`.
#
# Everything written under bindings/ffi/swift (Sources/, pipedrive_ffiFFI.xcframework) is
# generated and git-ignored; scratch files and SwiftPM's build directory live in
# target/ffi/swift/.
#
# iOS apps (--ios): the XCFramework then has three slices, each a static library with the
# same Headers/ directory:
#   macos-<host arch>                 target/<profile>/libpipedrive_ffi.a
#   ios-arm64                         aarch64-apple-ios
#   ios-arm64_x86_64-simulator        aarch64-apple-ios-sim + x86_64-apple-ios, joined by lipo
# Add bindings/ffi/swift to the Xcode project as a local package (File > Add Package
# Dependencies > Add Local...) and link the PipedriveFFI product; nothing else is needed,
# because the static library is linked into the app binary. To distribute it, zip the
# XCFramework (`ditto -c -k --keepParent pipedrive_ffiFFI.xcframework x.zip`), compute
# `swift package compute-checksum x.zip`, and replace `path:` in Package.swift with
# `url:` + `checksum:`. Use --release for anything shipped: the debug library is large and
# slow. The Rust targets must be installed first:
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
# Not handled here: an app that links several uniffi XCFrameworks, each with a
# module.modulemap at the root of Headers/, gets a "multiple commands produce
# include/module.modulemap" error from Xcode; the usual way out is to put each module map
# (and header) in Headers/<module name>/, where clang also looks for it.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: $0 [--ios] [--release] [--test] [-- <swift test arguments>]"
}
die() {
    echo "ffi-swift-package: $*" >&2
    exit 1
}

ios=0
run_tests=0
profile=debug
swift_test_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --ios) ios=1 ;;
        --test) run_tests=1 ;;
        --release) profile=release ;;
        -h | --help) usage; exit 0 ;;
        --) shift; swift_test_args=("$@"); break ;;
        *) usage >&2; exit 2 ;;
    esac
    shift
done

# --- Preconditions: this only works on a Mac with Xcode. --------------------------------
os="$(uname -s)"
[ "$os" = Darwin ] || die "needs macOS with Xcode, this is $os. The Swift package cannot be built here; scripts/ffi-kotlin-test.sh tests the same library from Kotlin."
command -v swift >/dev/null 2>&1 || die "no \`swift\` on PATH: install Xcode and select it with \`sudo xcode-select -s /Applications/Xcode.app\`"
if ! { command -v xcodebuild >/dev/null 2>&1 && xcodebuild -version >/dev/null 2>&1; }; then
    die "\`xcodebuild\` does not work (the Command Line Tools alone cannot create an XCFramework): install Xcode and run \`sudo xcode-select -s /Applications/Xcode.app\`"
fi
command -v cargo >/dev/null 2>&1 || die "no \`cargo\` on PATH: install Rust with rustup"

case "$profile" in
    debug) cargo_profile=dev; dir=debug ;;
    release) cargo_profile=ffi-release; dir=ffi-release ;;
esac

ios_device=aarch64-apple-ios
ios_sims=(aarch64-apple-ios-sim x86_64-apple-ios)
if [ "$ios" = 1 ]; then
    command -v lipo >/dev/null 2>&1 || die "no \`lipo\` on PATH (part of Xcode)"
    installed="$(rustup target list --installed 2>/dev/null || true)"
    for t in "$ios_device" "${ios_sims[@]}"; do
        grep -qx "$t" <<<"$installed" ||
            die "Rust target $t is not installed: rustup target add $ios_device ${ios_sims[*]}"
    done
fi

pkg=bindings/ffi/swift
work=target/ffi/swift
mkdir -p "$work"

# --- 1. The library. ---------------------------------------------------------------------
echo "ffi-swift-package: building pipedrive-ffi for the host ($cargo_profile)"
cargo build -q --profile "$cargo_profile" -p pipedrive-ffi --lib
host_lib="target/$dir/libpipedrive_ffi.a"
host_dylib="target/$dir/libpipedrive_ffi.dylib"
[ -f "$host_lib" ] || die "cargo did not produce $host_lib"
[ -f "$host_dylib" ] || die "cargo did not produce $host_dylib"

if [ "$ios" = 1 ]; then
    for t in "$ios_device" "${ios_sims[@]}"; do
        echo "ffi-swift-package: building pipedrive-ffi for $t ($cargo_profile)"
        # Only the static library: an app links it; the dylib would be unused work.
        cargo rustc -q --profile "$cargo_profile" -p pipedrive-ffi --lib --target "$t" --crate-type staticlib
        [ -f "target/$t/$dir/libpipedrive_ffi.a" ] || die "cargo did not produce target/$t/$dir/libpipedrive_ffi.a"
    done
fi

# --- 2. The bindings. --------------------------------------------------------------------
generated="$work/generated"
rm -rf "$generated"
mkdir -p "$generated"
# The generator binary is built in the dev profile: only the library's metadata matters.
cargo run -q -p pipedrive-ffi --bin uniffi-bindgen -- generate "$host_dylib" \
    --language swift --no-format --out-dir "$generated"
for f in pipedrive_ffi.swift pipedrive_ffiFFI.h pipedrive_ffiFFI.modulemap; do
    [ -f "$generated/$f" ] || die "uniffi-bindgen did not write $generated/$f"
done

# --- 3. The package contents. ------------------------------------------------------------
mkdir -p "$pkg/Sources/PipedriveFFI"
cp "$generated/pipedrive_ffi.swift" "$pkg/Sources/PipedriveFFI/pipedrive_ffi.swift"
# Swift of our own that ships in the same module: the pagers as AsyncSequences (generated
# by pipedrive-codegen) and the Json accessors.
cp "$pkg"/Extras/*.swift "$pkg/Sources/PipedriveFFI/"

# One Headers/ directory for every slice: the header and the module map that declares the
# `pipedrive_ffiFFI` module (found by the compiler as module.modulemap).
headers="$work/headers"
rm -rf "$headers"
mkdir -p "$headers"
cp "$generated/pipedrive_ffiFFI.h" "$headers/pipedrive_ffiFFI.h"
cp "$generated/pipedrive_ffiFFI.modulemap" "$headers/module.modulemap"

xcframework_args=(-library "$host_lib" -headers "$headers")
if [ "$ios" = 1 ]; then
    xcframework_args+=(-library "target/$ios_device/$dir/libpipedrive_ffi.a" -headers "$headers")
    # One simulator slice for both simulator architectures.
    sim_lib="$work/ios-simulator/libpipedrive_ffi.a"
    mkdir -p "$(dirname "$sim_lib")"
    sim_inputs=()
    for t in "${ios_sims[@]}"; do sim_inputs+=("target/$t/$dir/libpipedrive_ffi.a"); done
    lipo -create "${sim_inputs[@]}" -output "$sim_lib"
    xcframework_args+=(-library "$sim_lib" -headers "$headers")
fi

xcframework="$pkg/pipedrive_ffiFFI.xcframework"
rm -rf "$xcframework"
xcodebuild -create-xcframework "${xcframework_args[@]}" -output "$xcframework" >/dev/null
[ -f "$xcframework/Info.plist" ] || die "xcodebuild did not write $xcframework"
slices=""
for d in "$xcframework"/*/; do slices="$slices $(basename "$d")"; done
echo "ffi-swift-package: $pkg is ready; $xcframework has the slices:$slices"

[ "$run_tests" = 1 ] || exit 0

# --- 4. The tests, against the sandbox. ---------------------------------------------------
echo "ffi-swift-package: running swift test against a local sandbox"
scripts/with-sandbox.sh --seed 11 --seed-deals 120 --token swift-sandbox-token -- \
    swift test --package-path "$pkg" --scratch-path "$PWD/$work/build" ${swift_test_args[@]+"${swift_test_args[@]}"}
