//! Size classes: the object sizes small allocations are rounded up to, which are Go's, so
//! that slices grow to the capacities Go reports and memory use compares with Go's.

/// Go's malloc size classes up to 32 KiB; larger objects get whole 8 KiB pages.
const SIZES: [u32; 67] = [
    8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480,
    512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864,
    5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480,
    21760, 24576, 27264, 28672, 32768,
];

pub const COUNT: usize = SIZES.len();
pub const PAGE: usize = 8192;
/// The largest small object, in bytes.
pub const MAX_SMALL: usize = 32768;

/// The class of an object of `slots` words (at most `MAX_SMALL / 8`), by table lookup.
static CLASS_OF_SLOTS: [u8; MAX_SMALL / 8 + 1] = {
    let mut t = [0u8; MAX_SMALL / 8 + 1];
    let mut slots = 1;
    let mut c = 0;
    while slots <= MAX_SMALL / 8 {
        while (SIZES[c] as usize) < slots * 8 {
            c += 1;
        }
        t[slots] = c as u8;
        slots += 1;
    }
    t
};

/// The size class of a small object of `slots` words (1 ≤ slots ≤ `MAX_SMALL / 8`).
#[inline(always)]
pub fn of_slots(slots: usize) -> usize {
    CLASS_OF_SLOTS[slots] as usize
}

/// Object size of class `c` in bytes.
pub fn size(c: usize) -> usize {
    SIZES[c] as usize
}

/// Pages in a span of class `c`: one page, or enough to hold eight objects, so that the
/// space left at a span's end stays small.
pub fn span_pages(c: usize) -> usize {
    (size(c) * 8).div_ceil(PAGE).max(1)
}

/// The size an allocation of `bytes` really takes: its class's size, or whole pages.
pub fn round_up(bytes: u64) -> u64 {
    match SIZES.iter().find(|&&c| c as u64 >= bytes) {
        Some(&c) => c as u64,
        None => bytes.div_ceil(PAGE as u64) * PAGE as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_fit_their_objects() {
        assert_eq!(size(of_slots(1)), 8);
        assert_eq!(size(of_slots(2)), 16);
        assert_eq!(size(of_slots(5)), 48);
        assert_eq!(size(of_slots(MAX_SMALL / 8)), MAX_SMALL);
        for slots in 1..=MAX_SMALL / 8 {
            let c = of_slots(slots);
            assert!(size(c) >= slots * 8);
            assert!(c == 0 || size(c - 1) < slots * 8);
        }
        assert_eq!(round_up(33), 48);
        assert_eq!(round_up(40000), 40960);
    }
}
