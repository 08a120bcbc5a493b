#!/usr/bin/env bash
# Bytes of live heap per entry of the tables attacker traffic fills, measured on the running SBC:
# the live heap after a full GC before and after a distributed INVITE flood (bench/tools/InviteFlood.java),
# divided by the entries the flood left open. Two cases:
#   refused  every INVITE refused (max_dialogs 1): what a refused INVITE leaves behind
#   calls    every INVITE admitted, the PBX unreachable: a call in setup (dialog, both transactions)
# These are the figures behind the per-entry costs in sbc-core's memory/EntryCosts.java.
# Loopback only; everything it starts is stopped by PID.
#
# Usage: bench/entry-costs.sh        (COUNT=20000 RATE=1000 by default)
# Before the stateless 503 (2026-12-06, commit 4a94f86) a refused INVITE kept a server transaction.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
OUT="${OUT:-$ROOT/bench/out/entry-costs}"
COUNT="${COUNT:-20000}"; RATE="${RATE:-1000}"
mkdir -p "$OUT"
STARTED=()
trap 'for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null' EXIT
[ -f sbc-core/target/sbc.jar ] || ./sbc --help >/dev/null

live_heap() { # after a full GC, the heap in use (bytes)
    jcmd "$1" GC.run >/dev/null
    jcmd "$1" GC.heap_info | awk '/garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K", "", v); print v * 1024 } }'
}

echo "case entries live_before_bytes live_after_bytes bytes_per_entry flood_result" | tee "$OUT/costs.tsv"
for case in refused calls; do
    max=1; [ "$case" = calls ] && max=100000
    cat > "$OUT/sbc-$case.yaml" <<YAML
outside:
  listen: [udp:127.0.0.1:5060]
inside:
  listen: [udp:127.0.0.1:5090]
  pbx: sip:127.0.0.1:5999       # nothing listens: every relayed INVITE waits for Timer B
admin:
  listen: 127.0.0.1:8089
security:
  ban:
    state_file: $OUT/bans-$case.json
b2bua:
  max_dialogs: $max
  max_dialogs_per_source: 1000
  keepalive_seconds: 0
media:
  anchor: false
limits:
  new_dialogs_per_second: 1000000   # measure the tables, not the shedding of first-seen sources
YAML
    rm -f "$OUT/bans-$case.json"
    java -Xms1g -Xmx1g -XX:+UseG1GC -jar sbc-core/target/sbc.jar run --config "$OUT/sbc-$case.yaml" > "$OUT/sbc-$case.log" 2>&1 &
    SBC=$!; STARTED+=("$SBC")
    for _ in $(seq 100); do grep -q "sbc: running" "$OUT/sbc-$case.log" && break; sleep 0.2; done
    grep -q "sbc: running" "$OUT/sbc-$case.log" || { echo "the SBC did not start"; cat "$OUT/sbc-$case.log"; exit 1; }
    # warm up the code paths so the JIT's own growth is not counted as entries
    java bench/tools/InviteFlood.java 127.0.0.1:5060 200 200 3 40 > /dev/null
    sleep 35   # the warm-up's transactions end (64 x T1)
    before=$(live_heap "$SBC")
    result=$(java bench/tools/InviteFlood.java 127.0.0.1:5060 1000 "$RATE" $((COUNT / RATE)))
    after=$(live_heap "$SBC")
    # entries: every INVITE sent (refused), or those the SBC took on, which it answered 100 (calls)
    entries=$(echo "$result" | sed -n 's/.*sent=\([0-9]*\).*/\1/p')
    [ "$case" = calls ] && entries=$(echo "$result" | sed -n 's/.* 100=\([0-9]*\).*/\1/p')
    per=$(( (after - before) / entries ))
    echo "$case $entries $before $after $per $result" | tee -a "$OUT/costs.tsv"
    kill "$SBC"; wait "$SBC" 2>/dev/null
done
