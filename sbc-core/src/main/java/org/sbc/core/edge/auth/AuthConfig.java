package org.sbc.core.edge.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.Mode;

/**
 * The {@code security.auth:} section: digest authentication by the SBC itself (challenge mode,
 * RFC 3261 §22 with RFC 7616 and RFC 8760). Off unless {@code challenge} names networks; then
 * realm, credentials and nonce secret are required (checked at load).
 *
 * @param mode {@code monitor} verifies and counts but challenges, refuses and bans nobody
 * @param challenge sources in these networks are challenged (trusted networks never are)
 * @param realm the protection space; every HA1 in the credentials file is for this realm
 * @param nonceSecret the HMAC key that lets the SBC verify its nonces without storing them
 * @param nonceLifetimeSeconds a nonce older than this gets {@code stale=true}
 * @param algorithms offered in this order, one challenge header each (RFC 8760 §2.4)
 * @param methods request methods that are challenged; never ACK or CANCEL (RFC 3261 §22.1)
 * @param replayTableEntries nonces whose highest nonce-count is remembered (replay protection)
 * @param watch pass-through mode: for sources in these networks (and not challenged) the PBX
 *     challenges, and the SBC counts the PBX's 401/407/403 to requests that carried credentials
 *     with the same failure limits. Every address by default: it only ever counts evidence.
 */
public record AuthConfig(
        Mode mode,
        CidrSet challenge,
        String realm,
        DigestCredentials credentials,
        Optional<NonceSecret> nonceSecret,
        int nonceLifetimeSeconds,
        List<DigestAlgorithm> algorithms,
        Set<String> methods,
        FailureLimits failures,
        int replayTableEntries,
        CidrSet watch) {

    public static final List<String> DEFAULT_METHODS = List.of("REGISTER", "INVITE", "MESSAGE", "SUBSCRIBE", "REFER", "OPTIONS");

    /** Declared before DEFAULT, which needs it. */
    private static final CidrSet DEFAULT_WATCH = CidrSet.of(List.of(
            IpPrefix.parse("0.0.0.0/0").orElseThrow(), IpPrefix.parse("::/0").orElseThrow()));

    /** Off: the embedded defaults need no secret and no credentials file. */
    public static final AuthConfig DEFAULT = new AuthConfig(
            Mode.ENFORCE, CidrSet.empty(), "", DigestCredentials.none(), Optional.empty(), 300,
            List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), Set.copyOf(DEFAULT_METHODS),
            FailureLimits.DEFAULT, 65_536);

    public AuthConfig {
        requireNonNull(mode, "mode");
        requireNonNull(challenge, "challenge");
        requireNonNull(realm, "realm");
        requireNonNull(credentials, "credentials");
        requireNonNull(nonceSecret, "nonceSecret");
        algorithms = List.copyOf(algorithms);
        methods = Set.copyOf(methods);
        requireNonNull(failures, "failures");
        requireNonNull(watch, "watch");
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("algorithms: [] (expected: at least one)");
        }
        if (methods.contains("ACK") || methods.contains("CANCEL")) {
            throw new IllegalArgumentException("methods: " + methods + " (expected: no ACK or CANCEL, RFC 3261 §22.1)");
        }
        if (!challenge.isEmpty() && (nonceSecret.isEmpty() || realm.isEmpty())) {
            throw new IllegalArgumentException("auth: challenge set (expected: realm and nonce_secret as well)");
        }
    }

    /** Without a {@code watch} list of its own: the default watch (every address). */
    public AuthConfig(Mode mode, CidrSet challenge, String realm, DigestCredentials credentials,
            Optional<NonceSecret> nonceSecret, int nonceLifetimeSeconds, List<DigestAlgorithm> algorithms,
            Set<String> methods, FailureLimits failures, int replayTableEntries) {
        this(mode, challenge, realm, credentials, nonceSecret, nonceLifetimeSeconds, algorithms, methods, failures,
                replayTableEntries, DEFAULT_WATCH);
    }

    public boolean enabled() {
        return !challenge.isEmpty();
    }

    /**
     * Failures are counted per source address and per (source, username) in a window. A pair
     * that reaches {@code perUser} is refused with 403 for {@code windowSeconds} (one phone with
     * a wrong password behind an office NAT is stopped without banning the office); a source that
     * reaches {@code perSource} is banned.
     *
     * @param maxTracked bound on the table of counted sources and pairs
     */
    public record FailureLimits(int windowSeconds, int perUser, int perSource, int maxTracked) {

        public static final FailureLimits DEFAULT = new FailureLimits(600, 5, 20, 65_536);

        public FailureLimits {
            if (perUser < 1 || perSource < 1 || windowSeconds < 1 || maxTracked < 1) {
                throw new IllegalArgumentException("failures: " + this + " (expected: every value >= 1)");
            }
            if (perUser > perSource) {
                throw new IllegalArgumentException("per_user: " + perUser + " is larger than per_source " + perSource
                        + " (expected: per_user <= per_source)");
            }
        }
    }

    /** The nonce HMAC key. Its text never appears in toString, logs or error messages. */
    public record NonceSecret(String value) {

        public NonceSecret {
            requireNonNull(value, "value");
        }

        public byte[] bytes() {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "NonceSecret[redacted]";
        }
    }
}
