//! Go maps: any comparable key, entries in one flat slot array indexed by a hashbrown
//! table, iteration from a random starting point like Go.
//!
//! # Who may touch a map
//!
//! A map word (a Go map value) is the address of a [`MapCell`]: the table ([`GoMap`])
//! and a state word. Goroutines on different machines may hold the same map word, and a
//! Go program that uses a map from two of them without synchronisation is wrong, but it
//! must end in Go's report (`fatal error: concurrent map writes`, exit status 2), not in
//! a crash of the host: a table that grows frees its old storage, so a reader overlapping
//! a writer would read freed memory.
//!
//! So everything that touches a table claims it first, and releases the claim when it is
//! done (a guard, so a panic for an unhashable key releases it too):
//!
//! - a *write* (an assignment, `delete`, `clear`) claims the map alone;
//! - a *read* (an index expression) and an *iteration step* (starting a range loop, each
//!   step of one, fmt copying the entries, the embedding API reading a map) share it
//!   with other reads and steps. They are counted apart only so that the report can say
//!   which of Go's three messages it is.
//!
//! A claim that cannot be had is never waited for: it is the program's race, and the
//! operation reports it as Go's fatal error without touching the table. Nobody ever
//! waits, so claims cannot deadlock. A claim lasts one instruction (or one Rust
//! function's copy of the entries): no Go code runs and no safepoint passes while one is
//! held, so the collector, which traces maps with the world stopped at safepoints,
//! always finds them unclaimed, and with one `GOMAXPROCS` (goroutines switch only at
//! safepoints) no claim can fail. `len(m)` takes no claim: it reads a copy of the length
//! that each write leaves behind, a racy read as Go's `len` is, but one that cannot fault.
//!
//! Go's own check is a flag that a writer sets and others test, with plain loads and
//! stores: two goroutines can both find it clear and both go on. Go survives such a
//! miss because its collector keeps the old buckets alive for whoever still reads them;
//! here the miss would be a use-after-free. The state word is therefore changed only by
//! compare-and-swap, which makes the check exact: an uncontended operation costs one CAS
//! to claim and one atomic store or subtraction to release.
//!
//! # Entry positions never move
//!
//! Entry `i` lives at `slots[i * stride..]` (key slots, then value slots) for as long as
//! it is in the map. Deleting frees its position and a later insertion reuses it; nothing
//! ever compacts. That is what keeps range loops right under the spec's rules without the
//! map knowing which iterations are still running (a loop left by `break` never says so):
//! an iterator walks positions `start, start+1, ...` cyclically over the positions that
//! existed when it began, so every entry present throughout is produced exactly once, an
//! entry deleted before being reached is not produced, and an entry inserted meanwhile
//! (at a reused or a new position) may or may not be, all as Go allows. Like Go's, a map
//! does not shrink when entries are deleted.
//!
//! The hash table stores each entry's hash beside its position, so growing the table never
//! rehashes keys (which for strings would read every key's bytes again).

use std::cell::UnsafeCell;
use std::hash::{BuildHasher, Hasher};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use hashbrown::HashTable;

use super::heap::{Marker, Trace};
use super::value::{equal, hash};
use crate::bytecode::rtype::{RType, TypeIdx};

/// A Go map as the heap holds it: what a map word points to (see "Who may touch a map").
pub struct MapCell {
    /// [`WRITER`], or [`READER`] times the reads in progress plus [`ITERATOR`] times the
    /// iteration steps in progress.
    state: AtomicU64,
    /// The table's length as the last write left it, for `len`.
    len: AtomicUsize,
    map: UnsafeCell<GoMap>,
}

// SAFETY: the table is reached only through claims, which the state word makes
// exclusive for a write and shared only between reads, as a read-write lock would; the
// other fields are atomics. (`Send` follows from the fields.)
unsafe impl Sync for MapCell {}

