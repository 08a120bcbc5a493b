#!/usr/bin/env bash
# Calls per second through the SBC's B2BUA, and heap bytes per active dialog.
#
# ramp: sipp uac (127.0.0.2) -> SBC (outside 127.0.0.1:5060, inside 127.0.0.1:5070) -> sipp uas
#       (127.0.0.1:5080), full INVITE..BYE calls held HOLD_MS so they overlap, STEP_S seconds per
#       rate, stopping at the first rate where more than 0.1% of calls fail. The same sipp
#       scenarios and options as the Kamailio reference in ../shared/bench/kamailio/, so that
#       `KAMAILIO=1` can run that script's proxy and direct ramps in the same run.
# mem:  10,000 calls up at once (held 60 s), heap used after a full GC minus the idle heap: 5 s
#       after the last call was set up, and again 40 s after (the set-up transactions ended).
#
# Everything it starts is stopped by PID; traffic stays on loopback; every sipp run is bounded
# by -m, -timeout and timeout(1).
#
# Usage: bench/calls.sh                       # SBC ramp + mem
#        KAMAILIO=1 bench/calls.sh            # also Kamailio (proxy) and sipp direct, same rates
#        RATES="500 1000" STAGES=ramp bench/calls.sh
#        STAGES="latency overload" bench/calls.sh   # p50/p99 from a cold start; twice the ceiling
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
SBC_IP=127.0.0.1; SBC_PORT=5060; SBC_INSIDE_PORT=5070; UAS_IP=127.0.0.1; UAS_PORT=5080; LOAD_IP=127.0.0.2; LOAD_PORT=5070
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
  trusted: [127.0.0.1, 127.0.0.2, 127.0.0.3]
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
    # The launcher's collector settings (./sbc), with a fixed 2 GB heap for 10,000 calls and more.
    java -Xms2g -Xmx2g -XX:+UseG1GC -XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=40 ${SBC_JAVA_OPTS:-} -jar sbc-core/target/sbc.jar run --config "$OUT/sbc-bench.yaml" \
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

