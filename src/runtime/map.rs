//! Go maps: any comparable key, insertion into a dense entry list indexed by a hashbrown
//! table, iteration from a random starting point like Go.
//!
//! Deleting leaves a tombstone so that running iterators keep their positions; the entry
//! list is compacted when tombstones outnumber live entries and no position matters (on
//! growth, which Go also allows to reorder iteration).

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;

use super::value::{equal, hash};
use crate::bytecode::rtype::{RType, TypeIdx};

pub struct GoMap {
    pub key: TypeIdx,
    pub key_slots: usize,
    pub val_slots: usize,
    /// Key slots then value slots, per entry; None once deleted.
    entries: Vec<Option<Box<[u64]>>>,
    index: HashTable<usize>,
    live: usize,
    seed: hashbrown::DefaultHashBuilder,
    /// Iterations in progress; compaction waits while any may be running (their
    /// positions would move).
    pub iterating: bool,
}

/// An iterator's state: where it started, how many positions it has visited, and how
/// many entries there were when it started (entries added later are not produced, which
/// the spec allows).
pub struct MapIter {
    pub start: usize,
    pub visited: usize,
    pub count: usize,
}

impl GoMap {
    pub fn new(key: TypeIdx, key_slots: usize, val_slots: usize) -> GoMap {
        GoMap {
            key,
            key_slots,
            val_slots,
            entries: Vec::new(),
            index: HashTable::new(),
            live: 0,
            seed: hashbrown::DefaultHashBuilder::default(),
            iterating: false,
        }
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    fn hash_key(&self, types: &[RType], key: &[u64]) -> Result<u64, String> {
        let mut h = self.seed.build_hasher();
        hash(types, self.key, key, &mut h)?;
        Ok(h.finish())
    }

    fn find(&self, types: &[RType], key: &[u64], h: u64) -> Result<Option<usize>, String> {
        let mut err = None;
        let ks = self.key_slots;
        let found = self.index.find(h, |&i| {
            let e = self.entries[i].as_ref().expect("indexed entries are live");
            match equal(types, self.key, &e[..ks], key) {
                Ok(b) => b,
                Err(t) => {
                    err = Some(t);
                    false
                }
            }
        });
        match err {
            Some(t) => Err(t),
            None => Ok(found.copied()),
        }
    }

    /// The value slots for `key`, if present.
    pub fn get(&self, types: &[RType], key: &[u64]) -> Result<Option<&[u64]>, String> {
        let h = self.hash_key(types, key)?;
        Ok(self
            .find(types, key, h)?
            .map(|i| &self.entries[i].as_ref().expect("live")[self.key_slots..]))
    }

    pub fn set(&mut self, types: &[RType], key: &[u64], val: &[u64]) -> Result<(), String> {
        let h = self.hash_key(types, key)?;
        if let Some(i) = self.find(types, key, h)? {
            let e = self.entries[i].as_mut().expect("live");
            e[self.key_slots..].copy_from_slice(val);
            return Ok(());
        }
        if !self.iterating && self.entries.len() > 8 && self.entries.len() >= 2 * self.live {
            self.compact(types);
        }
        let mut e = Vec::with_capacity(self.key_slots + self.val_slots);
        e.extend_from_slice(key);
        e.extend_from_slice(val);
        let i = self.entries.len();
        self.entries.push(Some(e.into_boxed_slice()));
        let hashes = self.rehasher(types);
        self.index.insert_unique(h, i, |&j| hashes(&self.entries, j));
        self.live += 1;
        Ok(())
    }

    fn rehasher<'t>(&self, types: &'t [RType]) -> impl Fn(&[Option<Box<[u64]>>], usize) -> u64 + 't {
        let seed = self.seed;
        let (key, ks) = (self.key, self.key_slots);
        move |entries, j| {
            let mut h = seed.build_hasher();
            let e = entries[j].as_ref().expect("live");
            // Keys in the table were hashable when inserted.
            let _ = hash(types, key, &e[..ks], &mut h);
            h.finish()
        }
    }

    pub fn delete(&mut self, types: &[RType], key: &[u64]) -> Result<(), String> {
        let h = self.hash_key(types, key)?;
        if let Some(i) = self.find(types, key, h)? {
            if let Ok(entry) = self.index.find_entry(h, |&j| j == i) {
                entry.remove();
            }
            self.entries[i] = None;
            self.live -= 1;
        }
        Ok(())
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
        self.live = 0;
    }

    fn compact(&mut self, types: &[RType]) {
        self.entries.retain(|e| e.is_some());
        self.index.clear();
        let hashes = self.rehasher(types);
        for i in 0..self.entries.len() {
            let h = hashes(&self.entries, i);
            self.index.insert_unique(h, i, |&j| hashes(&self.entries, j));
        }
    }

    /// Starts an iteration at a position derived from `random`.
    pub fn iter(&mut self, random: u64) -> MapIter {
        let n = self.entries.len();
        self.iterating = true;
        MapIter {
            start: (random % n.max(1) as u64) as usize,
            visited: 0,
            count: n,
        }
    }

    /// The next live entry of an iteration (key and value slots), advancing it.
    pub fn next(&mut self, it: &mut MapIter) -> Option<&[u64]> {
        let n = it.count.min(self.entries.len());
        if it.visited >= n {
            self.iterating = false;
        }
        while it.visited < n {
            let i = (it.start + it.visited) % it.count;
            it.visited += 1;
            if let Some(Some(e)) = self.entries.get(i) {
                return Some(e);
            }
        }
        None
    }

    /// Every live entry, in storage order.
    pub fn entries(&self) -> impl Iterator<Item = &[u64]> {
        self.entries.iter().flatten().map(|e| &e[..])
    }
}
