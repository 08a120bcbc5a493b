# Helpers for the bench scripts (sourced): what every sipp-driven benchmark repeats.
# bench/policy-calls.sh, distributed-flood.sh and tcp-hoarder.sh use them; the older scripts
# still carry their own copies.

# Processes a script starts, stopped by PID when it exits (never by name).
STARTED=()
stop_started() { for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop_started EXIT

# CPU ticks (user + system) a process has used; divide by `getconf CLK_TCK`.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# "successful failed" from the final statistics screen of a sipp output file.
sipp_counts() {
    awk -F'|' '/Successful call/ {gsub(/ /, "", $3); ok = $3} /Failed call/ {gsub(/ /, "", $3); failed = $3}
        END {printf "%d %d\n", ok, failed}' "$1"
}

# The value of column $2 in the last row of a sipp -trace_stat file ($1, ';'-separated).
sipp_stat() {
    awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print $c + 0 }' "$1"
}

# "before after" from a JVM's -Xlog:gc file: the most heap in use before a collection and the
# most left after one, in MB.
gc_peaks() {
    grep -o '[0-9]*M->[0-9]*M' "$1" | tr -d M | awk -F'->' '$1 > b { b = $1 } $2 > a { a = $2 } END { print b + 0, a + 0 }'
}