# "successful failed" from the final statistics of a sipp output file ($1).
sipp_result() {
    local ok failed
    ok=$(grep -E "Successful call" "$1" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    failed=$(grep -E "Failed call" "$1" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    echo "${ok:-0} ${failed:-0}"
}

# Calls answered and not yet ended by a BYE, from the SBC's metrics.
calls_up() {
    curl -s "http://127.0.0.1:8080/metrics" | awk '/^sbc_calls_answered_total/ {a=$2} /^sbc_calls_ended_by_bye_total/ {b=$2} END {print a-b}'
}

# $1 rate  $2 calls  $3 hold_ms  $4 tag -> "successful failed"
# With UAC_RTT=1, sipp also writes every call's set-up time (INVITE sent to 200 received) to
# $OUT/uac.$4.rtt ("epoch_ms;set-up_ms;1" lines).
uac() {
    local rtt=()
    [ "${UAC_RTT:-0}" = 1 ] && rtt=(-trace_rtt -rtt_freq 1)
    ( cd "$OUT" && timeout $((STEP_S * 4 + 60)) sipp $SBC_IP:$SBC_PORT -sf "$KAM_DIR/uac_rr.xml" -s bench \
        -i $LOAD_IP -p $LOAD_PORT -r "$1" -m "$2" -d "$3" -nostdin -buff_size $BUF -timeout $((STEP_S * 4 + 40))s \
        -default_behaviors all,-abortunexp "${rtt[@]}" > "$OUT/uac.$4.out" 2>&1
      [ ${#rtt[@]} -gt 0 ] && cat uac_rr_*_rtt.csv > "$OUT/uac.$4.rtt" 2>/dev/null; rm -f uac_rr_*_rtt.csv )
    sipp_result "$OUT/uac.$4.out"
}

# Datagrams the kernel dropped because one of the SBC's UDP sockets (127.0.0.1, ports SBC_PORT
# and SBC_INSIDE_PORT) was full: what waited longer than the SBC could read, which its own
# histogram (from the frame cut on) cannot see. The JVM's sockets are IPv6 ones (127.0.0.1 as
# ::ffff:127.0.0.1), listed in /proc/net/udp6: before 2026-12-07 this read /proc/net/udp alone
# and so counted the load generator's socket (127.0.0.2, the same port as the inside listener)
# and never the SBC's.
socket_drops() {
    awk -v a="$(printf '0100007F:%04X' $SBC_PORT)" -v b="$(printf '0100007F:%04X' $SBC_INSIDE_PORT)" \
        'FNR > 1 { n = length($2) } FNR > 1 && (substr($2, n - 12) == a || substr($2, n - 12) == b) { d += $NF }
         END { print d + 0 }' /proc/net/udp /proc/net/udp6
}

# p50 and p99 of the call set-up times (ms) in a sipp rtt file ($1), per 10 s window from its
# first call, then for the whole file: "window_s calls p50 p99" lines, the last "all ...".
setup_quantiles() {
    awk -F';' '$1 ~ /^[0-9.]+$/ { t = $1 + 0; if (!t0) t0 = t; print int((t - t0) / 10000), $2 + 0 }' "$1" \
        | sort -k1,1n -k2,2n | awk '{ w[NR] = $1; v[NR] = $2 }
            END { s = 1; for (i = 2; i <= NR + 1; i++) if (i > NR || w[i] != w[s]) { n = i - s
                      printf "%d %d %.1f %.1f\n", (w[s] + 1) * 10, n, v[s + int(0.5 * (n - 1))], v[s + int(0.99 * (n - 1))]
                      s = i } }'
    awk -F';' '$1 ~ /^[0-9.]+$/ { print $2 + 0 }' "$1" | sort -n \
        | awk '{ v[NR] = $1 } END { printf "all %d %.1f %.1f\n", NR, v[int(0.5 * (NR - 1)) + 1], v[int(0.99 * (NR - 1)) + 1] }'
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
    sleep 35   # the warm-up's transactions end (64 x T1), or they would count as idle heap
    idle=$(heap_used "$SBC_PID")
    start_uas mem
    rate=1000
    ( uac $rate "$MEM_CALLS" 60000 mem >/dev/null ) &
    UACJOB=$!
    sleep $((MEM_CALLS / rate + 5))
    up=$(calls_up)
    busy=$(heap_used "$SBC_PID")
    jmap -histo:live "$SBC_PID" | head -45 > "$OUT/mem.histo"   # what an open call holds, for the docs
    # Again once every call is older than 64 x T1 (32 s): the transactions that set the calls up
    # have ended, and what is left is what a call holds for as long as it lasts.
    sleep 32   # about 40 s after the last set-up, 10 s before the first BYE
    up2=$(calls_up)
    settled=$(heap_used "$SBC_PID")
    jmap -histo:live "$SBC_PID" | head -45 > "$OUT/mem-settled.histo"
    echo "when calls_up heap_idle_bytes heap_with_calls_bytes bytes_per_call" | tee "$OUT/mem.tsv"
    awk -v n="$up" -v i="$idle" -v b="$busy" 'BEGIN{printf "setup+5s %d %d %d %.0f\n", n, i, b, (b - i) / n}' | tee -a "$OUT/mem.tsv"
    awk -v n="$up2" -v i="$idle" -v b="$settled" 'BEGIN{printf "setup+40s %d %d %d %.0f\n", n, i, b, (b - i) / n}' | tee -a "$OUT/mem.tsv"
    wait "$UACJOB"; stop_uas; stop_sbc
}

# linger: what an ended call leaves behind while its transactions linger (RFC 3261 timers J and
#   L: 64 x T1 = 32 s over UDP): LINGER_CALLS calls at 500/s, hung up at once, then the heap
#   after a full GC (within the 32 s) minus the heap before, per server transaction still open
#   (sbc_server_transactions). The figure behind EntryCosts.LINGERING_SERVER_TRANSACTION (its
#   fixed part; each transaction adds the bytes of its keys and answer).
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

# The p50 and p99 (ms) of sbc_message_handling_seconds between two scrapes ($1 before, $2 after:
# "le count" lines), interpolated within a bucket as Prometheus' histogram_quantile does.
quantiles() {
    awk 'NR == FNR { before[$1] = $2; next } { le[++n] = $1; c[n] = $2 - before[$1] }
        END { total = c[n]; printf "%d", total
              split("0.5 0.99", qs, " ")
              for (k = 1; k <= 2; k++) {
                  want = qs[k] * total; lo = 0; prev = 0
                  for (i = 1; i <= n; i++) {
                      if (c[i] >= want) {
                          hi = (le[i] == "+Inf") ? le[i - 1] : le[i]
                          v = (c[i] == prev) ? hi : lo + (hi - lo) * (want - prev) / (c[i] - prev)
                          printf " %.2f", v * 1000; break
                      }
                      lo = le[i]; prev = c[i]
                  }
              }
              printf "\n" }' "$1" "$2"
}
scrape_handling() {
    curl -s "http://127.0.0.1:8080/metrics" | awk '/^sbc_message_handling_seconds_bucket/ {
        match($0, /le="[^"]*"/); print substr($0, RSTART + 4, RLENGTH - 5), $2 }' > "$1"
}

# latency: at each of LAT_RATES, a freshly started SBC (its own start-up warm-up, no traffic
#   before) carries calls for LAT_S seconds: the first minute after start is the JIT's, and the
#   issue asks for p99 < 50 ms in it up to 80 % of the ceiling. Two measures per 10 s window and
#   for the whole step: the SBC's message handling time (its histogram, from the frame cut off the
#   socket to the answer or relay sent), and the call set-up time sipp sees (INVITE sent to 200
#   received: twice through the SBC, and what waited in its sockets, which the histogram cannot
#   see); and the datagrams dropped because the SBC's sockets were full, and the calls that failed.
stage_latency() {
    local rates="${LAT_RATES:-1000 2000 3200}" secs="${LAT_S:-60}"
    echo "rate_cps window_s messages p50_ms p99_ms" | tee "$OUT/latency.tsv"
    echo "rate_cps window_s calls setup_p50_ms setup_p99_ms" > "$OUT/setup.tsv"
    echo "rate_cps calls successful failed messages p50_ms p99_ms worst_window_p99_ms setup_p50_ms setup_p99_ms worst_window_setup_p99_ms socket_drops" \
        | tee "$OUT/latency-steps.tsv"
    for rate in $rates; do
        start_sbc
        start_uas "lat$rate"
        local drops_before
        drops_before=$(socket_drops)
        scrape_handling "$OUT/lat.start"
        ( UAC_RTT=1 uac "$rate" $((rate * secs)) "$HOLD_MS" "lat$rate" > "$OUT/lat.$rate.result" ) &
        local job=$! worst=0 t=0
        cp "$OUT/lat.start" "$OUT/lat.prev"
        while [ "$t" -lt "$secs" ]; do
            sleep 10; t=$((t + 10))
            scrape_handling "$OUT/lat.now"
            read -r n p50 p99 < <(quantiles "$OUT/lat.prev" "$OUT/lat.now")
            echo "$rate $t $n $p50 $p99" | tee -a "$OUT/latency.tsv"
            worst=$(awk -v a="$worst" -v b="${p99:-0}" 'BEGIN { print (b > a ? b : a) }')
            mv "$OUT/lat.now" "$OUT/lat.prev"
        done
        wait "$job"
        local drops=$(( $(socket_drops) - drops_before ))
        scrape_handling "$OUT/lat.end"
        curl -s "http://127.0.0.1:8080/metrics" > "$OUT/metrics.lat$rate.txt"   # why calls failed, if any
        read -r ok failed < "$OUT/lat.$rate.result"
        read -r n p50 p99 < <(quantiles "$OUT/lat.start" "$OUT/lat.end")
        setup_quantiles "$OUT/uac.lat$rate.rtt" | sed "s/^/$rate /" > "$OUT/setup.$rate.tsv"
        grep -v " all " "$OUT/setup.$rate.tsv" >> "$OUT/setup.tsv"
        local s50 s99 sworst
        read -r _ _ _ s50 s99 < <(grep " all " "$OUT/setup.$rate.tsv")
        sworst=$(grep -v " all " "$OUT/setup.$rate.tsv" | awk '$5 > m { m = $5 } END { print m + 0 }')
        echo "$rate $((rate * secs)) $ok $failed $n $p50 $p99 $worst $s50 $s99 $sworst $drops" | tee -a "$OUT/latency-steps.tsv"
        stop_uas; stop_sbc
    done
}

# overload: OVER_CALLS calls set up at 100/s from a second caller (127.0.0.3) and held 15 s, so
#   their BYEs fall inside a flood of new calls at OVER_RATE (default 8,000/s: twice the ceiling
#   of the ramp) for OVER_S seconds from the load generator; the admin endpoint is asked for
#   /health every second meanwhile. Established calls must all end cleanly (their BYEs answered),
#   the admin endpoint must answer, and the heap must stay bounded (new work is shed with 503).
stage_overload() {
    local calls="${OVER_CALLS:-1000}" rate="${OVER_RATE:-8000}" secs="${OVER_S:-20}"
    start_sbc
    start_uas overload; uac 500 5000 200 overwarm >/dev/null; stop_uas
    start_uas overload
    timeout 120 sipp $SBC_IP:$SBC_PORT -sf "$KAM_DIR/uac_rr.xml" -s bench -i 127.0.0.3 -p 5071 \
        -r 100 -m "$calls" -d 15000 -nostdin -buff_size $BUF -timeout 100s \
        -default_behaviors all,-abortunexp > "$OUT/uac.established.out" 2>&1 &
    local established=$!
    sleep $((calls / 100 + 1))
    local up_before
    up_before=$(calls_up)
    ( uac "$rate" $((rate * secs)) "$HOLD_MS" overload > "$OUT/overload.result" ) &
    local flood=$! worst=0 fails=0
    : > "$OUT/overload.health"
    for _ in $(seq $((secs + 5))); do
        if ms=$(curl -s -o /dev/null -m 5 -w '%{time_total}' "http://127.0.0.1:8080/health"); then
            echo "$ms" >> "$OUT/overload.health"
        else
            fails=$((fails + 1))
        fi
        sleep 1
    done
    wait "$flood"; wait "$established"
    read -r fok ffailed < "$OUT/overload.result"
    local eok efailed shed
    read -r eok efailed < <(sipp_result "$OUT/uac.established.out")
    shed=$(curl -s "http://127.0.0.1:8080/metrics" | awk '/^sbc_new_work_shed/ {s += $2} END {print s + 0}')
    worst=$(sort -n "$OUT/overload.health" | tail -1)
    echo "established_calls up_when_flood_began established_ok established_failed flood_rate flood_ok flood_failed new_work_shed health_max_s health_failed" | tee "$OUT/overload.tsv"
    echo "$calls $up_before $eok $efailed $rate $fok $ffailed $shed ${worst:-none} $fails" | tee -a "$OUT/overload.tsv"
    stop_uas; stop_sbc
}

for stage in $STAGES; do "stage_$stage"; done

if [ "${KAMAILIO:-0}" = 1 ]; then
    # The reference appends to its ramp.tsv; rows of an earlier run in the same OUT would read as this one's.
    rm -f "$OUT/kamailio/ramp.tsv"
    OUT="$OUT/kamailio" STAGES="ramp mem" MODES="proxy direct" REPEATS=1 STEP_S="$STEP_S" HOLD_MS="$HOLD_MS" \
        PROXY_RATES="$RATES" DIRECT_RATES="${DIRECT_RATES:-4000 8000 12000 15000}" "$KAM_DIR/run.sh"
fi
