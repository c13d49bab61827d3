//! Go maps: any comparable key, entries in one flat slot array indexed by a hashbrown
//! table, iteration from a random starting point like Go.
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

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;

use super::heap::{Marker, Trace};
use super::value::{equal, hash};
use crate::bytecode::rtype::{RType, TypeIdx};

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

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
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
        let before = self.footprint();
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
        Ok(self.footprint() - before)
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
}

impl Trace for GoMap {
    fn trace(&self, m: &mut Marker<'_>) {
        for (i, used) in self.used.iter().enumerate() {
            if *used {
                m.words(self.entry(i));
            }
        }
    }

    fn footprint(&self) -> usize {
        // A table entry is its (hash, position) pair and a control byte.
        std::mem::size_of::<GoMap>()
            + self.slots.capacity() * 8
            + self.used.capacity()
            + self.free.capacity() * 8
            + self.index.capacity() * (std::mem::size_of::<(u64, usize)>() + 1)
    }
}

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
        assert!(m.is_empty());
    }
}
