package org.sbc.core.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.sip.ListenAddress;
import org.sbc.policies.yaml.Located;

/**
 * Stage 2: rules that span fields, run only on a draft whose every field passed stage 1. An
 * error goes at the later of the two values involved; when that one is an embedded default,
 * which has no position, it goes at the one the user wrote.
 */
final class CrossChecks {

    private CrossChecks() {}

    static void check(ConfigDraft draft, ConfigErrors errors) {
        checkListenConflicts(draft, errors);
        checkAdminConflicts(draft, errors);
        checkAdminExposure(draft, errors);
        checkAdminTls(draft, errors);
        checkLimitOrder(draft, LimitField.MAX_LINE_BYTES, LimitField.MAX_MESSAGE_BYTES, errors);
        checkLimitOrder(draft, LimitField.TCP_CONNECTIONS_PER_SOURCE, LimitField.TCP_CONNECTIONS_TOTAL, errors);
        checkMemoryBudget(draft, Runtime.getRuntime().maxMemory(), errors);
        checkMediaAddress(draft, "outside", draft.outside(), draft.inside(), draft.media().outside(), errors);
        checkMediaAddress(draft, "inside", draft.inside(), draft.outside(), draft.media().inside(), errors);
    }

    /**
     * The relay binds each side's media on that side's first listen address unless told another;
     * a wildcard there (0.0.0.0, ::) is no address an SDP can name, so anchoring needs one.
     */
    private static void checkMediaAddress(ConfigDraft draft, String side, List<Located<ListenAddress>> listen,
            List<Located<ListenAddress>> other, MediaConfig.MediaSide media, ConfigErrors errors) {
        List<Located<ListenAddress>> from = listen.isEmpty() ? other : listen;
        if (!draft.media().anchor() || media.address().isPresent() || from.isEmpty()) {
            return;
        }
        Located<ListenAddress> first = from.get(0);
        if (first.value().address().isAnyLocalAddress()) {
            errors.add(first, first.value() + " is a wildcard, which no SDP can name (expected: media." + side
                    + ".address set to this host's address on the " + side + ", or media.anchor: false)");
        }
    }

