#!/usr/bin/env bash
# Ban latency and legitimate-call success during a flood, measured like the Kamailio reference
# (../shared/bench/kamailio/run.sh, stage "flood") so the two can be compared in one run.
#
# A legitimate caller (127.0.0.3) places LEGIT_RATE calls/s for LEGIT_S s through the SBC to a
# sipp UAS playing the PBX (127.0.0.1:5080, trusted); FLOOD_DELAY_S s in, a flooder (127.0.0.4)
# sends fire-and-forget OPTIONS at each of FLOOD_RATES for FLOOD_S s. Reported per rate: the ban
# latency (the ban's evidence: first flood message to the one that crossed the threshold), the
# flood OPTIONS answered before the ban, and the legitimate calls that completed.
#
# Everything it starts is stopped by PID; loopback only; every sipp run bounded by -m and -timeout.
# Usage: bench/flood.sh        KAMAILIO=1 bench/flood.sh   (also runs the Kamailio flood stage)
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
KAM_DIR="${KAM_DIR:-$ROOT/../shared/bench/kamailio}"
FLOOD_RATES="${FLOOD_RATES:-5000 20000}"; FLOOD_S="${FLOOD_S:-20}"; FLOOD_DELAY_S="${FLOOD_DELAY_S:-5}"
LEGIT_RATE="${LEGIT_RATE:-100}"; LEGIT_S="${LEGIT_S:-30}"
OUT="${OUT:-$ROOT/bench/out/flood}"
BUF=4194304
mkdir -p "$OUT"
command -v sipp >/dev/null || { echo "need sipp"; exit 1; }
STARTED=()
trap 'for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null' EXIT
[ -f sbc-core/target/sbc.jar ] || ./sbc --help >/dev/null

echo "flood_rate ban_latency_ms flood_answered legit_calls legit_ok legit_failed" | tee "$OUT/flood.tsv"
for rate in $FLOOD_RATES; do
    cat > "$OUT/sbc-flood.yaml" <<YAML
# The Kamailio reference's thresholds: pike 2000 requests per 2 s per source, and the legitimate
# caller (100 calls/s, untrusted) must fit under them and under the rate limits.
security:
  trusted: [127.0.0.1]          # the PBX (the sipp UAS) and the SBC's own address
  ban:
    state_file: $OUT/bans-$rate.json
  flood:
    sampling_seconds: 2
    density: 2000
    density_per_24: 20000
    density_per_16: 200000
    density_per_64: 20000
    density_per_48: 200000
  rate_limit:
    invite: {per_second: 1000, burst: 2000}
    other: {per_second: 2000, burst: 4000}
b2bua:
  max_dialogs_per_source: 50000
  keepalive_seconds: 0
YAML
    rm -f "$OUT/bans-$rate.json"
    java -Xms1g -Xmx1g -jar sbc-core/target/sbc.jar run --config "$OUT/sbc-flood.yaml" > "$OUT/sbc-$rate.log" 2>&1 &
    SBC=$!; STARTED+=("$SBC")
    for _ in $(seq 50); do grep -q "sbc: running" "$OUT/sbc-$rate.log" && break; sleep 0.2; done
    sipp -sf "$KAM_DIR/uas_rr.xml" -i 127.0.0.1 -p 5080 -nostdin -buff_size $BUF -timeout 120s > "$OUT/uas-$rate.out" 2>&1 &
    UAS=$!; STARTED+=("$UAS"); sleep 0.5
    calls=$((LEGIT_RATE * LEGIT_S))
    timeout $((LEGIT_S + 60)) sipp 127.0.0.1:5060 -sf "$KAM_DIR/uac_rr.xml" -s legit -i 127.0.0.3 -p 5071 \
        -r $LEGIT_RATE -m $calls -d 500 -nostdin -buff_size $BUF -timeout $((LEGIT_S + 40))s \
        -default_behaviors all,-abortunexp > "$OUT/legit-$rate.out" 2>&1 &
    LEGIT=$!; STARTED+=("$LEGIT")
    sleep "$FLOOD_DELAY_S"
    timeout $((FLOOD_S + 30)) sipp 127.0.0.1:5060 -sf "$KAM_DIR/flood_options.xml" -i 127.0.0.4 -p 5090 \
        -r "$rate" -m $((rate * FLOOD_S)) -nostdin -buff_size $BUF -timeout $((FLOOD_S + 10))s \
        > "$OUT/flooder-$rate.out" 2>&1
    wait "$LEGIT"
    why=$(curl -s "http://127.0.0.1:8080/api/bans/127.0.0.4")
    latency=$(printf '%s' "$why" | python3 -c 'import json,sys,datetime as d
b=json.load(sys.stdin)["bans"][0]["evidence"]
f=lambda s: d.datetime.fromisoformat(s.replace("Z","+00:00"))
print(int((f(b["last_seen"])-f(b["first_seen"])).total_seconds()*1000))' 2>/dev/null || echo "?")
    answered=$(curl -s http://127.0.0.1:8080/metrics | awk '/^sbc_options_answered_total/ {print $2}')
    ok=$(grep -E "Successful call" "$OUT/legit-$rate.out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    failed=$(grep -E "Failed call" "$OUT/legit-$rate.out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    echo "$rate $latency ${answered:-?} $calls ${ok:-?} ${failed:-?}" | tee -a "$OUT/flood.tsv"
    kill "$UAS" "$SBC" 2>/dev/null; wait "$UAS" "$SBC" 2>/dev/null
done

if [ "${KAMAILIO:-0}" = 1 ]; then
    OUT="$OUT/kamailio" STAGES=flood FLOOD_RATES="$FLOOD_RATES" FLOOD_S="$FLOOD_S" LEGIT_RATE="$LEGIT_RATE" \
        LEGIT_S="$LEGIT_S" "$KAM_DIR/run.sh"
fi
