package org.sbc.core.b2bua;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.security.SecureRandom;
import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.URI;
import org.sbc.core.config.ListenAddress;
import org.sbc.core.config.Transport;

/**
 * Builds the B2BUA's own identifiers and headers: tags, branches and Call-IDs that reveal
 * nothing about the other leg, our Via and Contact on a side, and new requests.
 */
public final class SipFactory {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final String MAGIC_COOKIE = "z9hG4bK";

    private final SecureRandom random = new SecureRandom();
    private final AddressFactoryImpl addresses = new AddressFactoryImpl();
    private final SideSockets sockets;

    public SipFactory(SideSockets sockets) {
        this.sockets = sockets;
    }

    /**
     * Random text of {@code length} characters: one SecureRandom draw per token, not per
     * character, since every call needs several (tags, branches, Call-IDs). The small modulo
     * bias of 256 % 36 does not matter for identifiers that only need to be unguessable.
     */
    public String token(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[(bytes[i] & 0xff) % ALPHABET.length];
        }
        return new String(chars);
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

    public Via via(SipSide side, Transport transport) {
        ListenAddress local = sockets.local(side, transport);
        Via via = new Via();
        try {
            via.setSentProtocol(new gov.nist.javax.sip.header.Protocol());
            via.setTransport(transport.token());
            via.setHost(local.address().getHostAddress());
            via.setPort(local.port());
            via.setBranch(branch());
            via.setParameter(Via.RPORT, null);
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("our own Via failed to build", e);
        }
        return via;
    }

    /** Our Contact on {@code side}; {@code user} is set for registration tokens. */
    public Contact contact(SipSide side, Transport transport, String user) {
        return contact(side, transport, user, false);
    }

    /**
     * As {@link #contact(SipSide, Transport, String)}; {@code sips} (over TLS only) makes it a
     * sips URI without a transport parameter, as RFC 5630 §3.1.3 asks of a peer that used sips.
     */
    public Contact contact(SipSide side, Transport transport, String user, boolean sips) {
        ListenAddress local = sockets.local(side, transport);
        SipUri uri = new SipUri();
        try {
            if (user != null) {
                uri.setUser(user);
            }
            uri.setHost(local.address().getHostAddress());
            uri.setPort(local.port());
            if (sips && transport == Transport.TLS) {
                uri.setScheme("sips");
            } else if (transport != Transport.UDP) {
                uri.setTransportParam(transport.token().toLowerCase(java.util.Locale.ROOT));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("our own Contact failed to build", e);
        }
        Contact contact = new Contact();
        contact.setAddress(addresses.createAddress(uri));
        return contact;
    }

    /** A request with the mandatory headers; the caller adds Route, Contact, body and the rest. */
    public SIPRequest request(String method, URI requestUri, String callId, long cseq, Address from, String fromTag,
            Address to, String toTag, Via via, int maxForwards) {
        SIPRequest request = new SIPRequest();
        try {
            RequestLine line = new RequestLine();
            line.setMethod(method);
            line.setUri((URI) requestUri.clone());
            line.setSipVersion("SIP/2.0");
            request.setRequestLine(line);
            request.setHeader(via);
            From fromHeader = new From();
            fromHeader.setAddress((Address) from.clone());
            fromHeader.setTag(fromTag);
            request.setHeader(fromHeader);
            To toHeader = new To();
            toHeader.setAddress((Address) to.clone());
            if (toTag != null) {
                toHeader.setTag(toTag);
            }
            request.setHeader(toHeader);
            CallID id = new CallID();
            id.setCallId(callId);
            request.setHeader(id);
            CSeq cseqHeader = new CSeq(cseq, method);
            request.setHeader(cseqHeader);
            request.setHeader(new MaxForwards(maxForwards));
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("a " + method + " failed to build", e);
        }
        return request;
    }

    /** Max-Forwards for the request we send on for {@code source}: one less, 70 when absent. */
    public static int forwardedMaxForwards(SIPRequest source) {
        MaxForwards maxForwards = source == null ? null : (MaxForwards) source.getHeader(MaxForwards.NAME);
        return maxForwards == null ? 70 : Math.max(0, maxForwards.getMaxForwards() - 1);
    }

    public AddressFactoryImpl addresses() {
        return addresses;
    }

    /** {@code sip:user@host}, nothing else: no port, no parameters. */
    public SipUri uri(String user, String host) {
        SipUri uri = new SipUri();
        try {
            if (user != null && !user.isEmpty()) {
                uri.setUser(user);
            }
            uri.setHost(host);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad URI part", e);
        }
        return uri;
    }

    public SipUri uri(String user, String host, int port, Transport transport) {
        SipUri uri = new SipUri();
        try {
            if (user != null && !user.isEmpty()) {
                uri.setUser(user);
            }
            uri.setHost(host);
            uri.setPort(port);
            if (transport != Transport.UDP) {
                uri.setTransportParam(transport.token().toLowerCase(java.util.Locale.ROOT));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad URI part", e);
        }
        return uri;
    }
}
