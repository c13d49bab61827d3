//! The standard library's Go side: each package is embedded Go source. Functions declared
//! without a body are implemented in Rust (see `vm::rustlib`) under their qualified name.

/// The standard packages: import path and embedded Go source.
pub const PACKAGES: &[(&str, &str)] = &[
    ("runtime", include_str!("../std/runtime.go")),
    ("fmt", include_str!("../std/fmt.go")),
    ("os", include_str!("../std/os.go")),
    ("errors", include_str!("../std/errors.go")),
    ("strings", include_str!("../std/strings.go")),
    ("bytes", include_str!("../std/bytes.go")),
    ("bufio", include_str!("../std/bufio.go")),
    ("container/list", include_str!("../std/container_list.go")),
    ("container/heap", include_str!("../std/container_heap.go")),
    ("strconv", include_str!("../std/strconv.go")),
    ("math", include_str!("../std/math.go")),
    ("sort", include_str!("../std/sort.go")),
    ("time", include_str!("../std/time.go")),
    ("runtime/debug", include_str!("../std/debug.go")),
    ("sync", include_str!("../std/sync.go")),
    ("sync/atomic", include_str!("../std/atomic.go")),
    ("io", include_str!("../std/io.go")),
    ("unicode", include_str!("../std/unicode.go")),
    ("unicode/utf8", include_str!("../std/utf8.go")),
    ("cmp", include_str!("../std/cmp.go")),
    ("slices", include_str!("../std/slices.go")),
    ("maps", include_str!("../std/maps.go")),
];

/// The Go source of a standard package, by import path.
pub fn source(path: &str) -> Option<&'static str> {
    PACKAGES.iter().find(|(p, _)| *p == path).map(|(_, src)| *src)
}
