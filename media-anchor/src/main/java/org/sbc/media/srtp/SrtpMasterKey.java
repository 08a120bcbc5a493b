package org.sbc.media.srtp;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A master key and master salt for one suite (RFC 3711 §3.2.1), with the optional lifetime SDES
 * may attach to it (RFC 4568 §6.1). The session keys are derived from it (RFC 3711 §4.3).
 *
 * <p>Holds copies; hands out copies. {@link #toString()} never shows the key or salt, and
 * {@link #equals(Object)} compares them in constant time.
 */
public final class SrtpMasterKey {

    private final SrtpSuite suite;
    private final byte[] key;
    private final byte[] salt;
    private final OptionalLong lifetime;

    private SrtpMasterKey(SrtpSuite suite, byte[] key, byte[] salt, OptionalLong lifetime) {
        this.suite = suite;
        this.key = key;
        this.salt = salt;
        this.lifetime = lifetime;
    }

    /**
     * @throws IllegalArgumentException when the key or salt is not as long as the suite needs
     */
    public static SrtpMasterKey of(SrtpSuite suite, byte[] key, byte[] salt) {
        requireNonNull(suite, "suite");
        requireNonNull(key, "key");
        requireNonNull(salt, "salt");
        if (key.length != suite.keyLength()) {
            throw new IllegalArgumentException("key: " + key.length + " octets (expected: " + suite.keyLength() + " for " + suite + ")");
        }
        if (salt.length != suite.saltLength()) {
            throw new IllegalArgumentException("salt: " + salt.length + " octets (expected: " + suite.saltLength() + " for " + suite + ")");
        }
        return new SrtpMasterKey(suite, key.clone(), salt.clone(), OptionalLong.empty());
    }

    /** From key||salt, as SDES carries them (RFC 4568 §6.1). */
    public static SrtpMasterKey of(SrtpSuite suite, byte[] keyAndSalt) {
        requireNonNull(suite, "suite");
        requireNonNull(keyAndSalt, "keyAndSalt");
        if (keyAndSalt.length != suite.keyAndSaltLength()) {
            throw new IllegalArgumentException("keyAndSalt: " + keyAndSalt.length + " octets (expected: "
                    + suite.keyAndSaltLength() + " for " + suite + ")");
        }
        return of(suite, Arrays.copyOf(keyAndSalt, suite.keyLength()),
                Arrays.copyOfRange(keyAndSalt, suite.keyLength(), keyAndSalt.length));
    }

    /** A fresh random key and salt (RFC 3711 §3.2.1: the master key MUST be random). */
    public static SrtpMasterKey generate(SrtpSuite suite, SecureRandom random) {
        requireNonNull(suite, "suite");
        requireNonNull(random, "random");
        byte[] keyAndSalt = new byte[suite.keyAndSaltLength()];
        random.nextBytes(keyAndSalt);
        return of(suite, keyAndSalt);
    }

    /**
     * This key limited to {@code packets} SRTP packets and as many SRTCP packets (RFC 4568 §6.1);
     * a context refuses packets past it with {@link SrtpStatus#KEY_EXPIRED}.
     *
     * @throws IllegalArgumentException when {@code packets} is not in 1..2^48
     */
    public SrtpMasterKey withLifetime(long packets) {
        if (packets < 1 || packets > SrtpSuite.MAX_SRTP_PACKETS) {
            throw new IllegalArgumentException("lifetime: " + packets + " (expected: 1..2^48)");
        }
        return new SrtpMasterKey(suite, key, salt, OptionalLong.of(packets));
    }

    public SrtpSuite suite() {
        return suite;
    }

    /** A copy of the master key. */
    public byte[] key() {
        return key.clone();
    }

    /** A copy of the master salt. */
    public byte[] salt() {
        return salt.clone();
    }

    /** A copy of key||salt. */
    public byte[] keyAndSalt() {
        byte[] both = Arrays.copyOf(key, key.length + salt.length);
        System.arraycopy(salt, 0, both, key.length, salt.length);
        return both;
    }

    /** Packets (SRTP and SRTCP, each) the key may protect; empty: the suite's maximum. */
    public OptionalLong lifetime() {
        return lifetime;
    }

    // Package-private views without copies, for key derivation only.
    byte[] keyBytes() {
        return key;
    }

    byte[] saltBytes() {
        return salt;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SrtpMasterKey)) {
            return false;
        }
        SrtpMasterKey that = (SrtpMasterKey) other;
        // MessageDigest.isEqual takes the same time for equal-length inputs wherever they differ.
        boolean sameKey = MessageDigest.isEqual(key, that.key);
        boolean sameSalt = MessageDigest.isEqual(salt, that.salt);
        return suite == that.suite && lifetime.equals(that.lifetime) && sameKey & sameSalt;
    }

    @Override
    public int hashCode() {
        // Not from the key: a hash of key bytes would leak some of them wherever it is shown.
        return suite.hashCode() * 31 + lifetime.hashCode();
    }

    @Override
    public String toString() {
        return "SrtpMasterKey[suite=" + suite
                + (lifetime.isPresent() ? ", lifetime=" + lifetime.getAsLong() : "")
                + ", key=(hidden)]";
    }
}
