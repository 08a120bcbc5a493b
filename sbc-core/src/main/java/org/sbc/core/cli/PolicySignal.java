package org.sbc.core.cli;

import org.sbc.core.edge.policy.ActivePolicy;
import sun.misc.Signal;

/**
 * {@code kill -HUP PID} reloads the security policy, as daemons conventionally re-read their
 * configuration. The process-wide signal belongs to the launcher, not to a server object (tests
 * run several servers in one JVM). The reload runs on the JVM's signal thread, never an event loop.
 */
final class PolicySignal {

    private PolicySignal() {}

    static void reloadOnHangup(ActivePolicy policy) {
        Signal.handle(new Signal("HUP"), signal -> policy.reload()); // the reload logs its outcome
    }
}
