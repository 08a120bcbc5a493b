package org.sbc.core.cli;

import java.lang.System.Logger.Level;
import org.sbc.core.edge.policy.ActivePolicy;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code kill -HUP PID} reloads the security policy, as daemons conventionally re-read their
 * configuration. The process-wide signal belongs to the launcher, not to a server object (tests
 * run several servers in one JVM). The reload runs on the JVM's signal thread, never an event loop.
 */
final class PolicySignal {

    private static final System.Logger LOGGER = System.getLogger(PolicySignal.class.getName());

    private PolicySignal() {}

    static void reloadOnHangup(ActivePolicy policy) {
        // The reload logs its outcome.
        SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> policy.reload());
        if (previous == SignalHandler.SIG_IGN) {
            // The JVM takes no handler for a signal the process inherited as ignored (nohup does
            // that), and says so only by this answer: without the warning, kill -HUP would seem
            // to do nothing for no reason.
            LOGGER.log(Level.WARNING, "policy: SIGHUP is ignored in this process (started under nohup?), so"
                    + " kill -HUP will not reload the policy; POST /api/policy/reload and a change to a policy"
                    + " file still do");
        }
    }
}
