//! The clocks behind package time.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The origin of monotonic readings: fixed once per process, never changed.
fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

/// Nanoseconds since the Unix epoch by the wall clock.
pub fn wall_nanos() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

/// Nanoseconds by a monotonic clock (from an arbitrary origin).
pub fn mono_nanos() -> i64 {
    origin().elapsed().as_nanos() as i64 + 1
}

/// The slots of a `time.Time` for now: its wall and monotonic readings, in the order
/// package time declares the fields.
pub fn now_time() -> [u64; 2] {
    [wall_nanos() as u64, mono_nanos() as u64]
}

/// The instant `nanos` from now (negative counts as now).
pub fn after(nanos: i64) -> Instant {
    Instant::now() + std::time::Duration::from_nanos(nanos.max(0) as u64)
}
