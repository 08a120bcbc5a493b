#!/usr/bin/env bash
# Bytes a dialog handle adds to what the outside receives, per topology hiding mode: one call
# (the shared reference scenarios, sipp UAC 127.0.0.2 -> SBC 127.0.0.1:5060 -> sipp UAS
# 127.0.0.1:5080), the 200 OK the caller receives traced by sipp, its size and the length of
# the Contact user part (the handle). Everything it starts is stopped by PID; loopback only.
#
# Usage: bench/token-size.sh
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
KAM_DIR="${KAM_DIR:-$ROOT/../shared/bench/kamailio}"
OUT="${OUT:-$ROOT/bench/out/token-size}"
mkdir -p "$OUT"
STARTED=()
cleanup() { for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
[ -f sbc-core/target/sbc.jar ] || ./sbc --help >/dev/null

echo "mode ok_200_bytes contact_user_chars" | tee "$OUT/sizes.tsv"
for mode in strip mask; do
    cat > "$OUT/sbc.$mode.yaml" <<YAML
security:
  trusted: [127.0.0.1, 127.0.0.2]
  ban:
    state_file: $OUT/bans.json
b2bua:
  keepalive_seconds: 0
topology_hiding:
  mode: $mode
YAML
    [ "$mode" = mask ] && printf '  mask:\n    key: "%s"\n' "$(head -c 32 /dev/urandom | base64)" >> "$OUT/sbc.$mode.yaml"
    java -jar sbc-core/target/sbc.jar run --config "$OUT/sbc.$mode.yaml" > "$OUT/sbc.$mode.log" 2>&1 &
    SBC=$!; STARTED+=("$SBC")
    for _ in $(seq 50); do grep -q "sbc: running" "$OUT/sbc.$mode.log" && break; sleep 0.2; done
    sipp -sf "$KAM_DIR/uas_rr.xml" -i 127.0.0.1 -p 5080 -nostdin -timeout 20s -m 1 > "$OUT/uas.$mode.out" 2>&1 &
    UAS=$!; STARTED+=("$UAS"); sleep 0.5
    rm -f "$OUT"/uac_rr_*_messages.log
    (cd "$OUT" && timeout 30 sipp 127.0.0.1:5060 -sf "$KAM_DIR/uac_rr.xml" -s bench -i 127.0.0.2 -p 5070 -m 1 \
        -d 200 -nostdin -timeout 20s -trace_msg > "uac.$mode.out" 2>&1)
    log=$(ls "$OUT"/uac_rr_*_messages.log | head -1)
    # The received 200 OK to the INVITE: from its first line to the end of its body.
    awk '/^-----/ {on=0} on {print} /^SIP\/2.0 200 OK/ && !done {on=1; done=1; print}' "$log" > "$OUT/ok.$mode.txt"
    size=$(python3 -c "import sys; t=open(sys.argv[1]).read().strip('\n').replace('\n','\r\n'); print(len(t.encode()))" "$OUT/ok.$mode.txt")
    user=$(grep -i '^Contact:' "$OUT/ok.$mode.txt" | sed -E 's/.*sip:([^@>]*)@.*/\1/' | head -1)
    echo "$mode $size ${#user}" | tee -a "$OUT/sizes.tsv"
    kill "$SBC" "$UAS" 2>/dev/null; wait "$SBC" "$UAS" 2>/dev/null
done