const WRITER: u64 = 1 << 63;
const READER: u64 = 1;
const ITERATOR: u64 = 1 << 32;
/// The bits counting reads (iteration steps count above them, up to [`WRITER`]).
const READERS: u64 = ITERATOR - 1;

/// A claim that could not be had: the program's race, as Go names it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MapRace {
    /// A write met a write.
    Writes,
    /// A read met a write, or a write met a read.
    ReadWrite,
    /// An iteration step met a write, or a write met an iteration step.
    IterationWrite,
}

impl MapRace {
    /// Go's message, after `fatal error: `.
    pub fn message(self) -> &'static str {
        match self {
            MapRace::Writes => "concurrent map writes",
            MapRace::ReadWrite => "concurrent map read and map write",
            MapRace::IterationWrite => "concurrent map iteration and map write",
        }
    }

    /// What a write finds when the state word is not free.
    #[cold]
    fn against_write(state: u64) -> MapRace {
        if state & WRITER != 0 {
            MapRace::Writes
        } else if state & READERS != 0 {
            MapRace::ReadWrite
        } else {
            MapRace::IterationWrite
        }
    }
}

impl MapCell {
    pub fn new(map: GoMap) -> MapCell {
        MapCell {
            state: AtomicU64::new(0),
            len: AtomicUsize::new(map.len()),
            map: UnsafeCell::new(map),
        }
    }

    /// The number of entries, without a claim: during a write in another goroutine, the
    /// number before it (Go's `len` is as racy, and as harmless).
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    /// Claims the map to change it.
    #[inline]
    pub fn write(&self) -> Result<Write<'_>, MapRace> {
        match self
            .state
            .compare_exchange(0, WRITER, Ordering::Acquire, Ordering::Relaxed)
        {
            Ok(_) => Ok(Write { cell: self }),
            Err(state) => Err(MapRace::against_write(state)),
        }
    }

    /// Claims the map to look a key up.
    #[inline]
    pub fn read(&self) -> Result<Read<'_>, MapRace> {
        self.share(READER, MapRace::ReadWrite)
    }

    /// Claims the map for a step of an iteration (or a copy of all its entries).
    #[inline]
    pub fn iterate(&self) -> Result<Read<'_>, MapRace> {
        self.share(ITERATOR, MapRace::IterationWrite)
    }

    /// Adds `unit` to the count of shared claims unless a write holds the map. Only a
    /// successful exchange changes the word, so a failed claim leaves no trace, and while
    /// a write holds the map only its owner changes the word.
    #[inline]
    fn share(&self, unit: u64, race: MapRace) -> Result<Read<'_>, MapRace> {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state & WRITER != 0 {
                return Err(race);
            }
            match self
                .state
                .compare_exchange_weak(state, state + unit, Ordering::Acquire, Ordering::Relaxed)
            {
                Ok(_) => return Ok(Read { cell: self, unit }),
                Err(now) => state = now,
            }
        }
    }
}

/// A shared claim on a map (a read or an iteration step), released when dropped.
pub struct Read<'c> {
    cell: &'c MapCell,
    unit: u64,
}

impl Deref for Read<'_> {
    type Target = GoMap;

    fn deref(&self) -> &GoMap {
        // SAFETY: this claim keeps writes out until it is dropped, and shared references
        // are all that other shared claims make.
        unsafe { &*self.cell.map.get() }
    }
}

impl Drop for Read<'_> {
    fn drop(&mut self) {
        self.cell.state.fetch_sub(self.unit, Ordering::Release);
    }
}

/// The one claim on a map that may change it, released when dropped.
pub struct Write<'c> {
    cell: &'c MapCell,
}

impl Deref for Write<'_> {
    type Target = GoMap;

    fn deref(&self) -> &GoMap {
        // SAFETY: this claim is the only one on the map until it is dropped.
        unsafe { &*self.cell.map.get() }
    }
}

