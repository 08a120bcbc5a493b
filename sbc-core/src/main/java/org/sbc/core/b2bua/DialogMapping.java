package org.sbc.core.b2bua;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sbc.core.b2bua.dialog.Leg;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipUri;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * What a dialog handle stands for: everything needed to rebuild a call from an in-dialog
 * request arriving on one leg (X) at a node that holds nothing about it. X's own identifiers
 * come with the request; the mapping carries the other leg (Y) whole, X's remote target and
 * route set, when the call may live until, Y's own handle, and X's Call-ID and our tag on X
 * (what binds the handle to its dialog). It never leaves the SBC readable: mask mode
 * seals it, strip mode stores it.
 */
record DialogMapping(
        long notAfterMillis,
        SipSide ySide,
        Transport yTransport,
        InetSocketAddress yPeer,
        String yCallId,
        String yLocalTag,
        String yRemoteTag,
        String yLocalAddress,
        String yRemoteAddress,
        String yRemoteTarget,
        List<String> yRoutes,
        String xRemoteTarget,
        List<String> xRoutes,
        String yHandle,
        String xCallId,
        String xLocalTag) {

    private static final String VERSION = "2";
    private static final String ROUTE_SEPARATOR = "\n";

    /**
     * @param withYHandle whether to name Y's handle: in strip mode, so a rebuilt call releases
     *     and reuses Y's id; never in mask mode, where a token inside a token would grow with
     *     every refresh and there is nothing to release
     */
    static DialogMapping of(Leg x, Leg y, long notAfterMillis, boolean withYHandle) {
        return new DialogMapping(notAfterMillis, y.side(), y.peer().transport(), y.peer().address(), y.callId(),
                y.localTag(), y.remoteTag() == null ? "" : y.remoteTag(), text(y.localAddress()),
                text(y.remoteAddress()), y.remoteTarget() == null ? "" : y.remoteTarget().toString(),
                routes(y), x.remoteTarget() == null ? "" : x.remoteTarget().toString(), routes(x),
                !withYHandle || y.handle() == null ? "" : y.handle(), x.callId(), x.localTag());
    }

    /** The mapping as the text fields its handle stands for. */
    List<String> fields() {
        return List.of(VERSION, Long.toString(notAfterMillis), ySide.name(), yTransport.name(),
                yPeer.getAddress().getHostAddress(), Integer.toString(yPeer.getPort()), yCallId, yLocalTag, yRemoteTag,
                yLocalAddress, yRemoteAddress, yRemoteTarget, String.join(ROUTE_SEPARATOR, yRoutes), xRemoteTarget,
                String.join(ROUTE_SEPARATOR, xRoutes), yHandle, xCallId, xLocalTag);
    }

    /** Empty for anything {@link #fields} did not give (a store may hold stale formats). */
    static Optional<DialogMapping> decode(List<String> f) {
        if (f.size() != 18 || !VERSION.equals(f.get(0))) {
            return Optional.empty();
        }
        try {
            InetAddress peer = InetAddress.getByName(literal(f.get(4)));
            return Optional.of(new DialogMapping(Long.parseLong(f.get(1)), SipSide.valueOf(f.get(2)),
                    Transport.valueOf(f.get(3)), new InetSocketAddress(peer, Integer.parseInt(f.get(5))), f.get(6),
                    f.get(7), f.get(8), f.get(9), f.get(10), f.get(11), split(f.get(12)), f.get(13), split(f.get(14)), f.get(15), f.get(16), f.get(17)));
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a request in the dialog {@code callId} with our tag {@code localTag} may use this
     * mapping: a handle is bound to the dialog it was given in, so a token seen in one call
     * cannot be replayed to end another.
     */
    boolean belongsTo(String callId, String localTag) {
        return xCallId.equals(callId) && xLocalTag.equals(localTag);
    }

    /** Y as a leg of a rebuilt call; an {@link IllegalArgumentException} when an address does not parse. */
    Leg yLeg() {
        Leg y = new Leg(ySide, Target.of(ySide, yTransport, yPeer), yCallId, NameAddress.parse(yLocalAddress),
                yLocalTag, NameAddress.parse(yRemoteAddress), yRemoteTag.isEmpty() ? null : yRemoteTag, 0);
        if (!yRemoteTarget.isEmpty()) {
            y.remoteTarget(SipUri.parse(yRemoteTarget));
        }
        y.routeSet(routeList(yRoutes));
        if (!yHandle.isEmpty()) {
            y.handle(yHandle); // so the rebuilt call releases (strip) and reuses it, not a new one
        }
        return y;
    }

    /** X's remote target, when the mapping knew one. */
    Optional<SipUri> xTarget() {
        return xRemoteTarget.isEmpty() ? Optional.empty() : Optional.of(SipUri.parse(xRemoteTarget));
    }

    List<NameAddress> xRouteSet() {
        return routeList(xRoutes);
    }

    private static List<NameAddress> routeList(List<String> routes) {
        List<NameAddress> list = new ArrayList<>();
        for (String text : routes) {
            list.add(NameAddress.parse(text));
        }
        return list;
    }

    private static List<String> routes(Leg leg) {
        List<NameAddress> routeSet = leg.routeSet();
        if (routeSet.isEmpty()) {
            return List.of();
        }
        String[] routes = new String[routeSet.size()];
        for (int i = 0; i < routes.length; i++) {
            routes[i] = routeSet.get(i).encode();
        }
        return List.of(routes);
    }

    private static String text(NameAddress address) {
        return address.encode();
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(ROUTE_SEPARATOR));
    }

    /** Only an IP literal, never a name: decoding must not make a DNS query. */
    private static String literal(String host) {
        boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-fA-F:.%]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not an IP literal");
        }
        return host;
    }
}
