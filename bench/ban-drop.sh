#!/usr/bin/env bash
# Datagrams per second the SBC drops for a banned source, in one run beside two references:
#   1. the loopback UDP receive ceiling: a tiny receiver that only counts datagrams
#      (bench/tools/udp_count.c with recvmmsg; UdpCount.java where there is no gcc), fed by
#      the same sender;
#   2. OPTIONS answered per second by the same SBC (sipp, no retransmission, from a trusted
#      address, so the flood guard and rate limiter let it through), stepping through
#      OPTIONS_RATES until one loses a message;
#   3. the SBC with the sender banned (through ./sbc bans add): every datagram is dropped by
#      the ban gate before the framer, unread. Counted from sbc_ban_datagrams_dropped_total.
#   4. the same for a sender that a threat feed lists (a file: feed with action drop, beside
#      the trusted and banned addresses): judged by the same gate call after the ban check.
#      Counted from sbc_feed_dropped_total.
# The sender (bench/tools/udp_blast.c with sendmmsg; UdpBlast.java where there is no gcc)
# sends one valid OPTIONS datagram as fast as one thread can. Kernel drops (receive buffer
# full: the receiver was the bottleneck) are read from /proc/net/snmp.
#
# Addresses 127.0.12.0/24 and admin port 18190 only; everything it starts is stopped by PID;
# every run is bounded in time.
#
# Usage: bench/ban-drop.sh            STEP_S=5 OPTIONS_RATES="10000 20000" bench/ban-drop.sh
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_PER_STEP="${STEP_S:-5}"
OPTIONS_RATES="${OPTIONS_RATES:-5000 10000 15000 20000}"
SBC_IP=127.0.12.1; SBC_PORT=5060; ADMIN=127.0.12.1:18190
COUNT_IP=127.0.12.2; BLAST_IP=127.0.12.3; OPTIONS_IP=127.0.12.4; FEED_IP=127.0.12.5
OUT="${OUT:-bench/out}"
mkdir -p "$OUT"
command -v sipp >/dev/null || { echo "need sipp (apt-get install sip-tester)"; exit 1; }
JAVA_TOOL="java -XX:+UseSerialGC -Xmx256m"