impl DerefMut for Write<'_> {
    fn deref_mut(&mut self) -> &mut GoMap {
        // SAFETY: as for `deref`; `&mut self` makes this the only reference made
        // through the claim.
        unsafe { &mut *self.cell.map.get() }
    }
}

impl Drop for Write<'_> {
    fn drop(&mut self) {
        self.cell.len.store(self.len(), Ordering::Relaxed);
        // A plain store: while the write holds the map, nobody else changes the word.
        self.cell.state.store(0, Ordering::Release);
    }
}

/// The table of a Go map.
pub struct GoMap {
    pub key: TypeIdx,
    pub key_slots: usize,
    pub val_slots: usize,
    /// Key slots then value slots of entry `i` at `i * stride`.
    slots: Vec<u64>,
    /// Which positions hold a live entry.
    used: Vec<bool>,
    /// Positions freed by deletion, reused by insertion.
    free: Vec<usize>,
    /// (hash, position) of every live entry.
    index: HashTable<(u64, usize)>,
    seed: hashbrown::DefaultHashBuilder,
}

/// An iteration's state: where it started, how many positions it has visited, and how
/// many positions there were when it started.
pub struct MapIter {
    pub start: usize,
    pub visited: usize,
    pub count: usize,
}

/// A key that cannot be hashed: the name of its (dynamic) type.
pub type Unhashable = String;

