#!/usr/bin/env bash
# Issue 14's distributed INVITE flood, at rising rates, against the SBC and (KAMAILIO=1) against
# the Kamailio edge of ../shared/bench/kamailio/ in the same run: SOURCES sources, each in its
# own /24 over four /16s, every INVITE with a new Call-ID and never ACKed
# (bench/tools/InviteFlood.java), so that no source or prefix crosses a per-source limit.
# Throughout each step a legitimate caller (sipp uac_rr from 127.0.0.3, LEGIT_RATE calls/s; it
# starts LEAD_S s before the flood, so its first completed calls make it a known source and the
# SBC's JIT has seen a call) calls through
# to a sipp UAS playing the PBX, and an OPTIONS probe (bench/tools/OptionsProbe.java, 127.0.0.6)
# asks the target every 100 ms (its settled figures leave out the first 3 s of the flood). During
# the LEAD_S s before the flood a second caller (127.0.0.4) places WARM_RATE calls/s, so that the
# target meets the flood as a running edge would, with its call path compiled (the JVM's JIT
# needs thousands of calls of a method; Kamailio gets the same warm-up).
#
# Per step: heap (SBC: the most in use before a collection and the most left after one, from
# its GC log and a sample every second, and the live set after a full GC at the end; Kamailio:
# shared memory in use at the end and its peak), probe latency p50/p99/max and
# lost probes, legitimate calls made/succeeded/failed, flood INVITEs sent and answered 503.
# Each target is started fresh for each step; loopback only; everything stopped by PID.
#
# Usage: bench/distributed-flood.sh      KAMAILIO=1 RATES="1000 2000 4000 8000" bench/distributed-flood.sh
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
KAM_DIR="${KAM_DIR:-$ROOT/../shared/bench/kamailio}"
OUT="${OUT:-$ROOT/bench/out/distributed-flood}"
RATES="${RATES:-1000 2000 4000 8000}"; STEP_S="${STEP_S:-20}"; SOURCES="${SOURCES:-1000}"
LEGIT_RATE="${LEGIT_RATE:-5}"; LEAD_S="${LEAD_S:-10}"; WARM_RATE="${WARM_RATE:-150}"; HEAP_MB="${HEAP_MB:-1024}"; SHM_MB="${SHM_MB:-1024}"
BUF=4194304
mkdir -p "$OUT" "$OUT/run"
command -v sipp >/dev/null || { echo "need sipp (apt-get install sip-tester)"; exit 1; }
source bench/lib.sh   # STARTED (stopped by PID at exit), sipp_stat, gc_peaks
[ -f sbc-core/target/sbc.jar ] || ./sbc --help >/dev/null
# compiled once, so that the JIT of a source-file launch does not eat the first seconds of a step
javac -d "$OUT/tools" bench/tools/InviteFlood.java bench/tools/OptionsProbe.java

start_sbc() { # $1 tag
    cat > "$OUT/sbc.yaml" <<YAML
outside:
  listen: [udp:127.0.0.1:5060]
inside:
  listen: [udp:127.0.0.1:5070]
  pbx: sip:127.0.0.1:5080
admin:
  listen: 127.0.0.1:8089
security:
  # the PBX (the sipp UAS) and the SBC's own address, as deployed; and the warm-up caller, a trunk
  # (150 calls/s from one address: untrusted, the flood guard banned it within its first second,
  # and the SBC met the flood with its call path compiled from a hundred calls, not 1,200)
  trusted: [127.0.0.1, 127.0.0.4]
  ban:
    state_file: $OUT/run/bans.json
b2bua:
  keepalive_seconds: 0
YAML
    rm -f "$OUT/run/bans.json"
    java -Xms${HEAP_MB}m -Xmx${HEAP_MB}m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xlog:gc:file="$OUT/$1.gc.log" \
        -jar sbc-core/target/sbc.jar run --config "$OUT/sbc.yaml" \
        > "$OUT/$1.sbc.log" 2>&1 &
    TARGET=$!; STARTED+=("$TARGET")
    for _ in $(seq 100); do grep -qs "sbc: running" "$OUT/$1.sbc.log" && return 0; sleep 0.2; done
    echo "the SBC did not start: $OUT/$1.sbc.log"; exit 1
}

start_kamailio() { # $1 tag
    rm -f "$OUT/run/kamailio_ctl"
    kamailio -f "$KAM_DIR/kamailio.cfg" -DD -E -m "$SHM_MB" -M 16 -x tlsf -Y "$OUT/run" -P "$OUT/run/kamailio.pid" \
        -A "CTL_SOCK=\"unix:$OUT/run/kamailio_ctl\"" -A "LISTEN_IP=127.0.0.1" -A "SIP_PORT=5060" \
        -A "UAS_URI=\"sip:127.0.0.1:5080\"" -A "TRUSTED_NETS=\"127.0.0.2/32\"" -A "PIKE_DENSITY=2000" \
        -A "CHILDREN=4" 2> "$OUT/$1.kamailio.log" &
    TARGET=$!; STARTED+=("$TARGET")
    for _ in $(seq 50); do kamcmd -s "unix:$OUT/run/kamailio_ctl" core.uptime >/dev/null 2>&1 && return 0; sleep 0.2; done
    echo "kamailio did not start: $OUT/$1.kamailio.log"; exit 1
}

