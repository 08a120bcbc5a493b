package org.sbc.core.edge.auth;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HA1 values of one realm, per username and algorithm, as read from the credentials file.
 * HA1 = H(username ":" realm ":" password) (RFC 7616 §3.4.2): the file never holds a password,
 * and an HA1 is useless in any other realm.
 */
public final class DigestCredentials {

    private static final DigestCredentials NONE = new DigestCredentials(Map.of());

    private final Map<String, Map<DigestAlgorithm, String>> ha1ByUser;

    private DigestCredentials(Map<String, Map<DigestAlgorithm, String>> ha1ByUser) {
        Map<String, Map<DigestAlgorithm, String>> copy = new HashMap<>();
        ha1ByUser.forEach((user, byAlgorithm) -> copy.put(user, Map.copyOf(new EnumMap<>(byAlgorithm))));
        this.ha1ByUser = Map.copyOf(copy);
    }

    public static DigestCredentials none() {
        return NONE;
    }

    /** {@code ha1ByUser}: username → algorithm → HA1 in lower-case hex. */
    public static DigestCredentials of(Map<String, Map<DigestAlgorithm, String>> ha1ByUser) {
        requireNonNull(ha1ByUser, "ha1ByUser");
        return ha1ByUser.isEmpty() ? NONE : new DigestCredentials(ha1ByUser);
    }

    /** The HA1 (lower-case hex) of {@code username} for {@code algorithm}; usernames are case-sensitive. */
    public Optional<String> ha1(String username, DigestAlgorithm algorithm) {
        Map<DigestAlgorithm, String> byAlgorithm = ha1ByUser.get(username);
        return byAlgorithm == null ? Optional.empty() : Optional.ofNullable(byAlgorithm.get(algorithm));
    }

    public int users() {
        return ha1ByUser.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DigestCredentials that && ha1ByUser.equals(that.ha1ByUser);
    }

    @Override
    public int hashCode() {
        return ha1ByUser.hashCode();
    }

    /** Never the hashes: an HA1 is as good as the password in its realm. */
    @Override
    public String toString() {
        return "DigestCredentials[" + ha1ByUser.size() + " users]";
    }
}