udp_rcvbuf_errors() { awk '/^Udp:/ { if (h) { print $6 } else { h = 1 } }' /proc/net/snmp; }
metric() { curl -s "http://$ADMIN/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }

# 1. Ceiling: the counting receiver.
if command -v gcc >/dev/null && gcc -O2 -o "$OUT/udp_count" bench/tools/udp_count.c \
        && gcc -O2 -o "$OUT/udp_blast" bench/tools/udp_blast.c; then
    COUNTER="$OUT/udp_count"; BLASTER="$OUT/udp_blast"
else
    COUNTER="$JAVA_TOOL bench/tools/UdpCount.java"; BLASTER="$JAVA_TOOL bench/tools/UdpBlast.java"
fi
$COUNTER $COUNT_IP 5060 "$SECONDS_PER_STEP" > "$OUT/count.txt" 2>&1 &
COUNT_PID=$!
for _ in $(seq 100); do grep -q ready "$OUT/count.txt" && break; sleep 0.1; done
errors_before=$(udp_rcvbuf_errors)
$BLASTER $BLAST_IP $COUNT_IP 5060 "$SECONDS_PER_STEP" > "$OUT/blast-ceiling.txt" 2>&1
wait $COUNT_PID
errors_after=$(udp_rcvbuf_errors)
echo "ceiling: $(cat "$OUT/blast-ceiling.txt"); $(tail -1 "$OUT/count.txt"); kernel receive-buffer drops: $((errors_after - errors_before))"

# 2, 3 and 4: the SBC, with OPTIONS_IP trusted, FEED_IP in a feed, and no state file.
printf '# bench/ban-drop.sh\n%s\n' "$FEED_IP" > "$OUT/ban-drop-feed.txt"
cat > "$OUT/ban-drop.yaml" <<YAML
outside:
  listen: [udp:$SBC_IP:$SBC_PORT]
inside:
  listen: [udp:$SBC_IP:5070]
admin:
  listen: $ADMIN
security:
  trusted: [$OPTIONS_IP]
  ban:
    state_file: ""
  feeds:
    - name: bench
      url: file:ban-drop-feed.txt
      action: drop
YAML
./sbc run --config "$OUT/ban-drop.yaml" > "$OUT/sbc-ban-drop.log" 2>&1 &
SBC_PID=$!
trap 'kill $SBC_PID 2>/dev/null; wait $SBC_PID 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q "sbc: running" "$OUT/sbc-ban-drop.log" && break; sleep 0.2; done
grep -q "sbc: running" "$OUT/sbc-ban-drop.log" || { echo "sbc did not start:"; cat "$OUT/sbc-ban-drop.log"; exit 1; }
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SBC_PID/stat"; }

# Warm the JIT on both paths: OPTIONS answered, and a banned source dropped.
sipp -sf bench/sipp/options-noretrans.xml -t u1 -i $OPTIONS_IP -p 0 -m 20000 -r 5000 \
    -timeout 30s -nostdin -buff_size 4194304 $SBC_IP:$SBC_PORT > "$OUT/ban-drop-warmup.txt" 2>&1
./sbc bans add $BLAST_IP --seconds 600 --note "bench/ban-drop.sh" --admin "http://$ADMIN" || exit 1
$BLASTER $BLAST_IP $SBC_IP $SBC_PORT 2 > /dev/null 2>&1

# 2. OPTIONS answered, stepping up until a step loses one.
for rate in $OPTIONS_RATES; do
    calls=$((rate * SECONDS_PER_STEP))
    before=$(cpu_ticks)
    sipp -sf bench/sipp/options-noretrans.xml -t u1 -i $OPTIONS_IP -p 0 -m $calls -r $rate \
        -timeout $((SECONDS_PER_STEP * 4))s -nostdin -buff_size 4194304 $SBC_IP:$SBC_PORT > "$OUT/ban-drop-options-$rate.txt" 2>&1
    after=$(cpu_ticks)
    ok=$(grep -E "Successful call" "$OUT/ban-drop-options-$rate.txt" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    failed=$(grep -E "Failed call" "$OUT/ban-drop-options-$rate.txt" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    echo "options: $calls sent at $rate/s, ${ok:-?} answered, ${failed:-?} failed;" \
        "SBC CPU $(awk -v t=$((after - before)) -v hz="$HZ" -v n="$calls" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }') us per OPTIONS"
    [ "${failed:-1}" = "0" ] && [ "${ok:-0}" = "$calls" ] || break
done

# 3. The banned source at full speed.
dropped_before=$(metric sbc_ban_datagrams_dropped_total)
received_before=$(metric sbc_udp_datagrams_received_total)
errors_before=$(udp_rcvbuf_errors)
before=$(cpu_ticks)
$BLASTER $BLAST_IP $SBC_IP $SBC_PORT "$SECONDS_PER_STEP" > "$OUT/blast-banned.txt" 2>&1
sleep 0.5
after=$(cpu_ticks)
dropped=$(( $(metric sbc_ban_datagrams_dropped_total) - dropped_before ))
received=$(( $(metric sbc_udp_datagrams_received_total) - received_before ))
errors_after=$(udp_rcvbuf_errors)
echo "banned: $(cat "$OUT/blast-banned.txt"); ban gate dropped $dropped ($((dropped / SECONDS_PER_STEP))/s);" \
    "reached the framer: $received; kernel receive-buffer drops: $((errors_after - errors_before));" \
    "SBC CPU $(awk -v t=$((after - before)) -v hz="$HZ" -v n="$dropped" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }') us per dropped datagram"
./sbc bans why $BLAST_IP --admin "http://$ADMIN" | head -6

# 4. The feed-listed source at full speed.
dropped_before=$(metric sbc_feed_dropped_total)
received_before=$(metric sbc_udp_datagrams_received_total)
before=$(cpu_ticks)
$BLASTER $FEED_IP $SBC_IP $SBC_PORT "$SECONDS_PER_STEP" > "$OUT/blast-listed.txt" 2>&1
sleep 0.5
after=$(cpu_ticks)
dropped=$(( $(metric sbc_feed_dropped_total) - dropped_before ))
received=$(( $(metric sbc_udp_datagrams_received_total) - received_before ))
echo "listed: $(cat "$OUT/blast-listed.txt"); feed dropped $dropped ($((dropped / SECONDS_PER_STEP))/s);" \
    "reached the framer: $received;" \
    "SBC CPU $(awk -v t=$((after - before)) -v hz="$HZ" -v n="$dropped" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }') us per dropped datagram"
