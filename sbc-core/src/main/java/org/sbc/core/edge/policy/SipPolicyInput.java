package org.sbc.core.edge.policy;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sbc.core.codec.HeaderField;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipUri;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.policies.HeaderEdit;
import org.sbc.policies.PolicyInput;
import org.sbc.policies.Side;
import org.sbc.policies.Transport;

/**
 * The one adapter between a received SIP request and the policy module: every read of the SIP
 * message the policy step makes (and the header edits a decision applies) is in this class, so
 * replacing the message type means porting only this file.
 *
 * <p>The message fields are read once, when the input is built; header lookups by name are read
 * when a rule asks. Values are as received: attacker-controlled, and only ever compared.
 */
public final class SipPolicyInput implements PolicyInput {

    /** A header lookup returns at most this many values: a request with 10,000 X-Foo lines costs no more. */
    static final int MAX_HEADER_VALUES = 32;

    private final SipRequest request;
    private final Side side;
    private final Transport transport;
    private final InetAddress source;
    private final Optional<String> ruriUser;
    private final Optional<String> ruriHost;
    private final Optional<String> fromUser;
    private final Optional<String> fromDomain;
    private final Optional<String> toUser;
    private final Optional<String> toDomain;
    private final Optional<String> userAgent;
    private final SourceFacts.Known known;
    private final Instant time;

    private SipPolicyInput(SipRequest request, Optional<SipUri> from, Side side, Transport transport,
            InetAddress source, SourceFacts.Known known, Instant time) {
        this.request = request;
        this.side = side;
        this.transport = transport;
        this.source = source;
        SipUri ruri = request.requestUri();
        this.ruriUser = user(ruri);
        this.ruriHost = host(ruri);
        Optional<SipUri> to = request.to().flatMap(NameAddress::uri);
        this.fromUser = from.flatMap(SipPolicyInput::user);
        this.fromDomain = from.flatMap(SipPolicyInput::host);
        this.toUser = to.flatMap(SipPolicyInput::user);
        this.toDomain = to.flatMap(SipPolicyInput::host);
        this.userAgent = request.header("User-Agent");
        this.known = known;
        this.time = time;
    }

    /**
     * The input for one request.
     *
     * @param sourceFacts what the SBC knows of the source beyond the message (trusted, trunk,
     *     registered, authenticated user)
     */
    public static SipPolicyInput of(ReceivedMessage message, Side side, SourceFacts sourceFacts, Instant time) {
        requireNonNull(message, "message");
        requireNonNull(side, "side");
        InetAddress source = message.peer().remote().getAddress();
        SipRequest request = message.request();
        Optional<SipUri> from = request.from().flatMap(NameAddress::uri);
        String fromUser = from.flatMap(SipPolicyInput::user).orElse(null);
        SourceFacts.Known known = sourceFacts.about(message, source, fromUser);
        return new SipPolicyInput(request, from, side, transportOf(message), source, known, requireNonNull(time, "time"));
    }

    private static Transport transportOf(ReceivedMessage message) {
        return switch (message.peer().transport()) {
            case UDP -> Transport.UDP;
            case TCP -> Transport.TCP;
            case TLS -> Transport.TLS;
        };
    }

    /**
     * Applies a decision's header edits to the request before it goes on. The policy loader has
     * refused edits of the headers the SBC owns, so these never touch routing or dialog state.
     */
    public void apply(List<HeaderEdit> edits) {
        for (HeaderEdit edit : edits) {
            // A value the header's grammar refuses (or a line break) leaves that header out.
            if (edit instanceof HeaderEdit.Set set) {
                request.removeHeaders(set.name());
                addIfWellFormed(set.name(), set.value());
            } else if (edit instanceof HeaderEdit.Rewrite rewrite) {
                List<String> values = headers(rewrite.name());
                request.removeHeaders(rewrite.name());
                for (String value : values) {
                    addIfWellFormed(rewrite.name(), rewrite.apply(value));
                }
            } else {
                request.removeHeaders(edit.name());
            }
        }
    }

    private void addIfWellFormed(String name, String value) {
        try {
            request.addHeaderIfWellFormed(new HeaderField(name, value));
        } catch (IllegalArgumentException e) {
            // a line break would have started another header: left out
        }
    }

    /**
     * A {@code route} decision: points the Request-URI's host and port at the trunk, which is how
     * the B2BUA's router picks a trunk for a request from the inside. False when the Request-URI
     * is no SIP URI (nothing was changed).
     */
    public boolean routeTo(String host, int port) {
        return request.retarget(host, port);
    }

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public Side side() {
        return side;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public InetAddress source() {
        return source;
    }

    @Override
    public Optional<String> ruriUser() {
        return ruriUser;
    }

    @Override
    public Optional<String> ruriHost() {
        return ruriHost;
    }

    @Override
    public Optional<String> fromUser() {
        return fromUser;
    }

    @Override
    public Optional<String> fromDomain() {
        return fromDomain;
    }

    @Override
    public Optional<String> toUser() {
        return toUser;
    }

    @Override
    public Optional<String> toDomain() {
        return toDomain;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = request.headers(name);
        return values.size() > MAX_HEADER_VALUES ? values.subList(0, MAX_HEADER_VALUES) : values;
    }

    @Override
    public Optional<String> userAgent() {
        return userAgent;
    }

    @Override
    public Optional<String> authenticatedUser() {
        return known.authenticatedUser();
    }

    @Override
    public boolean registered() {
        return known.registered();
    }

    @Override
    public boolean trusted() {
        return known.trusted();
    }

    @Override
    public Optional<String> trunk() {
        return known.trunk();
    }

    @Override
    public Instant time() {
        return time;
    }

    @Override
    public List<String> labels(String name) {
        return known.labels().getOrDefault(name, List.of());
    }

    private static Optional<String> user(SipUri uri) {
        return uri.isSip() ? Optional.ofNullable(uri.user()).filter(u -> !u.isEmpty()) : Optional.empty();
    }

    private static Optional<String> host(SipUri uri) {
        return uri.isSip() ? Optional.ofNullable(uri.host()) : Optional.empty();
    }
}
