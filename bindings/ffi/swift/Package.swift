// swift-tools-version:5.9
// The Swift face of pipedrive-rs: the uniffi-generated bindings over the Rust static library.
//
// Only Extras/ (pager AsyncSequences, Json accessors) of what this manifest builds from is
// committed. `scripts/ffi-swift-package.sh` (macOS with
// Xcode) writes, from the Rust crate in bindings/ffi:
//
//   Sources/PipedriveFFI/pipedrive_ffi.swift   the generated Swift API (module PipedriveFFI),
//                                              with Extras/*.swift (committed) beside it
//   pipedrive_ffiFFI.xcframework               libpipedrive_ffi.a per platform, with the C
//                                              header and module map of the low-level
//                                              module `pipedrive_ffiFFI` the Swift imports
//
// By default the XCFramework holds the host macOS slice only, which is what `swift test`
// needs; `--ios` adds iOS devices and the iOS simulator, and the same package then serves
// an app (add it in Xcode as a local package, or publish the XCFramework zipped and switch
// the binary target to `url:` + `checksum:`).
import PackageDescription

let package = Package(
    name: "PipedriveFFI",
    // The Rust targets' own minimums (aarch64-apple-darwin: macOS 11, aarch64-apple-ios-sim:
    // iOS 14), so the linker does not warn about newer object files.
    platforms: [.macOS(.v11), .iOS(.v14)],
    products: [
        .library(name: "PipedriveFFI", targets: ["PipedriveFFI"]),
    ],
    targets: [
        // Static library + `Headers/{pipedrive_ffiFFI.h, module.modulemap}` per slice.
        .binaryTarget(name: "pipedrive_ffiFFI", path: "pipedrive_ffiFFI.xcframework"),
        .target(
            name: "PipedriveFFI",
            dependencies: ["pipedrive_ffiFFI"],
            path: "Sources/PipedriveFFI",
            linkerSettings: [
                // A static library carries no link dependencies of its own. Rust's std needs
                // libSystem (always linked) and lists libiconv for Apple targets
                // (`rustc --print native-static-libs`); TLS is rustls + ring, so no
                // Security.framework.
                .linkedLibrary("iconv"),
            ]
        ),
        .testTarget(
            name: "PipedriveFFITests",
            dependencies: ["PipedriveFFI"],
            path: "Tests/PipedriveFFITests"
        ),
    ]
)