heap_used_mb() { # the SBC's used heap now (no GC)
    jstat -gc "$1" | awk 'NR == 2 { printf "%.0f", ($3 + $4 + $6 + $8) / 1024 }'
}

kam_shm() { # used and peak shared memory, MB
    kamcmd -s "unix:$OUT/run/kamailio_ctl" core.shmmem | awk '/real_used:/ { u = $2 } /max_used:/ { m = $2 } END { printf "%.0f %.0f", u / 1048576, m / 1048576 }'
}

echo "target rate sent flood_503 heap_peak_mb heap_after_gc_peak_mb live_mb_after probe_p50_ms probe_p99_ms probe_max_ms probes_lost settled_p99_ms settled_max_ms legit_calls legit_ok legit_failed" \
    | tee "$OUT/flood.tsv"
TARGETS="sbc"; [ "${KAMAILIO:-0}" = 1 ] && TARGETS="sbc kamailio"
for target in $TARGETS; do
    for rate in $RATES; do
        tag="$target.$rate"
        "start_$target" "$tag"
        sipp -sf "$KAM_DIR/uas_rr.xml" -i 127.0.0.1 -p 5080 -nostdin -buff_size $BUF -timeout $((STEP_S + LEAD_S + 90))s \
            > "$OUT/$tag.uas.out" 2>&1 &
        UAS=$!; STARTED+=("$UAS")
        legit_calls=$((LEGIT_RATE * (STEP_S + LEAD_S + 2)))
        rm -f "$OUT/$tag.legit.csv"
        timeout $((STEP_S + LEAD_S + 60)) sipp 127.0.0.1:5060 -sf "$KAM_DIR/uac_rr.xml" -s bench -i 127.0.0.3 -p 5071 \
            -r "$LEGIT_RATE" -m "$legit_calls" -d 1000 -nostdin -buff_size $BUF -timeout $((STEP_S + LEAD_S + 40))s \
            -default_behaviors all,-abortunexp -trace_stat -stf "$OUT/$tag.legit.csv" -fd 1 > /dev/null 2>&1 &
        LEGIT=$!; STARTED+=("$LEGIT")
        timeout $((LEAD_S + 30)) sipp 127.0.0.1:5060 -sf "$KAM_DIR/uac_rr.xml" -s bench -i 127.0.0.4 -p 5072 \
            -r "$WARM_RATE" -m $((WARM_RATE * (LEAD_S - 2))) -d 1000 -nostdin -buff_size $BUF -timeout $((LEAD_S + 20))s \
            -default_behaviors all,-abortunexp > "$OUT/$tag.warm.out" 2>&1 &
        WARM=$!; STARTED+=("$WARM")
        sleep "$LEAD_S"
        java -cp "$OUT/tools" OptionsProbe 127.0.0.6 127.0.0.1:5060 "$STEP_S" 100 > "$OUT/$tag.probe.out" 2>&1 &
        PROBE=$!; STARTED+=("$PROBE")
        java -cp "$OUT/tools" InviteFlood 127.0.0.1:5060 "$SOURCES" "$rate" "$STEP_S" 30 > "$OUT/$tag.flood.out" 2>&1 &
        FLOOD=$!; STARTED+=("$FLOOD")
        peak=0
        while kill -0 "$FLOOD" 2>/dev/null; do
            if [ "$target" = sbc ]; then now=$(heap_used_mb "$TARGET"); else now=$(kam_shm | cut -d' ' -f1); fi
            [ "${now:-0}" -gt "$peak" ] && peak=$now
            sleep 1
        done
        wait "$PROBE" "$LEGIT" "$WARM" 2>/dev/null
        if [ "$target" = sbc ]; then
            jcmd "$TARGET" GC.run > /dev/null
            live=$(heap_used_mb "$TARGET")
            read -r before after < <(gc_peaks "$OUT/$tag.gc.log")
            [ "$before" -gt "$peak" ] && peak=$before
        else
            # shared memory is allocated and freed, never collected: its use is its live set
            read -r live kpeak < <(kam_shm); [ "$kpeak" -gt "$peak" ] && peak=$kpeak
            after=$peak
        fi
        sent=$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' "$OUT/$tag.flood.out")
        refused=$(sed -n 's/.* 503=\([0-9]*\).*/\1/p' "$OUT/$tag.flood.out")
        read -r p50 p99 pmax lost s99 smax < <(sed -n 's/.*lost=\([0-9]*\) p50_ms=\([0-9.a-zA-Z]*\) p99_ms=\([0-9.a-zA-Z]*\) max_ms=\([0-9.a-zA-Z]*\) settled_p99_ms=\([0-9.a-zA-Z]*\) settled_max_ms=\([0-9.a-zA-Z]*\).*/\2 \3 \4 \1 \5 \6/p' "$OUT/$tag.probe.out")
        ok=$(sipp_stat "$OUT/$tag.legit.csv" "SuccessfulCall(C)")
        failed=$(sipp_stat "$OUT/$tag.legit.csv" "FailedCall(C)")
        echo "$target $rate ${sent:-0} ${refused:-0} $peak ${after:-?} ${live:-?} ${p50:-?} ${p99:-?} ${pmax:-?} ${lost:-?} ${s99:-?} ${smax:-?} $legit_calls $ok $failed" \
            | tee -a "$OUT/flood.tsv"
        kill "$UAS" "$TARGET" 2>/dev/null; wait "$UAS" "$TARGET" 2>/dev/null
        sleep 2
    done
done
