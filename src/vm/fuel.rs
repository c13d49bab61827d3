//! The instruction budget (fuel) an embedder may give a VM.
//!
//! The budget is a shared pool; each machine burns fuel from a tank of its own, filled
//! from the pool a chunk at a time, so the interpreter only subtracts from a field of its
//! machine. Fuel is charged where a goroutine may be preempted: a loop's back edge costs
//! the instructions of the loop, a call those of the function called. Every instruction
//! run lies in a loop iteration or a call paid for, so a script runs at most about as many
//! instructions as it was given. With no budget the tank holds so much that it never
//! needs filling, and the cost is the subtraction.

use std::sync::atomic::Ordering;

use super::{Limit, Machine, Trap};

/// The pool's value when there is no budget.
pub(crate) const UNLIMITED: u64 = u64::MAX;

/// Fuel a machine takes from the pool at once: what another machine may hold unspent
/// when the pool runs dry.
const CHUNK: u64 = 10_000;

impl Machine<'_> {
    /// Charges `cost` units of fuel; fails once the budget is spent.
    #[inline(always)]
    pub(crate) fn burn(&mut self, cost: usize) -> Result<(), Trap> {
        self.fuel -= cost as i64;
        if self.fuel < 0 {
            return self.refuel();
        }
        Ok(())
    }

    /// Takes chunks from the pool until the tank is no longer overdrawn.
    #[cold]
    pub(crate) fn refuel(&mut self) -> Result<(), Trap> {
        let pool = &self.sh.fuel;
        let mut left = pool.load(Ordering::Relaxed);
        while self.fuel < 0 {
            if left == UNLIMITED {
                self.fuel = i64::MAX;
                return Ok(());
            }
            if left == 0 {
                return Err(Trap::Limit(
                    Limit::Fuel,
                    format!(
                        "fatal error: instruction budget exhausted\n\ngoroutine {} [running]:\n",
                        self.g.id()
                    ),
                ));
            }
            let take = left.min(CHUNK);
            match pool.compare_exchange_weak(left, left - take, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => self.fuel += take as i64,
                Err(now) => left = now,
            }
        }
        Ok(())
    }

    /// Readies the tank for a run: empty under a budget (the first charge fills it), full
    /// without one.
    pub(crate) fn fill_tank(&mut self) {
        self.fuel = if self.sh.fuel.load(Ordering::Relaxed) == UNLIMITED {
            i64::MAX
        } else {
            0
        };
    }

    /// Gives unspent fuel back to the pool at the end of a run.
    pub(crate) fn drain_tank(&mut self) {
        let pool = &self.sh.fuel;
        if pool.load(Ordering::Relaxed) != UNLIMITED && self.fuel > 0 {
            pool.fetch_add(self.fuel as u64, Ordering::Relaxed);
        }
        self.fuel = 0;
    }
}
