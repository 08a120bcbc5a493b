package org.sbc.core.edge.ban;

import org.sbc.feeds.IpPrefix;

/**
 * Where bans are shared between nodes (docs/security.md, "Bans across nodes"). The ban table
 * holds every ban a node enforces, whatever the store; a store only carries this node's bans and
 * unbans to the others and theirs back ({@link BanTable#applyShared}, {@link BanTable#removeShared}).
 *
 * <p>{@link #MEMORY}, the default, shares nothing: one node, its table and its state file. The
 * Redis store ({@link RedisBanStore}) shares through one Redis. Calls come from event loops, so
 * an implementation never blocks: it queues, and a store that cannot reach its server keeps
 * what it could not send for the next reconcile.
 */
public interface BanStore extends AutoCloseable {

    /** This node's table only. */
    BanStore MEMORY = new BanStore() {
        @Override
        public void banned(Ban ban) { }

        @Override
        public void unbanned(IpPrefix target) { }

        @Override
        public void close() { }
    };

    /** A ban this node made (automatic or manual). */
    void banned(Ban ban);

    /** A ban this node's operator lifted. */
    void unbanned(IpPrefix target);

    @Override
    void close();
}
