package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The facts a policy decides on. sbc-core implements this over its own message type; tests and
 * the offline tester use {@link #builder()}. Values are as received (attacker-controlled) and may
 * be absent; a condition on an absent value does not hold.
 */
public interface PolicyInput {

    /** The request method as on the wire, e.g. {@code INVITE}. */
    String method();

    Side side();

    Transport transport();

    /** The source address of the packet or connection (never a header's claim). */
    InetAddress source();

    Optional<String> ruriUser();

    Optional<String> ruriHost();

    Optional<String> fromUser();

    Optional<String> fromDomain();

    Optional<String> toUser();

    Optional<String> toDomain();

    /** The values of every header named {@code name} (compared without regard to case), in order. */
    List<String> headers(String name);

    Optional<String> userAgent();

    /** The user that passed digest authentication for this request, if any. */
    Optional<String> authenticatedUser();

    /** Whether the source holds a current registration through the SBC. */
    boolean registered();

    /** Whether the source is in the SBC's trusted networks. Policies see trusted sources too. */
    boolean trusted();

    /** The trunk the source belongs to, if it is one. */
    Optional<String> trunk();

    /** The time the request is judged at; time windows use it. */
    Instant time();

    /** Labels attached by other steps, e.g. {@code country}, {@code asn}, {@code feed}: all values. */
    List<String> labels(String name);

    static Builder builder() {
        return new Builder();
    }

    /** Builds an immutable input; for tests and the offline tester. */
    final class Builder {

        private String method = "INVITE";
        private Side side = Side.OUTSIDE;
        private Transport transport = Transport.UDP;
        private InetAddress source = InetAddress.getLoopbackAddress();
        private String ruriUser;
        private String ruriHost;
        private String fromUser;
        private String fromDomain;
        private String toUser;
        private String toDomain;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private String userAgent;
        private String authenticatedUser;
        private boolean registered;
        private boolean trusted;
        private String trunk;
        private Instant time = Instant.EPOCH;
        private final Map<String, List<String>> labels = new LinkedHashMap<>();

        private Builder() {}

        public Builder method(String method) {
            this.method = requireNonNull(method, "method");
            return this;
        }

        public Builder side(Side side) {
            this.side = requireNonNull(side, "side");
            return this;
        }

        public Builder transport(Transport transport) {
            this.transport = requireNonNull(transport, "transport");
            return this;
        }

        public Builder source(InetAddress source) {
            this.source = requireNonNull(source, "source");
            return this;
        }

        public Builder ruriUser(String ruriUser) {
            this.ruriUser = ruriUser;
            return this;
        }

        public Builder ruriHost(String ruriHost) {
            this.ruriHost = ruriHost;
            return this;
        }

        public Builder fromUser(String fromUser) {
            this.fromUser = fromUser;
            return this;
        }

        public Builder fromDomain(String fromDomain) {
            this.fromDomain = fromDomain;
            return this;
        }

        public Builder toUser(String toUser) {
            this.toUser = toUser;
            return this;
        }

        public Builder toDomain(String toDomain) {
            this.toDomain = toDomain;
            return this;
        }

        public Builder header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(requireNonNull(value, "value"));
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder authenticatedUser(String authenticatedUser) {
            this.authenticatedUser = authenticatedUser;
            return this;
        }

        public Builder registered(boolean registered) {
            this.registered = registered;
            return this;
        }

        public Builder trusted(boolean trusted) {
            this.trusted = trusted;
            return this;
        }

        public Builder trunk(String trunk) {
            this.trunk = trunk;
            return this;
        }

        public Builder time(Instant time) {
            this.time = requireNonNull(time, "time");
            return this;
        }

        public Builder label(String name, String value) {
            labels.computeIfAbsent(name, k -> new ArrayList<>()).add(requireNonNull(value, "value"));
            return this;
        }

        public PolicyInput build() {
            Map<String, List<String>> headerCopy = new LinkedHashMap<>();
            headers.forEach((k, v) -> headerCopy.put(k, List.copyOf(v)));
            Map<String, List<String>> labelCopy = new LinkedHashMap<>();
            labels.forEach((k, v) -> labelCopy.put(k, List.copyOf(v)));
            return new Built(method, side, transport, source, Optional.ofNullable(ruriUser),
                    Optional.ofNullable(ruriHost), Optional.ofNullable(fromUser), Optional.ofNullable(fromDomain),
                    Optional.ofNullable(toUser), Optional.ofNullable(toDomain), Map.copyOf(headerCopy),
                    Optional.ofNullable(userAgent), Optional.ofNullable(authenticatedUser), registered, trusted,
                    Optional.ofNullable(trunk), time, Map.copyOf(labelCopy));
        }
    }

    /** The builder's product: a plain value. */
    record Built(String method, Side side, Transport transport, InetAddress source, Optional<String> ruriUser,
            Optional<String> ruriHost, Optional<String> fromUser, Optional<String> fromDomain,
            Optional<String> toUser, Optional<String> toDomain, Map<String, List<String>> headerMap,
            Optional<String> userAgent, Optional<String> authenticatedUser, boolean registered, boolean trusted,
            Optional<String> trunk, Instant time, Map<String, List<String>> labelMap) implements PolicyInput {

        @Override
        public List<String> headers(String name) {
            return headerMap.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        @Override
        public List<String> labels(String name) {
            return labelMap.getOrDefault(name, List.of());
        }
    }
}