    /** Two listeners on one socket type (UDP; TCP or TLS), port and address cannot both bind. */
    private static void checkListenConflicts(ConfigDraft draft, ConfigErrors errors) {
        List<Located<ListenAddress>> all = allListeners(draft);
        for (int later = 1; later < all.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                ListenAddress a = all.get(later).value();
                ListenAddress b = all.get(earlier).value();
                if (a.transport().isReliable() == b.transport().isReliable() && a.port() == b.port()
                        && overlaps(a.address(), b.address())) {
                    report(all.get(later), all.get(earlier), errors, (at, with) -> at.value()
                            + (at.value().equals(with.value()) ? " duplicates " : " overlaps " + with.value() + " at ")
                            + with.origin() + " (expected: each transport, address and port once)");
                    break;
                }
            }
        }
    }

    /** The admin endpoint is TCP too; it must not take a SIP TCP listener's socket. */
    private static void checkAdminConflicts(ConfigDraft draft, ConfigErrors errors) {
        InetSocketAddress admin = draft.adminListen().value();
        Located<String> adminText = new Located<>(
                ListenAddress.hostText(admin.getAddress()) + ":" + admin.getPort(),
                draft.adminListen().node(), draft.adminListen().path());
        for (Located<ListenAddress> listen : allListeners(draft)) {
            ListenAddress sip = listen.value();
            if (sip.transport().isReliable() && sip.port() == admin.getPort()
                    && overlaps(sip.address(), admin.getAddress())) {
                Located<String> sipText = new Located<>(sip.toString(), listen.node(), listen.path());
                report(adminText, sipText, errors, (at, with) -> at.value() + " collides with " + with.value()
                        + " at " + with.origin() + " (expected: admin.listen and SIP TCP listeners on different sockets)");
            }
        }
    }

    /** HTTPS for the admin API needs what it serves: a certificate and its key. */
    private static void checkAdminTls(ConfigDraft draft, ConfigErrors errors) {
        draft.adminAccess().tls().filter(tls -> tls.certificate().isEmpty()).ifPresent(tls ->
                errors.add(draft.adminListen(), "admin.tls without a certificate (expected: admin.tls.certificate and"
                        + " admin.tls.key, PEM files)"));
    }

    /** An admin API that can ban and unban must not answer other hosts without tokens. */
    private static void checkAdminExposure(ConfigDraft draft, ConfigErrors errors) {
        InetSocketAddress admin = draft.adminListen().value();
        if (!admin.getAddress().isLoopbackAddress() && !draft.adminAccess().locked()) {
            errors.add(draft.adminListen(), ListenAddress.hostText(admin.getAddress()) + ":" + admin.getPort()
                    + " is reachable from other hosts without tokens (expected: a loopback address,"
                    + " or admin.tokens_file as well)");
        }
    }

    /**
     * A budget in MiB must leave the collector its share of this JVM's heap (the launcher starts
     * check-config and the server with the same heap settings).
     */
    static void checkMemoryBudget(ConfigDraft draft, long maxHeapBytes, ConfigErrors errors) {
        Located<Integer> mb = draft.limits().get(LimitField.MEMORY_BUDGET_MB);
        long allowedMb = maxHeapBytes / 100 * Limits.MAX_MEMORY_BUDGET_PERCENT >> 20;
        if (mb.value() > allowedMb) {
            errors.add(mb, "memory_budget_mb " + mb.value() + " is more than " + Limits.MAX_MEMORY_BUDGET_PERCENT
                    + " % of the maximum heap (" + (maxHeapBytes >> 20) + " MiB) (expected: at most " + allowedMb
                    + ", or a larger -Xmx)");
        }
    }

    private static void checkLimitOrder(ConfigDraft draft, LimitField small, LimitField large, ConfigErrors errors) {
        Located<Integer> smallValue = draft.limits().get(small);
        Located<Integer> largeValue = draft.limits().get(large);
        if (smallValue.value() > largeValue.value()) {
            String message = small.key() + " " + smallValue.value() + defaultMark(smallValue)
                    + " is larger than " + large.key() + " " + largeValue.value() + defaultMark(largeValue)
                    + " (expected: " + small.key() + " <= " + large.key() + ")";
            report(smallValue, largeValue, errors, (at, with) -> message);
        }
    }

    private static List<Located<ListenAddress>> allListeners(ConfigDraft draft) {
        List<Located<ListenAddress>> all = new ArrayList<>(draft.outside());
        all.addAll(draft.inside());
        return all;
    }

    /**
     * Same address, or a wildcard that covers the other. An IPv6 wildcard is taken to be
     * dual-stack, as Netty binds it, so it covers IPv4 addresses too.
     */
    static boolean overlaps(InetAddress a, InetAddress b) {
        return a.equals(b) || covers(a, b) || covers(b, a);
    }

    private static boolean covers(InetAddress wildcard, InetAddress other) {
        return wildcard.isAnyLocalAddress()
                && (wildcard instanceof Inet6Address || !(other instanceof Inet6Address));
    }

    private static String defaultMark(Located<?> value) {
        return value.isWritten() ? "" : " (default)";
    }

    /** At {@code preferred} if the user wrote it, else at {@code other}; the message names the one not reported at. */
    private static <T> void report(Located<T> preferred, Located<T> other, ConfigErrors errors,
            BiFunction<Located<T>, Located<T>, String> message) {
        boolean atPreferred = preferred.isWritten() || !other.isWritten();
        Located<T> at = atPreferred ? preferred : other;
        Located<T> with = atPreferred ? other : preferred;
        errors.add(at, message.apply(at, with));
    }
}
