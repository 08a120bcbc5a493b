#!/usr/bin/env bash
# OPTIONS answered per second over UDP at zero loss, measured on loopback.
#
# Starts the SBC (./sbc run, embedded defaults: 127.0.0.1:5060, with the load address trusted:
# at these rates it is a trunk, and the flood guard would rightly ban it) and ramps the load through
# RATES; each step sends RATE x STEP_S OPTIONS without retransmission, so a single lost request or
# answer fails the step. Prints, per step, the OPTIONS answered, failed, and the SBC's CPU time per
# OPTIONS (from /proc), then the highest rate with zero loss.
#
# LOADGEN=sipp (default) sends with sipp. LOADGEN=c sends with bench/tools/options_load.c (built
# with gcc): the same requests, paced and batched on one thread (about half a core at 80,000/s),
# so that the SBC, not the load generator, is what a 2-core machine runs out of (sipp tops out
# near 55,000 OPTIONS/s here).
#
# Everything it starts is stopped by PID; traffic goes to loopback only; every sipp run is
# bounded by -m and -timeout.
#
# Usage: bench/options-udp.sh
#        RATES="5000 10000 20000" STEP_S=5 bench/options-udp.sh
#        LOADGEN=c RATES="40000 50000 60000 70000 80000" bench/options-udp.sh
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RATES="${RATES:-2000 5000 10000 15000 20000 25000 30000 40000}"
STEP_S="${STEP_S:-5}"
SBC_IP=127.0.0.1; SBC_PORT=5060
LOAD_IP=127.0.0.30
OUT="${OUT:-bench/out}"
LOADGEN="${LOADGEN:-sipp}"
mkdir -p "$OUT"
case "$LOADGEN" in
    sipp) command -v sipp >/dev/null || { echo "need sipp (apt-get install sip-tester)"; exit 1; } ;;
    c) gcc -O2 -Wall -o "$OUT/options_load" bench/tools/options_load.c || { echo "need gcc for LOADGEN=c"; exit 1; } ;;
    *) echo "LOADGEN is sipp or c"; exit 1 ;;
esac
[[ $LOAD_IP =~ ^127\. && $SBC_IP =~ ^127\. ]] || { echo "loopback only"; exit 1; }

printf 'security:\n  trusted: [%s]\n  ban:\n    state_file: ""\n' "$LOAD_IP" > "$OUT/options-udp.yaml"
./sbc run --config "$OUT/options-udp.yaml" > "$OUT/sbc.log" 2>&1 &
SBC_PID=$!
trap 'kill $SBC_PID 2>/dev/null; wait $SBC_PID 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q "sbc: running" "$OUT/sbc.log" && break; sleep 0.2; done
grep -q "sbc: running" "$OUT/sbc.log" || { echo "sbc did not start:"; cat "$OUT/sbc.log"; exit 1; }
JAVA_PID=$SBC_PID   # ./sbc execs java, so this is the JVM
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$JAVA_PID/stat"; }
# "tid ticks" for each of the JVM's threads: the busiest thread shows whether one event loop is
# what runs out (a build whose one socket is read by one loop) or the cores are. utime and stime
# are counted after the name's closing parenthesis: a thread name may hold spaces ("GC Thread#0").
thread_ticks() {
    awk '{ rest = $0; sub(/.*\) /, "", rest); split(rest, f, " "); print $1, f[12] + f[13] }' \
        /proc/$JAVA_PID/task/*/stat 2>/dev/null
}

# Sends RATE x STEP_S OPTIONS; prints "answered failed" (failed: unanswered or not a 200).
send_step() { # rate calls file
    if [ "$LOADGEN" = c ]; then
        "$OUT/options_load" $LOAD_IP $SBC_IP $SBC_PORT "$1" "$(awk -v c="$2" -v r="$1" 'BEGIN { print c / r }')" > "$3" 2>&1
        awk '/^sent/ { print $4, $6 + $8 }' "$3"
    else
        sipp -sf bench/sipp/options-noretrans.xml -t u1 -i $LOAD_IP -p 0 -m "$2" -r "$1" \
            -timeout $(( $2 / $1 * 4 + 30 ))s -nostdin -buff_size 4194304 $SBC_IP:$SBC_PORT > "$3" 2>&1
        local ok failed
        ok=$(grep -E "Successful call" "$3" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
        failed=$(grep -E "Failed call" "$3" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
        echo "${ok:-0} ${failed:-?}"
    fi
}

# Warm the JIT so the first step does not measure the interpreter (WARM_RATE x WARM_S OPTIONS).
send_step "${WARM_RATE:-5000}" $(( ${WARM_RATE:-5000} * ${WARM_S:-4} )) "$OUT/warmup.txt" > /dev/null

echo "rate_per_s  answered  failed  sbc_cpu_us_per_options  sbc_cores_used  busiest_thread_cores"
best=0
for rate in $RATES; do
    calls=$((rate * STEP_S))
    before=$(cpu_ticks); thread_ticks > "$OUT/threads-before"; started=$(date +%s.%N)
    read -r ok failed < <(send_step "$rate" "$calls" "$OUT/step-$rate.txt")
    after=$(cpu_ticks); thread_ticks > "$OUT/threads-after"; ended=$(date +%s.%N)
    cpu_us=$(awk -v t=$((after - before)) -v hz="$HZ" -v n="$calls" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    # Shares of a core over the sending time: a step that loses requests then waits 2 s for their
    # answers, an idle while that made the SBC look less busy than it was. With sipp: its whole run.
    if [ "$LOADGEN" = c ]; then
        ended=$(awk -v s="$started" -v e="$ended" '/^sent/ { e = s + $(NF - 2) } END { printf "%.3f", e }' \
            "$OUT/step-$rate.txt")
    fi
    cores=$(awk -v t=$((after - before)) -v hz="$HZ" -v s="$started" -v e="$ended" 'BEGIN { printf "%.2f", t / hz / (e - s) }')
    busiest=$(awk -v hz="$HZ" -v s="$started" -v e="$ended" 'NR == FNR { b[$1] = $2; next }
        ($1 in b) && $2 - b[$1] > m { m = $2 - b[$1] } END { printf "%.2f", m / hz / (e - s) }' \
        "$OUT/threads-before" "$OUT/threads-after")
    printf "%10s  %8s  %6s  %22s  %14s  %20s\n" "$rate" "${ok:-0}" "${failed:-?}" "$cpu_us" "$cores" "$busiest"
    if [ "${failed:-1}" = "0" ] && [ "${ok:-0}" = "$calls" ]; then best=$rate; else break; fi
done
echo "highest rate with zero loss: $best OPTIONS/s (UDP, loopback, $(nproc) cores, load: $LOADGEN)"
