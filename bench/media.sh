#!/usr/bin/env bash
# Media relay: RTP packets per second relayed at zero loss, latency and CPU per packet, the SBC
# beside rtpengine, in one run on the same machine.
#
# For each step of N bidirectional PCMU calls (50 packets/s per direction, 172-byte packets, so
# 100·N packets/s relayed), the load generator and sink is the rtpengine reference's rtpload
# (../shared/bench/rtpengine/rtpload.c, built into $OUT), in relay mode from 127.0.0.2:BASE+k
# (callers) and 127.0.0.3:BASE+k (callees), k = i·SOCKS/N:
#   1. rtpengine (the reference's rtpengine.conf: userspace, 2 threads), fresh per step, the N
#      calls set up through its ng protocol by the reference's ng_setup.py;
#   2. the SBC (one JVM for the whole ramp, after a warm-up step), the N calls set up by SIP
#      through it (bench/media/sipcalls.py: a caller on 127.0.0.52 and the PBX on 127.0.0.51;
#      the SBC on 127.0.0.50, outside :5060, inside :5070, so both legs' relay ports are on one
#      address), the ports each side's SDP received written into the same map, the calls ended
#      with BYE after the step.
# Then a profile of the SBC at PROFILE_CALLS: CPU per thread (/proc/PID/task) and a JFR
# recording (execution and native-method samples by top frame).
# A step passes with loss < 0.1 %, p99 < 5 ms and ≥ 98 % of the offered packets sent (the
# reference's summarize.py rule); a relay's figure is the highest step passing in every repeat. CPU per packet is the relay process's user+system time over
# the window (all threads, the SBC's SIP and GC threads included) divided by packets relayed.
#
#
# SRTP=1: the same with SDES-SRTP (AES_CM_128_HMAC_SHA1_80) on the outside (caller's) leg and
# plain RTP on the inside (callee's) leg, so each relayed packet is either decrypted (caller to
# callee) or encrypted (callee to caller) by the relay. The load is bench/media/srtpload.c
# (rtpload with libsrtp2 on the caller side: each call its own keys, from the map; same modes,
# JSON and pass rule), built into $OUT. rtpengine gets its calls from bench/media/ng_setup.py
# --srtp (the caller's offer RTP/SAVP with an a=crypto, ng flag transport-protocol=RTP/AVP for
# the callee; rtpengine answers the caller with its own a=crypto), the SBC from
# bench/media/sipcalls.py --srtp (the caller offers RTP/SAVP with an a=crypto; the SBC's default
# policy, outside srtp optional and inside off, offers the PBX RTP/AVP and answers the caller
# with its own key); both write the outside leg's two keys into the map. Results go to
# bench/out/media-srtp by default; bench/media/srtp_cost.py PLAIN_OUT SRTP_OUT gives the crypto's
# CPU per packet (SRTP minus plain) from a plain and an SRTP run at the same steps.
#
# Everything it starts is stopped by PID; traffic stays on loopback; every wait is bounded.
#
# Usage: bench/media.sh
#        CALLS="100 300" WINDOW=3 PROFILE=0 bench/media.sh
#        RELAYS=sbc REPEATS=1 bench/media.sh  # SBC only (or RELAYS=rtpengine)
#        SRTP=1 bench/media.sh                # SRTP on the outside leg
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
REF="${REF:-$ROOT/../shared/bench/rtpengine}"
SRTP="${SRTP:-0}"                       # 1: SDES-SRTP on the outside (caller's) leg
if [ "$SRTP" = 1 ]; then OUT="${OUT:-$ROOT/bench/out/media-srtp}"; else OUT="${OUT:-$ROOT/bench/out/media}"; fi
CALLS="${CALLS:-100 200 300 400 500 600 650 700 800}"
REPEATS="${REPEATS:-2}"                 # whole ramps, rtpengine then the SBC, repeated
RELAYS="${RELAYS:-rtpengine sbc}"
WARMUP="${WARMUP:-3}"; WINDOW="${WINDOW:-10}"; TAIL="${TAIL:-1}"; DRAIN="${DRAIN:-1}"
SOCKS="${SOCKS:-8}"; BASE="${BASE:-16000}"
WARM_CALLS="${WARM_CALLS:-200}"         # SBC JIT warm-up step, not recorded
PROFILE="${PROFILE:-1}"
MEDIA_THREADS="${MEDIA_THREADS:-0}"     # the SBC relay's I/O threads (media.threads; 0: one per core)
PROFILE_CALLS="${PROFILE_CALLS:-600}"
SBC_IP=127.0.0.50; PBX_IP=127.0.0.51; UAC_IP=127.0.0.52
SBC_JAVA_OPTS="${SBC_JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC}"
HZ=$(getconf CLK_TCK)

