package org.sbc.core.b2bua;

import java.util.Locale;
import java.util.Optional;
import org.sbc.core.codec.ContactEntry;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipUri;
import org.sbc.core.codec.ViaHop;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.topology.RandomTokens;

/**
 * Builds the B2BUA's own identifiers and headers: tags, branches and Call-IDs that reveal
 * nothing about the other leg, our Via and Contact on a side, and new requests.
 */
public final class SipFactory {

    private static final String MAGIC_COOKIE = "z9hG4bK";

    private final RandomTokens tokens = new RandomTokens();
    private final SideSockets sockets;

    public SipFactory(SideSockets sockets) {
        this.sockets = sockets;
    }

    /** Random text of {@code length} characters from [a-z0-9]: tags, branches, Call-IDs. */
    public String token(int length) {
        return tokens.next(length);
    }

    public String tag() {
        return token(12);
    }

    public String branch() {
        return MAGIC_COOKIE + token(16);
    }

    /** A Call-ID that names its shard, so every message of the call finds the same shard. */
    public String callId(int shard) {
        return "s" + shard + "-" + token(20);
    }

    /** Our Via on {@code side}, with a fresh branch and {@code rport} (RFC 3581). */
    public ViaHop via(SipSide side, Transport transport) {
        ListenAddress local = sockets.local(side, transport);
        return new ViaHop(transport.token(), local.address().getHostAddress(), local.port(), true,
                Optional.of(branch()));
    }

    /** Our Contact on {@code side}; {@code user} is set for registration tokens. */
    public ContactEntry contact(SipSide side, Transport transport, String user) {
        return contact(side, transport, user, false);
    }

    /**
     * As {@link #contact(SipSide, Transport, String)}; {@code sips} (over TLS only) makes it a
     * sips URI without a transport parameter, as RFC 5630 §3.1.3 asks of a peer that used sips.
     */
    public ContactEntry contact(SipSide side, Transport transport, String user, boolean sips) {
        ListenAddress local = sockets.local(side, transport);
        try {
            return ContactEntry.sip(user, local.address().getHostAddress(), local.port(), transportParam(transport),
                    sips && transport == Transport.TLS);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("our own Contact failed to build", e);
        }
    }

    /** A request with the mandatory headers; the caller adds Route, Contact, body and the rest. */
    public SipRequest request(String method, SipUri requestUri, String callId, long cseq, NameAddress from,
            String fromTag, NameAddress to, String toTag, ViaHop via, int maxForwards) {
        return SipRequest.create(method, requestUri, callId, cseq, from, fromTag, to, toTag, via, maxForwards);
    }

    /** Max-Forwards for the request we send on for {@code source}: one less, 70 when absent. */
    public static int forwardedMaxForwards(SipRequest source) {
        if (source == null) {
            return 70;
        }
        var maxForwards = source.maxForwards();
        return maxForwards.isEmpty() ? 70 : Math.max(0, maxForwards.getAsInt() - 1);
    }

    /** {@code sip:user@host}, nothing else: no port, no parameters. */
    public SipUri uri(String user, String host) {
        return SipUri.sip(user == null || user.isEmpty() ? null : user, host, -1, null, false);
    }

    public SipUri uri(String user, String host, int port, Transport transport) {
        return SipUri.sip(user == null || user.isEmpty() ? null : user, host, port, transportParam(transport), false);
    }

    /** No transport parameter for UDP, the default (RFC 3261 §19.1.1). */
    private static String transportParam(Transport transport) {
        return transport == Transport.UDP ? null : transport.token().toLowerCase(Locale.ROOT);
    }
}
