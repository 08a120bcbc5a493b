# Helpers for the bench scripts (sourced): what every sipp-driven benchmark repeats.
# bench/policy-calls.sh uses them; the older scripts still carry their own copies.

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