[ -f "$REF/rtpload.c" ] && [ -f "$REF/ng_setup.py" ] && [ -f "$REF/rtpengine.conf" ] \
    || { echo "need $REF (the shared rtpengine reference)"; exit 1; }
case " $RELAYS " in *" rtpengine "*)
    command -v rtpengine >/dev/null || {
        echo "need rtpengine (apt-get install -y --no-install-recommends rtpengine-daemon rtpengine-utils)"; exit 1; } ;;
esac
MAXC=$PROFILE_CALLS; for n in $CALLS; do [ "$n" -gt "$MAXC" ] && MAXC=$n; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null
[ "$(ulimit -n)" -ge $((4 * MAXC + 500)) ] || { echo "open-files limit $(ulimit -n) too low for $MAXC calls"; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT"/*.jsonl "$OUT"/*.map
if [ "$SRTP" = 1 ]; then
    pkg-config --exists libsrtp2 libcrypto || { echo "need libsrtp2-dev and libssl-dev (pkg-config libsrtp2 libcrypto)"; exit 1; }
    # shellcheck disable=SC2046
    gcc -O2 -Wall -pthread -o "$OUT/srtpload" bench/media/srtpload.c $(pkg-config --cflags --libs libsrtp2 libcrypto) || exit 1
    LOADGEN="$OUT/srtpload"; NG_SETUP=(python3 bench/media/ng_setup.py); SRTP_ARG=(--srtp)
else
    gcc -O2 -Wall -pthread -o "$OUT/rtpload" "$REF/rtpload.c" || exit 1
    LOADGEN="$OUT/rtpload"; NG_SETUP=(python3 "$REF/ng_setup.py"); SRTP_ARG=()
fi

STARTED=()
cleanup() { for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[$(date +%T)] $*" | tee -a "$OUT/run.log"; }
stop_pid() {   # TERM, up to 10 s, then KILL
    local p=$1
    kill -TERM "$p" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
}

GEN_ARGS=(--socks "$SOCKS" --base-port "$BASE" --warmup "$WARMUP" --window "$WINDOW" --tail "$TAIL" --drain "$DRAIN")
GEN_T=$((WARMUP + WINDOW + TAIL + DRAIN + 40))
# $1 calls $2 map $3 relay pid $4 results file $5 relay name -> appends rtpload's JSON line
REP=1
load() {
    local line
    line=$(timeout "$GEN_T" "$LOADGEN" --mode relay --calls "$1" --map "$2" --pid "$3" "${GEN_ARGS[@]}" \
        2>>"$OUT/run.log")
    [ -n "$line" ] && echo "${line/\{/\{\"relay\":\"$5\",\"rep\":$REP,}" >>"$4"
    log "$5 calls=$1 rep=$REP: $(echo "$line" | grep -o '"rx_pps":[0-9]*\|"loss_pct":[0-9.]*\|"lat_p99_ms":[0-9.]*\|"relay_us_per_pkt":[0-9.]*' | tr '\n' ' ')"
}

{
    echo "date: $(date -u +%FT%TZ)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null) $(git status --porcelain 2>/dev/null | wc -l) files changed"
    echo "rtpengine: $(rtpengine --version 2>&1 | head -1)"
    echo "java: $(java -version 2>&1 | head -1)   opts: $SBC_JAVA_OPTS"
    echo "kernel: $(uname -r)  nproc: $(nproc)  $(grep -m1 'model name' /proc/cpuinfo)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "load: $LOADGEN  SRTP=$SRTP"
    echo "params: CALLS='$CALLS' REPEATS=$REPEATS WARMUP=$WARMUP WINDOW=$WINDOW TAIL=$TAIL DRAIN=$DRAIN SOCKS=$SOCKS BASE=$BASE"
} >"$OUT/env.txt"
log "start; env in $OUT/env.txt"

# ---- 1. rtpengine ---------------------------------------------------------------------------
relay_rtpengine() {
    local n tag rp
    for n in $CALLS; do
        tag="rtpengine.$n"
        rtpengine --config-file="$REF/rtpengine.conf" --config-section=rtpengine --foreground \
            --pidfile="$OUT/rtpengine.pid" --log-stderr >"$OUT/$tag.log" 2>&1 &
        rp=$!; STARTED+=("$rp")
        if ! timeout 15 "${NG_SETUP[@]}" ping --wait 10 >/dev/null; then
            log "rtpengine did not come up"; stop_pid "$rp"; continue
        fi
        if timeout 300 "${NG_SETUP[@]}" setup --calls "$n" --socks "$SOCKS" --base-port "$BASE" \
            --tag "$tag" --out "$OUT/$tag.map" "${SRTP_ARG[@]}" >>"$OUT/run.log" 2>&1; then
            load "$n" "$OUT/$tag.map" "$rp" "$OUT/rtpengine.jsonl" rtpengine
        else
            log "rtpengine call setup failed ($n calls)"
        fi
        stop_pid "$rp"
        sleep 2
    done
}

# ---- 2. the SBC -----------------------------------------------------------------------------
SBC_PID=""
start_sbc() {
    local jar=sbc-core/target/sbc.jar
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -print -quit 2>/dev/null)" ]; then
        log "building $jar"
        mvn -q -B -o -pl sbc-core -am package -DskipTests >>"$OUT/run.log" 2>&1 || { log "build failed"; exit 1; }
    fi
    cat >"$OUT/sbc-media.yaml" <<YAML
# bench/media.sh: both sides on $SBC_IP (the relay's ports of both legs on one address), the
# load trusted (no flood guard or rate limit on the setup burst), media held long enough.
outside:
  listen: [udp:$SBC_IP:5060]
inside:
  listen: [udp:$SBC_IP:5070]
  pbx: sip:$PBX_IP:5080
admin:
  listen: $SBC_IP:8080
security:
  trusted: [127.0.0.0/8]
  ban:
    state_file: ""
b2bua:
  max_dialogs: 50000
  max_dialogs_per_source: 50000
  keepalive_seconds: 0
media:
  ports: 20000-39999
  timeout_seconds: 600
  max_sessions: 10000
  threads: $MEDIA_THREADS
YAML
    # shellcheck disable=SC2086
    java $SBC_JAVA_OPTS -jar "$jar" run --config "$OUT/sbc-media.yaml" >"$OUT/sbc.log" 2>&1 &
    SBC_PID=$!; STARTED+=("$SBC_PID")
    for _ in $(seq 100); do grep -q "sbc: running" "$OUT/sbc.log" && return 0; sleep 0.2; done
    log "sbc did not start:"; cat "$OUT/sbc.log"; exit 1
}
metric() { curl -s --max-time 5 "http://$SBC_IP:8080/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# $1 calls $2 tag; sets CALLS_PID after the map is written (calls held until SIGUSR1)
CALLS_PID=""
sbc_calls_up() {
    rm -f "$OUT/$2.map"
    python3 bench/media/sipcalls.py --sbc $SBC_IP:5060 --uac $UAC_IP:5060 --pbx $PBX_IP:5080 --calls "$1" \
        --socks "$SOCKS" --base-port "$BASE" --tag "$2" --out "$OUT/$2.map" --hold 240 "${SRTP_ARG[@]}" \
        >>"$OUT/run.log" 2>&1 &
    CALLS_PID=$!; STARTED+=("$CALLS_PID")
    for _ in $(seq 600); do
        [ -f "$OUT/$2.map" ] && return 0
        kill -0 "$CALLS_PID" 2>/dev/null || break
        sleep 0.2
    done
    log "SBC call setup failed ($1 calls)"; stop_pid "$CALLS_PID"; return 1
}
sbc_calls_down() {
    kill -USR1 "$CALLS_PID" 2>/dev/null
    for _ in $(seq 300); do kill -0 "$CALLS_PID" 2>/dev/null || break; sleep 0.1; done
    stop_pid "$CALLS_PID"
    local up; up=$(( $(metric sbc_calls_answered_total) - $(metric sbc_calls_ended_by_bye_total) ))
    [ "$up" = 0 ] || log "warning: $up calls still up in the SBC after the hang-up"
}

relay_sbc() {
    local n
    start_sbc
    log "SBC pid $SBC_PID: $(head -1 "$OUT/sbc.log")"
    if sbc_calls_up "$WARM_CALLS" warm; then   # JIT warm-up, not recorded
        timeout 60 "$LOADGEN" --mode relay --calls "$WARM_CALLS" --map "$OUT/warm.map" \
            --socks "$SOCKS" --base-port "$BASE" --warmup 1 --window 5 --tail 0 --drain 1 >/dev/null 2>>"$OUT/run.log"
        sbc_calls_down
    fi
    for n in $CALLS; do
        sbc_calls_up "$n" "sbc.$n" || continue
        load "$n" "$OUT/sbc.$n.map" "$SBC_PID" "$OUT/sbc.jsonl" sbc
        sbc_calls_down
        sleep 2
    done
    [ "$PROFILE" = 1 ] && [ "$REP" = "$REPEATS" ] && profile_sbc
    stop_pid "$SBC_PID"; SBC_PID=""
}

thread_ticks() {   # "tid utime stime name" per thread of $1
    local t
    for t in /proc/"$1"/task/*; do
        awk -v tid="${t##*/}" -v name="$(tr ' ' '_' <"$t/comm" 2>/dev/null)" \
            '{sub(/^.*\) /, ""); print tid, $12, $13, name}' "$t/stat" 2>/dev/null
    done
}

profile_sbc() {   # CPU per thread and JFR samples during one longer step
    local n=$PROFILE_CALLS gen
    sbc_calls_up "$n" "profile" || return
    # JFR starts before the traffic (its start pauses the JVM); the thread CPU is read over 15 s
    # of the window
    rm -f "$OUT/profile.jfr"
    timeout 30 jcmd "$SBC_PID" JFR.start name=mediabench settings=profile duration=22s filename="$OUT/profile.jfr" \
        >>"$OUT/run.log" 2>&1
    sleep 1
    timeout $((GEN_T + 30)) "$LOADGEN" --mode relay --calls "$n" --map "$OUT/profile.map" --pid "$SBC_PID" \
        --socks "$SOCKS" --base-port "$BASE" --warmup 3 --window 18 --tail 1 --drain 1 >"$OUT/profile.json" 2>>"$OUT/run.log" &
    gen=$!; STARTED+=("$gen")
    sleep 5
    thread_ticks "$SBC_PID" >"$OUT/threads.0"
    sleep 15
    thread_ticks "$SBC_PID" >"$OUT/threads.1"
    wait "$gen"
    for _ in $(seq 30); do [ -s "$OUT/profile.jfr" ] && break; sleep 1; done
    sbc_calls_down
    log "profile step (JFR on): $(grep -o '"rx_pps":[0-9]*\|"loss_pct":[0-9.]*\|"lat_p99_ms":[0-9.]*\|"relay_us_per_pkt":[0-9.]*' "$OUT/profile.json" | tr '\n' ' ')"
    # CPU per thread over the 15 s, threads sharing a name prefix (pool workers) summed
    awk -v hz="$HZ" -v secs=15 'NR == FNR {u0[$1] = $2; s0[$1] = $3; next}
        {name = $4; sub(/-?[0-9]+$/, "", name); u[name] += $2 - u0[$1]; s[name] += $3 - s0[$1]}
        END {for (k in u) if (u[k] + s[k] > 0)
            printf "%6.1f %% of a core (user %5.1f, system %5.1f)  %s\n", 100 * (u[k] + s[k]) / hz / secs,
                100 * u[k] / hz / secs, 100 * s[k] / hz / secs, k}' \
        "$OUT/threads.0" "$OUT/threads.1" | sort -rn >"$OUT/threads.txt"
    { echo "== CPU per thread (15 s, SBC at $n calls, JFR on)"; cat "$OUT/threads.txt"; } | tee "$OUT/profile.txt"
    if [ -s "$OUT/profile.jfr" ]; then
        jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample "$OUT/profile.jfr" >"$OUT/profile.jfr.json" 2>>"$OUT/run.log"
        python3 - "$OUT/profile.jfr.json" <<'PY' | tee -a "$OUT/profile.txt"
import collections, json, sys
ev = json.load(open(sys.argv[1]))["recording"]["events"]
for kind in ("jdk.ExecutionSample", "jdk.NativeMethodSample"):
    es = [e for e in ev if e["type"] == kind]
    idle = [e for e in es if any(f["method"]["name"] == "epollWait0"
                                 for f in ((e["values"].get("stackTrace") or {}).get("frames") or [])[:1])]
    if idle:  # threads parked in epoll_wait: idle, not work
        print("== %s: %d samples in epollWait (idle), left out below" % (kind, len(idle)))
        gone = set(map(id, idle))
        es = [e for e in es if id(e) not in gone]
    if not es:
        continue
    top, pkg, thr = collections.Counter(), collections.Counter(), collections.Counter()
    for e in es:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        thr[(e["values"].get("sampledThread") or {}).get("javaName", "?")] += 1
        if not frames:
            continue
        m = frames[0]["method"]
        top["%s.%s" % (m["type"]["name"].replace("/", "."), m["name"])] += 1
        # first frame of ours (org.sbc) below the top: who asked for the time
        for f in frames:
            n = f["method"]["type"]["name"].replace("/", ".")
            if n.startswith("org.sbc."):
                pkg["%s.%s" % (n, f["method"]["name"])] += 1
                break
    print("== %s: %d samples" % (kind, len(es)))
    print("-- by thread");      [print("%6.1f %%  %s" % (100 * c / len(es), k)) for k, c in thr.most_common(6)]
    print("-- top frame");      [print("%6.1f %%  %s" % (100 * c / len(es), k)) for k, c in top.most_common(15)]
    print("-- first org.sbc frame on the stack"); [print("%6.1f %%  %s" % (100 * c / len(es), k)) for k, c in pkg.most_common(8)]
    # SRTP's share: samples with an SRTP frame of ours or a JCA crypto frame anywhere on the stack
    crypto = ("org.sbc.media.srtp.", "com.sun.crypto.", "sun.security.provider.", "javax.crypto.")
    cs = sum(1 for e in es if any(f["method"]["type"]["name"].replace("/", ".").startswith(crypto)
                                  for f in ((e["values"].get("stackTrace") or {}).get("frames") or [])))
    print("-- SRTP (org.sbc.media.srtp, JCA crypto) anywhere on the stack: %.1f %%" % (100 * cs / len(es)))
PY
    fi
}

for REP in $(seq 1 "$REPEATS"); do
    for r in $RELAYS; do "relay_$r"; done
done

# ---- table ----------------------------------------------------------------------------------
SRTP=$SRTP python3 - "$OUT" $CALLS <<'PY' | tee "$OUT/summary.md"
import json, os, sys
out, steps = sys.argv[1], [int(x) for x in sys.argv[2:]]
if os.environ.get("SRTP") == "1":
    print("SRTP (AES_CM_128_HMAC_SHA1_80, SDES) on the outside leg, plain RTP inside; load: srtpload\n")
def rows(name):   # calls -> [rows of each repeat]
    p, d = os.path.join(out, name + ".jsonl"), {}
    if os.path.exists(p):
        for r in (json.loads(l) for l in open(p) if l.startswith("{")):
            d.setdefault(r["calls"], []).append(r)
    return d
def ok(r):
    return r["loss_pct"] < 0.1 and r["lat_p99_ms"] < 5.0 and r["tx_pps"] >= 0.98 * r["offered_pps"]
rt, sb = rows("rtpengine"), rows("sbc")
def cell(rs):
    if not rs:
        return "— | — | — | — | —"
    j = lambda f, k: ", ".join(f % r[k] for r in rs)
    return "%.3f | %s | %s | %s | %s" % (max(r["loss_pct"] for r in rs), j("%.2f", "lat_p50_ms"), j("%.2f", "lat_p99_ms"),
            j("%.1f", "relay_us_per_pkt"), "**%d/%d**" % (sum(map(ok, rs)), len(rs)) if all(map(ok, rs))
            else "%d/%d" % (sum(map(ok, rs)), len(rs)))
print("| calls (pps) | rtpengine loss % | p50 ms | p99 ms | µs CPU/pkt | pass | SBC loss % | p50 ms | p99 ms | µs CPU/pkt | pass |")
print("|" + " --- |" * 11)
for n in steps:
    print("| %d (%s) | %s | %s |" % (n, format(100 * n, ","), cell(rt.get(n)), cell(sb.get(n))))
def best(d):
    good = [n for n in steps if d.get(n) and all(map(ok, d[n]))]
    return max(good) if good else None
br, bs = best(rt), best(sb)
print()
print("highest step passing in every repeat (loss < 0.1 %%, p99 < 5 ms): rtpengine %s, SBC %s" % (
    br and "%d calls = %s pps" % (br, format(br * 100, ",")), bs and "%d calls = %s pps" % (bs, format(bs * 100, ","))))
if br and bs:
    print("SBC / rtpengine packets/s at that step: %.2f" % (bs / br))
for name, d in (("rtpengine", rt), ("SBC", sb)):
    for n in steps:
        for r in d.get(n, []):
            odd = {k: r.get(k, 0) for k in ("rx_bad", "rx_misrouted", "dead_streams", "tx_err", "srtp_protect_fail",
                                            "srtp_unprotect_fail", "srtp_unknown_src") if r.get(k, 0)}
            if odd:
                print("anomalies %s calls=%d rep=%d: %s" % (name, n, r.get("rep", 0), odd))
mean = lambda rs: sum(r["relay_us_per_pkt"] for r in rs) / len(rs)
for n in steps:
    if rt.get(n) and sb.get(n) and n in (br, bs, 500, 600):
        print("CPU per packet at %d calls (mean of repeats): SBC %.1f µs, rtpengine %.1f µs, SBC / rtpengine %.2f"
              % (n, mean(sb[n]), mean(rt[n]), mean(sb[n]) / mean(rt[n])))
PY
log done
