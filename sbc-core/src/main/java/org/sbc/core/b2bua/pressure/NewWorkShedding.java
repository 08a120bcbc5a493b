package org.sbc.core.b2bua.pressure;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Which new work (a request outside any dialog) the B2BUA refuses before it costs a transaction,
 * so that the tables stay inside the memory budget and work under way keeps flowing:
 *
 * <ul>
 *   <li>past {@value #NEW_WORK_PERCENT} % of a shard's transaction bound, all new work: the rest is
 *       kept for in-dialog requests, CANCELs and ACKs of calls already up;
 *   <li>under pressure, new work from an outside source the SBC does not know (see
 *       {@link KnownSources}). Pressure is the global new-dialog rate past its limit, calls or
 *       transactions past {@value #FIRST_SEEN_PERCENT} % of their bounds, a flood the global
 *       view sees, or the request having waited {@value #LAG_PRESSURE_MILLIS} ms or more
 *       between its decoding and its shard (the SBC is behind, whatever the hardware). Known
 *       sources keep the room above that mark. A first-seen request that waited a whole T1 is
 *       dropped instead of answered: its sender has retransmitted already, and an answer now
 *       only adds to the backlog.
 * </ul>
 *
 * Requests from the inside (the PBX) are never shed for being first-seen.
 */
public final class NewWorkShedding {

    static final int NEW_WORK_PERCENT = 90;
    static final int FIRST_SEEN_PERCENT = 80;
    static final long LAG_PRESSURE_MILLIS = 100;

    /** Why new work was refused; the word goes on the counter's label. */
    public enum Reason {
        TRANSACTIONS_FULL("transactions_full"),
        FIRST_SEEN("first_seen"),
        /** First-seen, and so late that it is dropped rather than answered. */
        FIRST_SEEN_LATE("first_seen_late");

        private final String word;

        Reason(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * What a shard holds when a new request arrives, how long the request waited for it, and T1
     * (past which a first-seen request is not worth an answer).
     */
    public record Load(int dialogs, int maxDialogs, int transactions, int maxTransactions, long waitedMillis,
            long t1Millis) {

        /** A request that did not wait. */
        public Load(int dialogs, int maxDialogs, int transactions, int maxTransactions) {
            this(dialogs, maxDialogs, transactions, maxTransactions, 0, 500);
        }
    }

    private final KnownSources known;
    private final NewDialogRate rate;
    private final BooleanSupplier globalFlood;

    public NewWorkShedding(KnownSources known, NewDialogRate rate, BooleanSupplier globalFlood) {
        this.known = known;
        this.rate = rate;
        this.globalFlood = globalFlood;
    }

    /**
     * @param fromOutside the request came from the outside
     * @param opensDialog an INVITE or SUBSCRIBE (counted against the new-dialog rate)
     * @return the reason to refuse it, or empty to go on
     */
    public Optional<Reason> judge(boolean fromOutside, InetAddress source, boolean opensDialog, Load load) {
        boolean fast = opensDialog && rate.countAndCheck();
        if (atLeast(load.transactions(), load.maxTransactions(), NEW_WORK_PERCENT)) {
            return Optional.of(Reason.TRANSACTIONS_FULL);
        }
        if (!fromOutside || known.knows(source)) {
            return Optional.empty();
        }
        boolean pressed = fast
                || load.waitedMillis() >= LAG_PRESSURE_MILLIS
                || atLeast(load.dialogs(), load.maxDialogs(), FIRST_SEEN_PERCENT)
                || atLeast(load.transactions(), load.maxTransactions(), FIRST_SEEN_PERCENT)
                || globalFlood.getAsBoolean();
        if (!pressed) {
            return Optional.empty();
        }
        return Optional.of(load.waitedMillis() >= load.t1Millis() ? Reason.FIRST_SEEN_LATE : Reason.FIRST_SEEN);
    }

    public NewWorkShedding withGlobalFlood(BooleanSupplier globalFlood) {
        return new NewWorkShedding(known, rate, globalFlood);
    }

    public KnownSources known() {
        return known;
    }

    private static boolean atLeast(int used, int bound, int percent) {
        return (long) used * 100 >= (long) bound * percent;
    }
}
