package org.sbc.core.edge.policy;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * <p>Every field and fact is read when a rule first asks for it, then kept: most requests meet
 * only a few conditions (an ACK or a BYE typically only the User-Agent), so a registration
 * lookup, the credentials check or the From and To parse is paid only by the requests whose
 * rules read it. Values are as received: attacker-controlled, and only ever compared. One
 * request, one thread: not thread-safe.
 */
public final class SipPolicyInput implements PolicyInput {

    /** A header lookup returns at most this many values: a request with 10,000 X-Foo lines costs no more. */
    static final int MAX_HEADER_VALUES = 32;

    private final ReceivedMessage message;
    private final SipRequest request;
    private final Side side;
    private final InetAddress source;
    private final SourceFacts facts;
    private final Instant time;
    // Read on first use (null: not read yet).
    private Optional<String> ruriUser;
    private Optional<String> ruriHost;
    private Optional<SipUri> from;
    private Optional<SipUri> to;
    private Optional<String> userAgent;
    private Optional<String> authenticatedUser;
    private Optional<String> trunk;
    private Boolean registered;
    private Boolean trusted;
    private Map<String, List<String>> labels;

    private SipPolicyInput(ReceivedMessage message, Side side, SourceFacts facts, Instant time) {
        this.message = message;
        this.request = message.request();
        this.side = side;
        this.source = message.peer().remote().getAddress();
        this.facts = facts;
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
        return new SipPolicyInput(message, side, requireNonNull(sourceFacts, "sourceFacts"), requireNonNull(time, "time"));
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
        return switch (message.peer().transport()) {
            case UDP -> Transport.UDP;
            case TCP -> Transport.TCP;
            case TLS -> Transport.TLS;
        };
    }

    @Override
    public InetAddress source() {
        return source;
    }

    @Override
    public Optional<String> ruriUser() {
        if (ruriUser == null) {
            ruriUser = user(request.requestUri());
        }
        return ruriUser;
    }

    @Override
    public Optional<String> ruriHost() {
        if (ruriHost == null) {
            ruriHost = host(request.requestUri());
        }
        return ruriHost;
    }

    @Override
    public Optional<String> fromUser() {
        return from().flatMap(SipPolicyInput::user);
    }

    @Override
    public Optional<String> fromDomain() {
        return from().flatMap(SipPolicyInput::host);
    }

    @Override
    public Optional<String> toUser() {
        return to().flatMap(SipPolicyInput::user);
    }

    @Override
    public Optional<String> toDomain() {
        return to().flatMap(SipPolicyInput::host);
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = request.headers(name);
        return values.size() > MAX_HEADER_VALUES ? values.subList(0, MAX_HEADER_VALUES) : values;
    }

    @Override
    public Optional<String> userAgent() {
        if (userAgent == null) {
            userAgent = request.header("User-Agent");
        }
        return userAgent;
    }

    @Override
    public Optional<String> authenticatedUser() {
        if (authenticatedUser == null) {
            authenticatedUser = facts.authenticatedUser(message);
        }
        return authenticatedUser;
    }

    @Override
    public boolean registered() {
        if (registered == null) {
            registered = facts.registered(fromUser().orElse(null), source);
        }
        return registered;
    }

    @Override
    public boolean trusted() {
        if (trusted == null) {
            trusted = facts.trusted(source);
        }
        return trusted;
    }

    @Override
    public Optional<String> trunk() {
        if (trunk == null) {
            trunk = facts.trunk(message, source);
        }
        return trunk;
    }

    @Override
    public Instant time() {
        return time;
    }

    @Override
    public List<String> labels(String name) {
        if (labels == null) {
            labels = facts.labels(source);
        }
        return labels.getOrDefault(name, List.of());
    }

    private Optional<SipUri> from() {
        if (from == null) {
            from = request.from().flatMap(NameAddress::uri);
        }
        return from;
    }

    private Optional<SipUri> to() {
        if (to == null) {
            to = request.to().flatMap(NameAddress::uri);
        }
        return to;
    }

    private static Optional<String> user(SipUri uri) {
        return uri.isSip() ? Optional.ofNullable(uri.user()).filter(u -> !u.isEmpty()) : Optional.empty();
    }

    private static Optional<String> host(SipUri uri) {
        return uri.isSip() ? Optional.ofNullable(uri.host()) : Optional.empty();
    }
}
