#!/usr/bin/env bash
# Issue 14's TCP lock-out, as an attacker would try it on loopback: SOURCES sources (one /24
# each, over four /16s) open PER_SOURCE idle TCP connections each to the SBC and reopen whatever
# it closes (bench/tools/TcpHoarder.java), for STEP_S s per step. Throughout, a legitimate caller
# places LEGIT_RATE calls/s over TCP (sipp uac_rr -t t1 from 127.0.0.3, starting LEAD_S s early)
# to a sipp UAS playing the PBX, and an OPTIONS probe asks over UDP every 100 ms.
#
# Per step: the hoarder's connections opened, closed by the SBC and open at the end; the SBC's
# TCP counters (accepted, refused, evicted, first-message timeouts, hoarders banned); heap peak
# and after-GC peak from its GC log; probe latency; legitimate calls made, succeeded, failed.
# Kamailio's reference edge listens on UDP only, so there is no Kamailio column here.
# Loopback only; everything it starts is stopped by PID; every run bounded in time.
#
# Usage: bench/tcp-hoarder.sh      STEPS="35 70 140" PER_SOURCE=32 bench/tcp-hoarder.sh
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
KAM_DIR="${KAM_DIR:-$ROOT/../shared/bench/kamailio}"
OUT="${OUT:-$ROOT/bench/out/tcp-hoarder}"
STEPS="${STEPS:-35 70 140}"; PER_SOURCE="${PER_SOURCE:-32}"; STEP_S="${STEP_S:-30}"
LEGIT_RATE="${LEGIT_RATE:-5}"; LEAD_S="${LEAD_S:-10}"; HEAP_MB="${HEAP_MB:-1024}"
BUF=4194304
mkdir -p "$OUT" "$OUT/run"
command -v sipp >/dev/null || { echo "need sipp (apt-get install sip-tester)"; exit 1; }
source bench/lib.sh   # STARTED (stopped by PID at exit), sipp_stat, gc_peaks
[ -f sbc-core/target/sbc.jar ] || ./sbc --help >/dev/null
javac -d "$OUT/tools" bench/tools/TcpHoarder.java bench/tools/OptionsProbe.java

metric() { # $1 metrics text, $2 counter name
    awk -v name="$2" '$1 == name { print $2 + 0; found = 1 } END { if (!found) print 0 }' "$1"
}

echo "sources connections_tried opened closed_by_sbc open_at_end sbc_accepted sbc_refused sbc_evicted sbc_first_message_timeouts sbc_hoarders_banned heap_peak_mb heap_after_gc_peak_mb probe_p50_ms probe_p99_ms probe_max_ms probes_lost legit_calls legit_ok legit_failed" \
    | tee "$OUT/hoarder.tsv"
for sources in $STEPS; do
    tag="hoard.$sources"
    cat > "$OUT/sbc.yaml" <<YAML
outside:
  listen: [udp:127.0.0.1:5060, tcp:127.0.0.1:5060]
inside:
  listen: [udp:127.0.0.1:5070]
  pbx: sip:127.0.0.1:5080
admin:
  listen: 127.0.0.1:8089
security:
  trusted: [127.0.0.1]          # the PBX (the sipp UAS) and the SBC's own address, as deployed
  ban:
    state_file: $OUT/run/bans.json
b2bua:
  keepalive_seconds: 0
YAML
    rm -f "$OUT/run/bans.json"
    java -Xms${HEAP_MB}m -Xmx${HEAP_MB}m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xlog:gc:file="$OUT/$tag.gc.log" \
        -jar sbc-core/target/sbc.jar run --config "$OUT/sbc.yaml" > "$OUT/$tag.sbc.log" 2>&1 &
    SBC=$!; STARTED+=("$SBC")
    for _ in $(seq 100); do grep -qs "sbc: running" "$OUT/$tag.sbc.log" && break; sleep 0.2; done
    grep -qs "sbc: running" "$OUT/$tag.sbc.log" || { echo "the SBC did not start: $OUT/$tag.sbc.log"; exit 1; }
    sipp -sf "$KAM_DIR/uas_rr.xml" -i 127.0.0.1 -p 5080 -nostdin -buff_size $BUF -timeout $((STEP_S + LEAD_S + 90))s \
        > "$OUT/$tag.uas.out" 2>&1 &
    UAS=$!; STARTED+=("$UAS")
    legit_calls=$((LEGIT_RATE * (STEP_S + LEAD_S + 2)))
    rm -f "$OUT/$tag.legit.csv"
    timeout $((STEP_S + LEAD_S + 60)) sipp 127.0.0.1:5060 -t t1 -sf "$KAM_DIR/uac_rr.xml" -s bench -i 127.0.0.3 -p 5071 \
        -r "$LEGIT_RATE" -m "$legit_calls" -d 1000 -nostdin -buff_size $BUF -timeout $((STEP_S + LEAD_S + 40))s \
        -default_behaviors all,-abortunexp -trace_stat -stf "$OUT/$tag.legit.csv" -fd 1 > /dev/null 2>&1 &
    LEGIT=$!; STARTED+=("$LEGIT")
    sleep "$LEAD_S"
    java -cp "$OUT/tools" OptionsProbe 127.0.0.6 127.0.0.1:5060 "$STEP_S" 100 > "$OUT/$tag.probe.out" 2>&1 &
    PROBE=$!; STARTED+=("$PROBE")
    java -cp "$OUT/tools" TcpHoarder 127.0.0.1:5060 "$sources" "$PER_SOURCE" "$STEP_S" 40 > "$OUT/$tag.hoard.out" 2>&1
    wait "$PROBE" "$LEGIT" 2>/dev/null
    curl -s http://127.0.0.1:8089/metrics > "$OUT/$tag.metrics"
    read -r peak after < <(gc_peaks "$OUT/$tag.gc.log")
    read -r opened closed failed open < <(sed -n 's/opened=\([0-9]*\) closed_by_server=\([0-9]*\) connect_failed=\([0-9]*\) open_at_end=\([0-9]*\)/\1 \2 \3 \4/p' "$OUT/$tag.hoard.out")
    read -r p50 p99 pmax lost < <(sed -n 's/.*lost=\([0-9]*\) p50_ms=\([0-9.a-zA-Z]*\) p99_ms=\([0-9.a-zA-Z]*\) max_ms=\([0-9.a-zA-Z]*\).*/\2 \3 \4 \1/p' "$OUT/$tag.probe.out")
    m="$OUT/$tag.metrics"
    echo "$sources $((sources * PER_SOURCE)) ${opened:-?} ${closed:-?} ${open:-?} $(metric "$m" sbc_tcp_connections_accepted_total) $(metric "$m" sbc_tcp_connections_refused_total) $(metric "$m" sbc_tcp_connections_evicted_total) $(metric "$m" sbc_tcp_first_message_timeouts_total) $(metric "$m" sbc_tcp_hoarders_banned_total) $peak $after ${p50:-?} ${p99:-?} ${pmax:-?} ${lost:-?} $legit_calls $(sipp_stat "$OUT/$tag.legit.csv" "SuccessfulCall(C)") $(sipp_stat "$OUT/$tag.legit.csv" "FailedCall(C)")" \
        | tee -a "$OUT/hoarder.tsv"
    kill "$UAS" "$SBC" 2>/dev/null; wait "$UAS" "$SBC" 2>/dev/null
    sleep 2
done
