//! Slice growth, matching Go's `growslice` so `cap` reports what Go reports.

/// Go's malloc size classes up to 32 KiB; larger sizes round up to whole 8 KiB pages.
const SIZE_CLASSES: [u64; 67] = [
    8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480,
    512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864,
    5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480,
    21760, 24576, 27264, 28672, 32768,
];

fn round_up_size(bytes: u64) -> u64 {
    match SIZE_CLASSES.iter().find(|&&c| c >= bytes) {
        Some(&c) => c,
        None => bytes.div_ceil(8192) * 8192,
    }
}

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
    round_up_size(cap * es) / es
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
