# Sourced by the benchmark scripts, from the repository's top directory.
#
# Builds the release binary and sets: govm (its path), GO (native Go, from the environment
# or /usr/lib/go-1.19/bin/go) and tmp (a scratch directory removed on exit).
cargo build --release --quiet
govm=$PWD/target/release/govm
GO=${GO:-/usr/lib/go-1.19/bin/go}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

#
# median_seconds RUNS COMMAND [ARGS...]: prints the median wall time, in seconds, of RUNS
# runs of the command (stdin empty, output discarded, exit status ignored). Uses hyperfine
# when installed, otherwise a python3 loop; both start the command without a shell, so
# the time is the command's own.
median_seconds() {
    local runs=$1
    shift
    if command -v hyperfine > /dev/null; then
        local json
        json=$(mktemp)
        hyperfine --style none --shell=none --ignore-failure --runs "$runs" \
            --export-json "$json" "$(printf '%q ' "$@")" > /dev/null 2>&1
        sed -n 's/^ *"median": *\([0-9.e+-]*\),*$/\1/p' "$json" | head -n 1
        rm -f "$json"
    else
        python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time

runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
PY
    fi
}
