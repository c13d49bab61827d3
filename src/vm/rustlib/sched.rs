//! Rust functions of the packages that talk to the scheduler: runtime, sync
//! (semaphores), sync/atomic and time.

use std::sync::atomic::{AtomicU64, Ordering};

use super::super::goroutine::WaitReason;
use super::super::sched::TimerAction;
use super::super::{LibFn, Machine, Trap};
use crate::runtime::clock;

pub fn lookup(name: &str) -> Option<LibFn> {
    Some(match name {
        "runtime.Gosched" | "sync/atomic.yield" => |_, _| Err(Trap::Yield),
        "runtime.NumGoroutine" => |vm, b| {
            vm.g.stack[b] = vm.sh.sched.live() as u64;
            Ok(())
        },
        "runtime.GOMAXPROCS" => |vm, b| {
            vm.g.stack[b] = vm.sh.sched.nprocs() as u64;
            Ok(())
        },
        "runtime.GC" | "runtime/debug.FreeOSMemory" => |vm, _| {
            vm.sh.heap.force();
            vm.gc_checkpoint();
            Ok(())
        },
        "runtime.readMemStats" => |vm, b| {
            vm.heap.flush();
            let s = vm.sh.heap.stats();
            let forced = vm.sh.heap.forced();
            let vals = [
                s.heap_alloc,
                s.heap_sys,
                s.total_alloc,
                s.mallocs,
                s.frees,
                s.num_gc,
                s.pause_total_ns,
                s.next_gc,
                forced,
            ];
            vm.g.stack[b..b + vals.len()].copy_from_slice(&vals);
            Ok(())
        },
        "runtime/debug.SetGCPercent" => |vm, b| {
            vm.g.stack[b] = vm.sh.heap.set_percent(vm.g.stack[b] as i64) as u64;
            Ok(())
        },
        "runtime/debug.SetMemoryLimit" => |vm, b| {
            let limit = vm.g.stack[b] as i64;
            let old = if limit < 0 {
                vm.sh.heap.limit()
            } else {
                vm.sh.heap.set_limit(limit as usize)
            };
            vm.g.stack[b] = old.min(i64::MAX as usize) as u64;
            Ok(())
        },
        "runtime.NumCPU" => |vm, b| {
            vm.g.stack[b] = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
            Ok(())
        },
        "sync.runtime_Semacquire" => |vm, b| {
            let addr = vm.g.stack[b];
            vm.semacquire(addr)
        },
        "sync.runtime_Semrelease" => |vm, b| {
            let addr = vm.g.stack[b];
            vm.semrelease(addr)
        },
        "sync.fatal" => |vm, b| {
            let msg = String::from_utf8_lossy(super::str_arg(vm, b, 0)).into_owned();
            Err(vm.fatal_error(&msg))
        },
        "time.now" => |vm, b| {
            let [wall, mono] = clock::now_time();
            vm.g.stack[b] = wall;
            vm.g.stack[b + 1] = mono;
            Ok(())
        },
        "time.Sleep" => time_sleep,
        "time.startTimer" => |vm, b| {
            let (chan, d, period) = (vm.g.stack[b], vm.g.stack[b + 1] as i64, vm.g.stack[b + 2] as i64);
            vm.g.stack[b] = vm
                .sh
                .sched
                .add_timer(clock::after(d), TimerAction::Send { chan, period });
            Ok(())
        },
        "time.stopTimer" => |vm, b| {
            vm.g.stack[b] = vm.sh.sched.timers.stop(vm.g.stack[b]) as u64;
            Ok(())
        },
        _ => return atomic(name),
    })
}

fn time_sleep(vm: &mut Machine<'_>, b: usize) -> Result<(), Trap> {
    let d = vm.g.stack[b] as i64;
    if d <= 0 {
        return Ok(());
    }
    let g = vm.park(WaitReason::Sleep);
    vm.sh.sched.add_timer(clock::after(d), TimerAction::Wake(g));
    Err(Trap::Park)
}

