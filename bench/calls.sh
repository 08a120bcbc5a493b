#!/usr/bin/env bash
# Calls per second through the SBC's B2BUA, and heap bytes per active dialog.
#
# ramp: sipp uac (127.0.0.2) -> SBC (outside 127.0.0.1:5060, inside 127.0.0.1:5070) -> sipp uas
#       (127.0.0.1:5080), full INVITE..BYE calls held HOLD_MS so they overlap, STEP_S seconds per
#       rate, stopping at the first rate where more than 0.1% of calls fail. The same sipp
#       scenarios and options as the Kamailio reference in ../shared/bench/kamailio/, so that
#       `KAMAILIO=1` can run that script's proxy and direct ramps in the same run.
# mem:  10,000 calls up at once (held 60 s), heap used after a full GC minus the idle heap.
#
# Everything it starts is stopped by PID; traffic stays on loopback; every sipp run is bounded
# by -m, -timeout and timeout(1).
#
# Usage: bench/calls.sh                       # SBC ramp + mem
#        KAMAILIO=1 bench/calls.sh            # also Kamailio (proxy) and sipp direct, same rates
#        RATES="500 1000" STAGES=ramp bench/calls.sh
#        SBC_JAVA_OPTS="-XX:StartFlightRecording=..." bench/calls.sh   # extra JVM options (a profile)
#        TOPOLOGY=mask bench/calls.sh           # topology hiding mode: strip (default, memory),
#                                               # mask (a fresh key), redis (strip, own redis-server)
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
KAM_DIR="${KAM_DIR:-$ROOT/../shared/bench/kamailio}"
RATES="${RATES:-500 1000 1500 2000 2500 3000 3500 4000}"
STEP_S="${STEP_S:-15}"
HOLD_MS="${HOLD_MS:-1000}"
STAGES="${STAGES:-ramp mem}"
MEM_CALLS="${MEM_CALLS:-10000}"
TOPOLOGY="${TOPOLOGY:-strip}"
OUT="${OUT:-$ROOT/bench/out/calls}"
SBC_IP=127.0.0.1; SBC_PORT=5060; UAS_IP=127.0.0.1; UAS_PORT=5080; LOAD_IP=127.0.0.2; LOAD_PORT=5070
BUF=4194304
HZ=$(getconf CLK_TCK)
mkdir -p "$OUT"
command -v sipp >/dev/null || { echo "need sipp (apt-get install sip-tester)"; exit 1; }
[ -f "$KAM_DIR/uac_rr.xml" ] || { echo "need $KAM_DIR (the shared Kamailio reference)"; exit 1; }

STARTED=()
cleanup() { for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

cat > "$OUT/sbc-bench.yaml" <<YAML
# Embedded defaults, with the load generator trusted (as the Kamailio reference trusts it) and
# the per-source call limit raised: the load comes from one address.
security:
  trusted: [127.0.0.1, 127.0.0.2]
  ban:
    state_file: $OUT/bans.json
b2bua:
  max_dialogs: 50000
  max_dialogs_per_source: 50000
  keepalive_seconds: 0
# Signalling only, like the Kamailio reference, which relays no media: anchored, the bench's
# calls from one address would meet media.max_sessions_per_source, and 10,000 held calls need
# more relay ports than the default range has. bench/media.sh measures the media relay.
media:
  anchor: false
YAML

REDIS_PORT=16399
case "$TOPOLOGY" in
    strip) ;;
    mask)
        printf 'topology_hiding:\n  mode: mask\n  mask:\n    key: "%s"\n' "$(head -c 32 /dev/urandom | base64)" \
            >> "$OUT/sbc-bench.yaml" ;;
    redis)
        REDIS=$(command -v redis-server || echo /usr/bin/redis-server)
        [ -x "$REDIS" ] || { echo "need redis-server (apt-get install redis-server)"; exit 1; }
        "$REDIS" --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
            > "$OUT/redis.log" 2>&1 &
        STARTED+=("$!"); sleep 0.5
        printf 'topology_hiding:\n  mode: strip\n  strip:\n    store: redis\n    redis: redis://127.0.0.1:%s\n' \
            $REDIS_PORT >> "$OUT/sbc-bench.yaml" ;;
    *) echo "TOPOLOGY must be strip, mask or redis"; exit 1 ;;
esac

