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
 *       transactions past {@value #FIRST_SEEN_PERCENT} % of their bounds, or a flood the global
 *       view sees. Known sources keep the room above that mark.
 * </ul>
 *
 * Requests from the inside (the PBX) are never shed for being first-seen.
 */
public final class NewWorkShedding {

    static final int NEW_WORK_PERCENT = 90;
    static final int FIRST_SEEN_PERCENT = 80;

    /** Why new work was refused; the word goes on the counter's label. */
    public enum Reason {
        TRANSACTIONS_FULL("transactions_full"),
        FIRST_SEEN("first_seen");

        private final String word;

        Reason(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** What a shard holds when a new request arrives. */
    public record Load(int dialogs, int maxDialogs, int transactions, int maxTransactions) {}

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
                || atLeast(load.dialogs(), load.maxDialogs(), FIRST_SEEN_PERCENT)
                || atLeast(load.transactions(), load.maxTransactions(), FIRST_SEEN_PERCENT)
                || globalFlood.getAsBoolean();
        return pressed ? Optional.of(Reason.FIRST_SEEN) : Optional.empty();
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
