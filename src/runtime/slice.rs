//! Slice growth, matching Go's `growslice` so `cap` reports what Go reports.

/// The capacity Go picks when a slice of capacity `old_cap` must hold `needed` elements
/// of `elem_size` bytes (Go's size of the element type).
pub fn grow_cap(old_cap: u64, needed: u64, elem_size: u64) -> u64 {
    let double = old_cap * 2;
    let mut cap = if needed > double {
        needed
    } else if old_cap < 256 {
        double
    } else {
        let mut c = old_cap;
        while c < needed {
            c += (c + 3 * 256) >> 2;
        }
        c
    };
    if cap == 0 {
        cap = needed;
    }
    let es = elem_size.max(1);
    super::heap::class::round_up(cap * es) / es
}

#[cfg(test)]
mod tests {
    use super::grow_cap;

    #[test]
    fn appending_one_at_a_time_grows_like_go() {
        let mut caps = Vec::new();
        let (mut len, mut cap) = (0, 0);
        for _ in 0..10 {
            len += 1;
            if len > cap {
                cap = grow_cap(cap, len, 8);
            }
            caps.push(cap);
        }
        assert_eq!(caps, [1, 2, 4, 4, 8, 8, 8, 8, 16, 16]);
        assert_eq!(grow_cap(0, 1, 1), 8);
        assert_eq!(grow_cap(0, 5, 8), 6);
    }
}
