//! Go programs compiled and run under limits (see `harness::run`), made by a mutator
//! that knows Go source (see `mutate`).
#![no_main]

// Shared by every target and the replaying test; each uses only part of it.
#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;
#[path = "../mutate.rs"]
mod mutate;

use std::sync::atomic::{AtomicU64, Ordering};

use libfuzzer_sys::Corpus;

/// Inputs tried, and those that compiled and ran: how well the mutator keeps programs
/// valid, printed as the run goes.
static TRIED: AtomicU64 = AtomicU64::new(0);
static RAN: AtomicU64 = AtomicU64::new(0);

libfuzzer_sys::fuzz_target!(|data: &[u8]| -> Corpus {
    let outcome = harness::run(data).unwrap_or_else(|bug| panic!("{bug}"));
    let ran = outcome == harness::Outcome::Ran;
    let tried = TRIED.fetch_add(1, Ordering::Relaxed) + 1;
    let total_ran = RAN.fetch_add(u64::from(ran), Ordering::Relaxed) + u64::from(ran);
    if tried.is_power_of_two() || tried.is_multiple_of(10_000) {
        eprintln!("run: {total_ran} of {tried} inputs compiled and ran");
    }
    // Only programs that run are worth mutating further: kept, inputs that do not
    // compile would fill the corpus (each new diagnostic is new coverage) and breed
    // more of their kind. The compile target covers diagnostics.
    if ran { Corpus::Keep } else { Corpus::Reject }
});

libfuzzer_sys::fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    match mutate::mutate(&data[..size], max_size, seed) {
        Some(out) => {
            data[..out.len()].copy_from_slice(&out);
            out.len()
        }
        None => libfuzzer_sys::fuzzer_mutate(data, size, max_size),
    }
});
