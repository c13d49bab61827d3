//! Go functions called from Rust with arbitrary values, of the right types and of wrong
//! ones (see `harness::call`).
#![no_main]

// Shared by every target and the replaying test; each uses only part of it.
#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(bug) = harness::call(data) {
        panic!("{bug}");
    }
});
