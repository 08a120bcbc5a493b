package org.sbc.core.edge.ban;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import org.sbc.feeds.IpPrefix;

/**
 * Stands in for the ban table until it lands: logs each ban request (the target, the step, the
 * rule and the counts: our words only) and bans nothing, so it answers {@code MONITORED}.
 * Replace it with the ban table in {@code SbcServer}.
 */
public final class LoggedBanRequests implements Bans {

    private static final Logger LOGGER = System.getLogger(LoggedBanRequests.class.getName());

    @Override
    public Outcome ban(IpPrefix target, BanReason reason, Evidence evidence) {
        LOGGER.log(Level.WARNING, "ban requested (no ban table yet, not enforced): " + target + " reason " + reason
                + " by " + evidence.step() + " rule " + evidence.rule() + " " + evidence.counters());
        return Outcome.MONITORED;
    }

    @Override
    public boolean isBanned(InetAddress address) {
        return false;
    }
}
