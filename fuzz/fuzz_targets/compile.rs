//! The front end and compiler on arbitrary bytes (see `harness::compile`).
#![no_main]

// Shared by every target and the replaying test; each uses only part of it.
#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(bug) = harness::compile(data) {
        panic!("{bug}");
    }
});