SBC_PID=""
start_sbc() {
    [ -f sbc-core/target/sbc.jar ] || ./sbc --help >/dev/null
    java -Xms2g -Xmx2g -XX:+UseG1GC ${SBC_JAVA_OPTS:-} -jar sbc-core/target/sbc.jar run --config "$OUT/sbc-bench.yaml" \
        > "$OUT/sbc.log" 2>&1 &
    SBC_PID=$!; STARTED+=("$SBC_PID")
    for _ in $(seq 50); do grep -q "sbc: running" "$OUT/sbc.log" && return 0; sleep 0.2; done
    echo "sbc did not start:"; cat "$OUT/sbc.log"; exit 1
}
stop_sbc() { kill "$SBC_PID" 2>/dev/null; wait "$SBC_PID" 2>/dev/null; SBC_PID=""; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

UAS_PID=""
start_uas() {
    sipp -sf "$KAM_DIR/uas_rr.xml" -i $UAS_IP -p $UAS_PORT -nostdin -buff_size $BUF -timeout 300s \
        > "$OUT/uas.$1.out" 2>&1 &
    UAS_PID=$!; STARTED+=("$UAS_PID"); sleep 0.5
}
stop_uas() { kill "$UAS_PID" 2>/dev/null; wait "$UAS_PID" 2>/dev/null; UAS_PID=""; }

# $1 rate  $2 calls  $3 hold_ms  $4 tag -> "successful failed"
uac() {
    timeout $((STEP_S * 4 + 60)) sipp $SBC_IP:$SBC_PORT -sf "$KAM_DIR/uac_rr.xml" -s bench -i $LOAD_IP -p $LOAD_PORT \
        -r "$1" -m "$2" -d "$3" -nostdin -buff_size $BUF -timeout $((STEP_S * 4 + 40))s \
        -default_behaviors all,-abortunexp > "$OUT/uac.$4.out" 2>&1
    local ok failed
    ok=$(grep -E "Successful call" "$OUT/uac.$4.out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    failed=$(grep -E "Failed call" "$OUT/uac.$4.out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    echo "${ok:-0} ${failed:-0}"
}

stage_ramp() {
    start_sbc
    start_uas warmup; uac 500 5000 200 warmup >/dev/null; stop_uas   # JIT warm-up
    echo "rate_cps calls successful failed failed_pct sbc_cpu_us_per_call" | tee "$OUT/ramp.tsv"
    for rate in $RATES; do
        calls=$((rate * STEP_S))
        start_uas "$rate"
        t0=$(ticks "$SBC_PID")
        read -r ok failed < <(uac "$rate" "$calls" "$HOLD_MS" "$rate")
        t1=$(ticks "$SBC_PID")
        stop_uas
        pct=$(awk -v f="$failed" -v n="$calls" 'BEGIN{printf "%.3f", 100 * (n - 0 == 0 ? 0 : f / n)}')
        cpu=$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$calls" 'BEGIN{printf "%.0f", t / hz * 1e6 / n}')
        echo "$rate $calls $ok $failed $pct $cpu" | tee -a "$OUT/ramp.tsv"
        if awk -v p="$pct" -v ok="$ok" -v n="$calls" 'BEGIN{exit !(p > 0.1 || ok + 0 < n * 0.999)}'; then break; fi
    done
    stop_sbc
}

heap_used() {   # bytes used after a full GC
    jcmd "$1" GC.run >/dev/null 2>&1; sleep 1
    jcmd "$1" GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); print v*1024}}'
}

stage_mem() {
    start_sbc
    start_uas mem; uac 500 2000 100 memwarm >/dev/null; stop_uas
    idle=$(heap_used "$SBC_PID")
    start_uas mem
    rate=1000
    ( uac $rate "$MEM_CALLS" 60000 mem >/dev/null ) &
    UACJOB=$!
    sleep $((MEM_CALLS / rate + 5))
    up=$(curl -s "http://127.0.0.1:8080/metrics" | awk '/^sbc_calls_answered_total/ {a=$2} /^sbc_calls_ended_by_bye_total/ {b=$2} END {print a-b}')
    busy=$(heap_used "$SBC_PID")
    jmap -histo:live "$SBC_PID" | head -45 > "$OUT/mem.histo"   # what an open call holds, for the docs
    echo "calls_up heap_idle_bytes heap_with_calls_bytes bytes_per_call" | tee "$OUT/mem.tsv"
    awk -v n="$up" -v i="$idle" -v b="$busy" 'BEGIN{printf "%d %d %d %.0f\n", n, i, b, (b - i) / n}' | tee -a "$OUT/mem.tsv"
    wait "$UACJOB"; stop_uas; stop_sbc
}

# linger: what an ended call leaves behind while its transactions linger (RFC 3261 timers J and
#   L: 64 x T1 = 32 s over UDP): LINGER_CALLS calls at 500/s, hung up at once, then the heap
#   after a full GC (within the 32 s) minus the heap before, per server transaction still open
#   (sbc_server_transactions). The figure behind EntryCosts.LINGERING_SERVER_TRANSACTION.
stage_linger() {
    local calls="${LINGER_CALLS:-10000}"
    start_sbc
    start_uas linger; uac 500 5000 0 lingerwarm >/dev/null; stop_uas
    sleep 35   # the warm-up's transactions end
    idle=$(heap_used "$SBC_PID")
    start_uas linger
    read -r ok failed < <(uac 500 "$calls" 0 linger)
    stop_uas
    open=$(curl -s "http://127.0.0.1:8080/metrics" | awk '/^sbc_server_transactions / {print $2}')
    used=$(heap_used "$SBC_PID")
    jmap -histo:live "$SBC_PID" | head -45 > "$OUT/linger.histo"   # what holds it, for the docs
    echo "calls ok failed server_transactions_open heap_idle heap_after bytes_per_server_transaction" | tee "$OUT/linger.tsv"
    echo "$calls $ok $failed $open $idle $used $(( (used - idle) / ${open%.*} ))" | tee -a "$OUT/linger.tsv"
    stop_sbc
}

for stage in $STAGES; do "stage_$stage"; done

if [ "${KAMAILIO:-0}" = 1 ]; then
    OUT="$OUT/kamailio" STAGES="ramp mem" MODES="proxy direct" REPEATS=1 STEP_S="$STEP_S" HOLD_MS="$HOLD_MS" \
        PROXY_RATES="$RATES" DIRECT_RATES="${DIRECT_RATES:-4000 8000 12000 15000}" "$KAM_DIR/run.sh"
fi
