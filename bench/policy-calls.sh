#!/usr/bin/env bash
# Calls per second through the SBC with the remote-workers policy plus 1,000 generated rules,
# against the same SBC without a policy, in one run (issue 10, Performance).
#
# Each round starts a fresh SBC, registers USERS phones through it (the policy's registered-only
# rule refuses anyone else), warms the JIT, then offers RATE calls/s for STEP_S seconds; rounds
# alternate "none" (no policy: section) and "policy", ROUNDS of each, interleaved, because the
# machine is shared and its noise moves from minute to minute.
#
#   sipp uac (127.0.22.10:22090, -inf users) -> SBC (outside 127.0.22.1:22060, inside
#   127.0.22.2:22070) -> sipp uas as the PBX (127.0.22.3:22080: registrar.xml, then uas_rr.xml)
#
# The policy is examples/policies/remote-workers.yaml with 1,000 generated INVITE rules first in
# its rules: list (prefixes 7NNNNN, which the load never dials: every INVITE must get past them)
# and one number changed: register-rate allows 6 REGISTERs a minute per source address, and the
# benchmark's phones all register from one address (and retransmit when the machine is slow), so
# it is raised to 100,000 a second: still evaluated and counted, never reached.
# The per-user call rate, per-user concurrency and fraud limits are the example's, so USERS must
# be large enough that no user goes over 10 calls a minute (burst 5): USERS = 5 x RATE.
#
# Per round: calls/s achieved (successful calls / (wall time of the measured stage - hold)),
# failed calls, the SBC's CPU (user + system from /proc) per offered call. At the end: the mean
# of each mode and policy / none. Everything started is stopped by PID; traffic stays on
# 127.0.22.0/24; every sipp run is bounded by -m, -timeout and timeout(1).
#
# Usage: bench/policy-calls.sh
#        RATE=800 ROUNDS=4 STEP_S=20 bench/policy-calls.sh
#        PROFILE=1 bench/policy-calls.sh   # also a JFR recording of every round (both modes)
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
KAM_DIR="${KAM_DIR:-$ROOT/../shared/bench/kamailio}"
RATE="${RATE:-1000}"
ROUNDS="${ROUNDS:-3}"
STEP_S="${STEP_S:-30}"
HOLD_MS="${HOLD_MS:-1000}"
RULES="${RULES:-1000}"
USERS="${USERS:-$((RATE * 5))}"
REGISTER_RATE="${REGISTER_RATE:-400}"
PROFILE="${PROFILE:-0}"
OUT="${OUT:-$ROOT/bench/out/policy-calls}"
SBC_IP=127.0.22.1; SBC_PORT=22060; INSIDE_IP=127.0.22.2; INSIDE_PORT=22070
UAS_IP=127.0.22.3; UAS_PORT=22080; LOAD_IP=127.0.22.10; LOAD_PORT=22090; ADMIN_PORT=22061
BUF=4194304
HZ=$(getconf CLK_TCK)
mkdir -p "$OUT"
command -v sipp >/dev/null || { echo "need sipp (apt-get install sip-tester)"; exit 1; }
[ -f "$KAM_DIR/uas_rr.xml" ] || { echo "need $KAM_DIR (the shared Kamailio reference's uas_rr.xml)"; exit 1; }
# shellcheck source=bench/lib.sh
. bench/lib.sh

# The users, in the order sipp takes them (SEQUENTIAL: every user calls every USERS/RATE s).
{ echo SEQUENTIAL; for i in $(seq -f "%05g" 1 "$USERS"); do echo "worker$i;"; done; } > "$OUT/users.csv"

# The policy: the example, generated rules first, register-rate raised for one source address.
{
    awk -v n="$RULES" '
        /^rules:/ {
            print
            for (i = 0; i < n; i++) {
                printf "  - id: generated-%d\n    match: { method: INVITE, ruri_user: { prefix: \"7%05d\" } }\n", i, i
                print "    action: { reject: 403 }"
            }
            next
        }
        { print }' examples/policies/remote-workers.yaml
} | sed "s/action: { rate_limit: { key: source, rate: 6, per: minute, burst: 6 } }/action: { rate_limit: { key: source, rate: 100000, per: second, burst: 100000 } }/" \
    > "$OUT/policy.yaml"
grep -q "rate: 100000, per: second" "$OUT/policy.yaml" \
    || { echo "examples/policies/remote-workers.yaml changed: register-rate not found"; exit 1; }

# Both configs alike but for the policy: section. The load generator and the PBX are trusted, as in
# bench/calls.sh (the edge's own per-source limits would otherwise refuse one address's load;
# the policy sees trusted sources all the same).
config() {
    cat <<YAML
outside:
  listen: [udp:$SBC_IP:$SBC_PORT]
inside:
  listen: [udp:$INSIDE_IP:$INSIDE_PORT]
  pbx: sip:$UAS_IP:$UAS_PORT
admin:
  listen: $SBC_IP:$ADMIN_PORT
security:
  trusted: [$LOAD_IP, $UAS_IP]
  ban:
    state_file: $OUT/bans.json
b2bua:
  max_dialogs: 50000
  max_dialogs_per_source: 50000
  max_bindings: 50000
  keepalive_seconds: 0
media:
  anchor: false
YAML
    [ "$1" = policy ] && printf 'policy:\n  files: [%s]\n' "$OUT/policy.yaml"
}
config none > "$OUT/sbc-none.yaml"
config policy > "$OUT/sbc-policy.yaml"

