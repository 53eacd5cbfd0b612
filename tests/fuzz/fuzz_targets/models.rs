//! Every model: decode → encode → decode, at the strength `PIPEDRIVE_FUZZ_ROUNDTRIP` sets
//! (see `Strength` in src/lib.rs). The input is one JSON document, tried as every type.
#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    pipedrive_fuzz::round_trip_every_model(input);
});