/// The word an atomic operation works on; a nil address panics as Go's does.
fn word<'a>(vm: &mut Machine<'_>, addr: u64) -> Result<&'a AtomicU64, Trap> {
    if addr == 0 || !addr.is_multiple_of(8) {
        return Err(vm.trap_runtime("invalid memory address or nil pointer dereference"));
    }
    // SAFETY: a non-nil Go pointer to an integer addresses one aligned, live 64-bit slot
    // of a heap object; other goroutines may access it concurrently, which is what the
    // atomic type is for.
    Ok(unsafe { AtomicU64::from_ptr(addr as *mut u64) })
}

/// A value of an integer kind of `BITS` bits, normalised as registers hold it
/// (sign-extended when `SIGNED`, else zero-extended).
fn norm<const BITS: u32, const SIGNED: bool>(v: u64) -> u64 {
    match (BITS, SIGNED) {
        (32, true) => v as i32 as i64 as u64,
        (32, false) => v as u32 as u64,
        _ => v,
    }
}

fn atomic_add<const BITS: u32, const SIGNED: bool>(vm: &mut Machine<'_>, b: usize) -> Result<(), Trap> {
    let (addr, delta) = (vm.g.stack[b], vm.g.stack[b + 1]);
    let w = word(vm, addr)?;
    let mut old = w.load(Ordering::Acquire);
    loop {
        let new = norm::<BITS, SIGNED>(old.wrapping_add(delta));
        match w.compare_exchange_weak(old, new, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => {
                vm.g.stack[b] = new;
                return Ok(());
            }
            Err(now) => old = now,
        }
    }
}

fn atomic_load(vm: &mut Machine<'_>, b: usize) -> Result<(), Trap> {
    let w = word(vm, vm.g.stack[b])?;
    vm.g.stack[b] = w.load(Ordering::Acquire);
    Ok(())
}

fn atomic_store<const BITS: u32, const SIGNED: bool>(vm: &mut Machine<'_>, b: usize) -> Result<(), Trap> {
    let w = word(vm, vm.g.stack[b])?;
    w.store(norm::<BITS, SIGNED>(vm.g.stack[b + 1]), Ordering::Release);
    Ok(())
}

fn atomic_swap<const BITS: u32, const SIGNED: bool>(vm: &mut Machine<'_>, b: usize) -> Result<(), Trap> {
    let w = word(vm, vm.g.stack[b])?;
    vm.g.stack[b] = w.swap(norm::<BITS, SIGNED>(vm.g.stack[b + 1]), Ordering::AcqRel);
    Ok(())
}

fn atomic_cas<const BITS: u32, const SIGNED: bool>(vm: &mut Machine<'_>, b: usize) -> Result<(), Trap> {
    let w = word(vm, vm.g.stack[b])?;
    let (old, new) = (
        norm::<BITS, SIGNED>(vm.g.stack[b + 1]),
        norm::<BITS, SIGNED>(vm.g.stack[b + 2]),
    );
    vm.g.stack[b] = w
        .compare_exchange(old, new, Ordering::AcqRel, Ordering::Acquire)
        .is_ok() as u64;
    Ok(())
}

/// The sync/atomic functions, one generic implementation per operation.
fn atomic(name: &str) -> Option<LibFn> {
    let op = name.strip_prefix("sync/atomic.")?;
    let (verb, kind) = ["CompareAndSwap", "Add", "Load", "Store", "Swap"]
        .iter()
        .find_map(|v| op.strip_prefix(v).map(|k| (*v, k)))?;
    macro_rules! by_kind {
        ($f:ident) => {
            match kind {
                "Int32" => $f::<32, true>,
                "Uint32" => $f::<32, false>,
                "Int64" => $f::<64, true>,
                "Uint64" | "Uintptr" => $f::<64, false>,
                _ => return None,
            }
        };
    }
    Some(match verb {
        "CompareAndSwap" => by_kind!(atomic_cas),
        "Add" => by_kind!(atomic_add),
        "Store" => by_kind!(atomic_store),
        "Swap" => by_kind!(atomic_swap),
        _ => match kind {
            "Int32" | "Uint32" | "Int64" | "Uint64" | "Uintptr" => atomic_load,
            _ => return None,
        },
    })
}
