package org.sbc.core.testing;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.feeds.IpPrefix;

/**
 * A fake ban table: records every ban request and answers BANNED, but refuses nothing (the ban
 * gate is another step). Thread-safe, so end-to-end tests can read it while the server runs.
 */
public final class RecordingBans implements Bans {

    /** One call of {@link #ban}. */
    public record Request(IpPrefix target, BanReason reason, Evidence evidence) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    @Override
    public Outcome ban(IpPrefix target, BanReason reason, Evidence evidence) {
        requests.add(new Request(target, reason, evidence));
        return Outcome.BANNED;
    }

    @Override
    public boolean isBanned(InetAddress address) {
        return requests.stream().anyMatch(r -> r.target().contains(address));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }
}
