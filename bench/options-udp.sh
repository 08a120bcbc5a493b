#!/usr/bin/env bash
# OPTIONS answered per second over UDP at zero loss, measured with sipp on loopback.
#
# Starts the SBC (./sbc run, embedded defaults: 127.0.0.1:5060, with the load address trusted:
# at these rates it is a trunk, and the flood guard would rightly ban it) and ramps sipp through RATES;
# each step sends RATE x STEP_S OPTIONS without retransmission, so a single lost request or
# answer fails the step. Prints, per step, the calls sent, failed, and the SBC's CPU time per
# OPTIONS (from /proc), then the highest rate with zero loss.
#
# Everything it starts is stopped by PID; traffic goes to loopback only; every sipp run is
# bounded by -m and -timeout.
#
# Usage: bench/options-udp.sh
#        RATES="5000 10000 20000" STEP_S=5 bench/options-udp.sh
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RATES="${RATES:-2000 5000 10000 15000 20000 25000 30000 40000}"
STEP_S="${STEP_S:-5}"
SBC_IP=127.0.0.1; SBC_PORT=5060
LOAD_IP=127.0.0.30
OUT="${OUT:-bench/out}"
mkdir -p "$OUT"
command -v sipp >/dev/null || { echo "need sipp (apt-get install sip-tester)"; exit 1; }
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

# Warm the JIT so the first step does not measure the interpreter.
sipp -sf bench/sipp/options-noretrans.xml -t u1 -i $LOAD_IP -p 0 -m 20000 -r 5000 \
    -timeout 30s -nostdin -buff_size 4194304 $SBC_IP:$SBC_PORT > "$OUT/warmup.txt" 2>&1

echo "rate_per_s  sent  failed  sbc_cpu_us_per_options"
best=0
for rate in $RATES; do
    calls=$((rate * STEP_S))
    before=$(cpu_ticks)
    sipp -sf bench/sipp/options-noretrans.xml -t u1 -i $LOAD_IP -p 0 -m $calls -r $rate \
        -timeout $((STEP_S * 4))s -nostdin -buff_size 4194304 $SBC_IP:$SBC_PORT > "$OUT/step-$rate.txt" 2>&1
    after=$(cpu_ticks)
    ok=$(grep -E "Successful call" "$OUT/step-$rate.txt" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    failed=$(grep -E "Failed call" "$OUT/step-$rate.txt" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    cpu_us=$(awk -v t=$((after - before)) -v hz="$HZ" -v n="$calls" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    printf "%10s  %6s  %6s  %s\n" "$rate" "${ok:-0}" "${failed:-?}" "$cpu_us"
    if [ "${failed:-1}" = "0" ] && [ "${ok:-0}" = "$calls" ]; then best=$rate; else break; fi
done
echo "highest rate with zero loss: $best OPTIONS/s (UDP, loopback, $(nproc) cores)"