impl GoMap {
    pub fn new(key: TypeIdx, key_slots: usize, val_slots: usize) -> GoMap {
        GoMap {
            key,
            key_slots,
            val_slots,
            slots: Vec::new(),
            used: Vec::new(),
            free: Vec::new(),
            index: HashTable::new(),
            seed: hashbrown::DefaultHashBuilder::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    fn stride(&self) -> usize {
        self.key_slots + self.val_slots
    }

    fn entry(&self, i: usize) -> &[u64] {
        let s = self.stride();
        &self.slots[i * s..(i + 1) * s]
    }

    fn hash_key(&self, types: &[RType], key: &[u64]) -> Result<u64, Unhashable> {
        let mut h = self.seed.build_hasher();
        hash(types, self.key, key, &mut h)?;
        Ok(h.finish())
    }

    /// The position of `key`, whose hash is `h`.
    fn find(&self, types: &[RType], key: &[u64], h: u64) -> Option<usize> {
        let ks = self.key_slots;
        self.index
            .find(h, |&(eh, i)| {
                // A key that hashed can be compared: its dynamic types are comparable.
                eh == h && equal(types, self.key, &self.entry(i)[..ks], key).unwrap_or(false)
            })
            .map(|&(_, i)| i)
    }

    /// The value slots for `key`, if present.
    pub fn get(&self, types: &[RType], key: &[u64]) -> Result<Option<&[u64]>, Unhashable> {
        let h = self.hash_key(types, key)?;
        Ok(self.find(types, key, h).map(|i| &self.entry(i)[self.key_slots..]))
    }

    /// Sets `key`'s value; gives how many bytes the map's storage grew by, which the
    /// heap counts as allocated.
    pub fn set(&mut self, types: &[RType], key: &[u64], val: &[u64]) -> Result<usize, Unhashable> {
        let h = self.hash_key(types, key)?;
        let (ks, s) = (self.key_slots, self.stride());
        if let Some(i) = self.find(types, key, h) {
            self.slots[i * s + ks..(i + 1) * s].copy_from_slice(val);
            return Ok(0);
        }
        let before = self.storage();
        let i = match self.free.pop() {
            Some(i) => {
                self.used[i] = true;
                i
            }
            None => {
                self.slots.resize(self.slots.len() + s, 0);
                self.used.push(true);
                self.used.len() - 1
            }
        };
        self.slots[i * s..i * s + ks].copy_from_slice(key);
        self.slots[i * s + ks..(i + 1) * s].copy_from_slice(val);
        self.index.insert_unique(h, (h, i), |&(eh, _)| eh);
        Ok(self.storage() - before)
    }

    pub fn delete(&mut self, types: &[RType], key: &[u64]) -> Result<(), Unhashable> {
        let h = self.hash_key(types, key)?;
        if let Some(i) = self.find(types, key, h) {
            if let Ok(entry) = self.index.find_entry(h, |&(_, j)| j == i) {
                entry.remove();
            }
            let s = self.stride();
            // Dropped entries must not keep their objects reachable for the collector.
            self.slots[i * s..(i + 1) * s].fill(0);
            self.used[i] = false;
            self.free.push(i);
        }
        Ok(())
    }

    pub fn clear(&mut self) {
        self.slots.clear();
        self.used.clear();
        self.free.clear();
        self.index.clear();
    }

    /// Starts an iteration at a position derived from `random`.
    pub fn iter(&self, random: u64) -> MapIter {
        let n = self.used.len();
        MapIter {
            start: (random % n.max(1) as u64) as usize,
            visited: 0,
            count: n,
        }
    }

    /// The next live entry of an iteration (key and value slots), advancing it.
    pub fn next(&self, it: &mut MapIter) -> Option<&[u64]> {
        while it.visited < it.count {
            let i = (it.start + it.visited) % it.count;
            it.visited += 1;
            // After a clear, positions past the current end are simply gone.
            if self.used.get(i).copied().unwrap_or(false) {
                return Some(self.entry(i));
            }
        }
        None
    }

    /// Every live entry, in position order.
    pub fn entries(&self) -> impl Iterator<Item = &[u64]> {
        (0..self.used.len()).filter(|&i| self.used[i]).map(|i| self.entry(i))
    }

    /// The bytes of the table's buffers. A table entry is its (hash, position) pair and a
    /// control byte.
    fn storage(&self) -> usize {
        self.slots.capacity() * 8
            + self.used.capacity()
            + self.free.capacity() * 8
            + self.index.capacity() * (std::mem::size_of::<(u64, usize)>() + 1)
    }
}

impl Trace for MapCell {
    fn trace(&self, m: &mut Marker<'_>) {
        let map = self.iterate().expect(UNCLAIMED);
        for (i, used) in map.used.iter().enumerate() {
            if *used {
                m.words(map.entry(i));
            }
        }
    }

    fn footprint(&self) -> usize {
        std::mem::size_of::<MapCell>() + self.iterate().expect(UNCLAIMED).storage()
    }
}

/// Why the collector always gets its claim: it runs with every machine stopped at a
/// safepoint, and no claim is held across one.
const UNCLAIMED: &str = "a map claimed across a safepoint";

/// A map iterator with the map it walks.
impl Trace for (u64, MapIter) {
    fn trace(&self, m: &mut Marker<'_>) {
        m.word(self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::rtype::Kind;

    fn int_types() -> Vec<RType> {
        vec![RType::plain(Kind::Int, "int", 1, 8)]
    }

    #[test]
    fn positions_are_reused_and_iteration_sees_each_entry_once() {
        let t = int_types();
        let mut m = GoMap::new(TypeIdx(0), 1, 1);
        for k in 0..10 {
            m.set(&t, &[k], &[k * 10]).unwrap();
        }
        m.delete(&t, &[3]).unwrap();
        m.set(&t, &[42], &[1]).unwrap();
        assert_eq!(m.len(), 10);
        assert_eq!(m.get(&t, &[42]).unwrap(), Some(&[1u64][..]));
        assert_eq!(m.get(&t, &[3]).unwrap(), None);
        let mut it = m.iter(7);
        let mut seen = Vec::new();
        while let Some(e) = m.next(&mut it) {
            seen.push(e[0]);
        }
        seen.sort_unstable();
        assert_eq!(seen, [0, 1, 2, 4, 5, 6, 7, 8, 9, 42]);
    }

    #[test]
    fn clearing_mid_iteration_ends_it() {
        let t = int_types();
        let mut m = GoMap::new(TypeIdx(0), 1, 1);
        for k in 0..5 {
            m.set(&t, &[k], &[k]).unwrap();
        }
        let mut it = m.iter(2);
        assert!(m.next(&mut it).is_some());
        m.clear();
        assert!(m.next(&mut it).is_none());
        assert_eq!(m.len(), 0);
    }

    fn int_map() -> MapCell {
        MapCell::new(GoMap::new(TypeIdx(0), 1, 1))
    }

    #[test]
    fn reads_and_iteration_steps_share_a_map_and_a_write_has_it_alone() {
        let t = int_types();
        let cell = int_map();
        let (r1, r2, step) = (cell.read().unwrap(), cell.read().unwrap(), cell.iterate().unwrap());
        // A write that meets reads and iteration steps names the reads.
        assert_eq!(cell.write().err(), Some(MapRace::ReadWrite));
        drop((r1, r2));
        assert_eq!(cell.write().err(), Some(MapRace::IterationWrite));
        drop(step);
        let mut w = cell.write().unwrap();
        w.set(&t, &[1], &[10]).unwrap();
        assert_eq!(cell.write().err(), Some(MapRace::Writes));
        assert_eq!(cell.read().err(), Some(MapRace::ReadWrite));
        assert_eq!(cell.iterate().err(), Some(MapRace::IterationWrite));
        // `len` sees a write once it is over.
        assert_eq!(cell.len(), 0);
        drop(w);
        assert_eq!(cell.len(), 1);
        // Failed claims left nothing behind: the map is free again.
        assert_eq!(cell.state.load(Ordering::Relaxed), 0);
        assert_eq!(cell.read().unwrap().get(&t, &[1]).unwrap(), Some(&[10u64][..]));
    }

    #[test]
    fn a_claim_is_released_when_its_operation_fails() {
        let mut func = RType::plain(Kind::Func, "func()", 1, 8);
        func.comparable = false;
        let t = vec![RType::plain(Kind::Interface, "interface {}", 2, 16), func];
        let cell = MapCell::new(GoMap::new(TypeIdx(0), 2, 1));
        // A func as an interface key cannot be hashed.
        assert!(cell.write().unwrap().set(&t, &[2, 0], &[1]).is_err());
        assert!(cell.read().unwrap().get(&t, &[2, 0]).is_err());
        assert_eq!(cell.state.load(Ordering::Relaxed), 0);
    }

    /// Threads claiming one map as they please: a write that got its claim is never
    /// overlapped, so none of the writes is lost, and every read sees a whole map.
    #[test]
    fn claims_exclude_writes_across_threads() {
        let t = int_types();
        let cell = int_map();
        let rounds = if cfg!(miri) { 50 } else { 20_000 };
        let writes: usize = std::thread::scope(|s| {
            let workers: Vec<_> = (0..4u64)
                .map(|w| {
                    let (cell, t) = (&cell, &t);
                    s.spawn(move || {
                        let mut written = 0;
                        for i in 0..rounds {
                            if (i + w) % 3 == 0 {
                                if let Ok(m) = cell.read() {
                                    let n = m.get(t, &[0]).unwrap().map_or(0, |v| v[0]);
                                    assert_eq!(m.len() as u64, if n == 0 { 0 } else { n + 1 });
                                }
                            } else if let Ok(mut m) = cell.write() {
                                let n = m.get(t, &[0]).unwrap().map_or(0, |v| v[0]);
                                m.set(t, &[0], &[n + 1]).unwrap();
                                // Grows the table, freeing its old storage.
                                m.set(t, &[n + 1], &[0]).unwrap();
                                written += 1;
                            }
                        }
                        written
                    })
                })
                .collect();
            workers.into_iter().map(|h| h.join().unwrap()).sum()
        });
        let m = cell.read().unwrap();
        assert_eq!(m.get(&t, &[0]).unwrap(), Some(&[writes as u64][..]));
        assert_eq!(cell.len(), writes + 1);
    }
}
