package org.sbc.core.b2bua.pressure;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
 * Requests from the inside (the PBX) are never shed for being first-seen. Whenever the judge finds
 * pressure it raises the {@link PressureSignal}, which lets the step before the parse refuse a
 * first-seen source's new request from its raw bytes ({@link #shedsUnparsed}).
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

    /** Retry-After of a shed request, spread so that the callers turned away together do not all come back in the same second. */
    static final int RETRY_AFTER_MIN_SECONDS = 10;
    static final int RETRY_AFTER_SPREAD_SECONDS = 21;

    private final KnownSources known;
    private final NewDialogRate rate;
    private final BooleanSupplier globalFlood;
    private final PressureSignal signal;

    public NewWorkShedding(KnownSources known, NewDialogRate rate, BooleanSupplier globalFlood) {
        this(known, rate, globalFlood, new PressureSignal(System::currentTimeMillis));
    }

    public NewWorkShedding(KnownSources known, NewDialogRate rate, BooleanSupplier globalFlood, PressureSignal signal) {
        this.known = known;
        this.rate = rate;
        this.globalFlood = globalFlood;
        this.signal = signal;
    }

    /** 10..30 s, at random: the Retry-After of every shed request. */
    public static int retryAfterSeconds() {
        return RETRY_AFTER_MIN_SECONDS + ThreadLocalRandom.current().nextInt(RETRY_AFTER_SPREAD_SECONDS);
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
        signal.press();
        return Optional.of(load.waitedMillis() >= load.t1Millis() ? Reason.FIRST_SEEN_LATE : Reason.FIRST_SEEN);
    }

    /**
     * Before the parse, on the event loop that read the request: whether a new request from an
     * outside {@code source} is refused unparsed. It is while the judge found pressure lately
     * ({@link PressureSignal}) and the source is first-seen; the refused request counts against
     * the new-dialog rate as the judge would have counted it, and keeps the signal up while the
     * rate stays past its limit or the global view sees a flood.
     *
     * @param opensDialog an INVITE or SUBSCRIBE
     */
    public boolean shedsUnparsed(InetAddress source, boolean opensDialog) {
        if (!signal.pressed() || known.knows(source)) {
            return false;
        }
        if ((opensDialog && rate.countAndCheck()) || globalFlood.getAsBoolean()) {
            signal.press();
        }
        return true;
    }

    public NewWorkShedding withGlobalFlood(BooleanSupplier globalFlood) {
        return new NewWorkShedding(known, rate, globalFlood, signal);
    }

    public KnownSources known() {
        return known;
    }

    private static boolean atLeast(int used, int bound, int percent) {
        return (long) used * 100 >= (long) bound * percent;
    }
}
