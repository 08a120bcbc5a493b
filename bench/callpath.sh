#!/usr/bin/env bash
# The Java work of one call, in process: rounds of whole calls (INVITE with SDP, 100, 180, 200,
# ACK, BYE, 200) played through a B2BUA over embedded channels on one thread, each round timed by
# the thread's CPU clock and allocation counter (sbc-core's test class b2bua/CallPathBench, on the
# start-up warm-up's played call). No sockets and no load generator on the same cores, so a change
# to the message path shows with a spread of a few percent; the figures include the played caller's
# and PBX's side of each message, the same for any two builds. To compare two builds, run it in a
# worktree of each, alternately. Not a capacity figure: bench/calls.sh is that.
#
# Usage: bench/callpath.sh [CALLS_PER_ROUND] [ROUNDS] [WARM_ROUNDS] [CONFIG_YAML]
#        (defaults 20000 7 3, embedded defaults: topology hiding strip mode, in memory)
#        NO_BUILD=1 bench/callpath.sh   # use the jar and test classes already built
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${NO_BUILD:-}" ]; then
    mvn -q -B package -DskipTests -pl sbc-core -am
fi
# The collector settings bench/calls.sh runs the SBC with.
exec java -Xms2g -Xmx2g -XX:+UseG1GC -XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=40 \
    -cp sbc-core/target/sbc.jar:sbc-core/target/test-classes org.sbc.core.b2bua.CallPathBench "$@"