SBC_PID=""
start_sbc() {   # $1 mode  $2 round
    [ -f sbc-core/target/sbc.jar ] || ./sbc --help >/dev/null
    rm -f "$OUT/bans.json"   # every round starts from no bans
    local jfr=()
    if [ "$PROFILE" = 1 ]; then
        jfr=("-XX:StartFlightRecording=settings=profile,filename=$OUT/$1.$2.jfr")
    fi
    java -Xms2g -Xmx2g -XX:+UseG1GC "${jfr[@]}" -jar sbc-core/target/sbc.jar run --config "$OUT/sbc-$1.yaml" \
        > "$OUT/sbc.$1.$2.log" 2>&1 &
    SBC_PID=$!; STARTED+=("$SBC_PID")
    for _ in $(seq 100); do grep -q "sbc: running" "$OUT/sbc.$1.$2.log" && return 0; sleep 0.2; done
    echo "sbc did not start:"; cat "$OUT/sbc.$1.$2.log"; exit 1
}
stop_sbc() { kill "$SBC_PID" 2>/dev/null; wait "$SBC_PID" 2>/dev/null; SBC_PID=""; }

UAS_PID=""
start_uas() {   # $1 scenario file  $2 tag
    sipp -sf "$1" -i $UAS_IP -p $UAS_PORT -nostdin -buff_size $BUF -timeout 600s > "$OUT/uas.$2.out" 2>&1 &
    UAS_PID=$!; STARTED+=("$UAS_PID")
    for _ in $(seq 50); do
        grep -q " $(printf '%02X%02X%02X%02X:%04X' 3 22 0 127 $UAS_PORT) " /proc/net/udp && return 0   # 127.0.22.3
        sleep 0.1
    done
    echo "sipp uas did not listen"; exit 1
}
stop_uas() { kill "$UAS_PID" 2>/dev/null; wait "$UAS_PID" 2>/dev/null; UAS_PID=""; }

# $1 scenario  $2 rate  $3 calls  $4 hold_ms  $5 tag -> "successful failed"
uac() {
    timeout $((STEP_S * 4 + 120)) sipp $SBC_IP:$SBC_PORT -sf "$1" -inf "$OUT/users.csv" -s 0301234567 \
        -i $LOAD_IP -p $LOAD_PORT -r "$2" -m "$3" -d "$4" -nostdin -buff_size $BUF \
        -timeout $((STEP_S * 4 + 100))s -default_behaviors all,-abortunexp > "$OUT/uac.$5.out" 2>&1
    sipp_counts "$OUT/uac.$5.out"
}

round() {   # $1 mode  $2 round
    local tag="$1.$2" calls=$((RATE * STEP_S))
    start_sbc "$1" "$2"
    start_uas bench/sipp/registrar.xml "register.$tag"
    read -r registered _ < <(uac bench/sipp/register-users.xml "$REGISTER_RATE" "$USERS" 0 "register.$tag")
    stop_uas
    [ "$registered" = "$USERS" ] || { echo "only $registered of $USERS users registered ($tag)"; exit 1; }
    start_uas "$KAM_DIR/uas_rr.xml" "calls.$tag"
    uac bench/sipp/uac-users.xml $((RATE / 2)) $((RATE * 5)) 200 "warmup.$tag" >/dev/null   # JIT warm-up, 10 s
    local t0 w0 w1 t1 ok failed
    t0=$(ticks "$SBC_PID"); w0=$(date +%s.%N)
    read -r ok failed < <(uac bench/sipp/uac-users.xml "$RATE" "$calls" "$HOLD_MS" "$tag")
    w1=$(date +%s.%N); t1=$(ticks "$SBC_PID")
    stop_uas
    local decided   # requests the policy allowed, and refused (rules, admission, fraud): 0 0 without one
    decided=$(curl -s "http://$SBC_IP:$ADMIN_PORT/metrics" | awk '
        /^sbc_policy_allowed_total/ {a += $2}
        /^sbc_policy_(rejected|dropped)_total|^sbc_admission_refused_total|^sbc_fraud_blocked_total/ {r += $2}
        END {printf "%d %d", a, r}')
    stop_sbc
    awk -v m="$1" -v r="$2" -v n="$calls" -v ok="$ok" -v f="$failed" -v w0="$w0" -v w1="$w1" -v hold="$HOLD_MS" \
        -v t=$((t1 - t0)) -v hz="$HZ" -v decided="$decided" \
        'BEGIN { printf "%s %s %d %d %d %.1f %.0f %s\n", m, r, n, ok, f, ok / (w1 - w0 - hold / 1000), t / hz * 1e6 / n, decided }' \
        | tee -a "$OUT/rounds.tsv"
}

echo "rate=$RATE calls_per_round=$((RATE * STEP_S)) users=$USERS rules=$RULES+example hold_ms=$HOLD_MS $(date -u +%FT%TZ)" \
    | tee "$OUT/rounds.txt"
echo "mode round calls successful failed achieved_cps sbc_cpu_us_per_call policy_allowed policy_refused" | tee "$OUT/rounds.tsv"
for r in $(seq "$ROUNDS"); do
    if [ $((r % 2)) = 1 ]; then order="none policy"; else order="policy none"; fi   # neither always goes first
    for mode in $order; do round "$mode" "$r"; done
done
awk 'NR > 1 { n[$1]++; ok[$1] += $4; f[$1] += $5; cps[$1] += $6; cpu[$1] += $7 }
     END {
         for (m in n) printf "mean %s: %.1f calls/s achieved, %.1f failed calls, %.0f us CPU per call (%d rounds)\n",
             m, cps[m] / n[m], f[m] / n[m], cpu[m] / n[m], n[m]
         if (n["none"] && n["policy"])
             printf "policy / none: calls/s %.3f, CPU per call %.3f\n",
                 (cps["policy"] / n["policy"]) / (cps["none"] / n["none"]), (cpu["policy"] / n["policy"]) / (cpu["none"] / n["none"])
     }' "$OUT/rounds.tsv" | tee -a "$OUT/rounds.txt"
