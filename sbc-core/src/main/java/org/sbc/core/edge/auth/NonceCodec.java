package org.sbc.core.edge.auth;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Nonces the SBC can verify without storing them (RFC 7616 §3.3 leaves the format to the
 * server): base64url(timestamp ‖ random ‖ HMAC-SHA256(secret, timestamp ‖ random ‖ realm)),
 * the tag cut to 24 bytes. 8 + 16 + 24 = 48 bytes are exactly 64 base64 characters with no
 * spare bits, so no two spellings decode to the same nonce. A nonce whose tag is right but whose
 * timestamp is older than the lifetime is {@code STALE}: the client knew the password, and only
 * needs a new nonce ({@code stale=true}).
 */
public final class NonceCodec {

    static final int TIMESTAMP_BYTES = 8;
    static final int RANDOM_BYTES = 16;
    static final int TAG_BYTES = 24;
    static final int NONCE_CHARS = 64;
    /** Clock steps between nodes or after NTP corrections; a nonce "from the future" within this is fine. */
    static final long FUTURE_SKEW_SECONDS = 30;

    public enum Status { VALID, STALE, INVALID }

    /** @param issuedAt seconds since the epoch; 0 when INVALID */
    public record Check(Status status, long issuedAt) {}

    private static final Check INVALID = new Check(Status.INVALID, 0);

    private final SecretKeySpec key;
    private final byte[] realm;
    private final long lifetimeSeconds;
    private final SecureRandom random;
    private final ThreadLocal<Mac> macs;

    public NonceCodec(byte[] secret, String realm, long lifetimeSeconds, SecureRandom random) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.realm = realm.getBytes(StandardCharsets.UTF_8);
        this.lifetimeSeconds = lifetimeSeconds;
        this.random = requireNonNull(random, "random");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String issue(long nowSeconds) {
        byte[] body = new byte[TIMESTAMP_BYTES + RANDOM_BYTES + TAG_BYTES];
        ByteBuffer.wrap(body).putLong(nowSeconds);
        byte[] nonceRandom = new byte[RANDOM_BYTES];
        random.nextBytes(nonceRandom);
        System.arraycopy(nonceRandom, 0, body, TIMESTAMP_BYTES, RANDOM_BYTES);
        System.arraycopy(tag(body), 0, body, TIMESTAMP_BYTES + RANDOM_BYTES, TAG_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body);
    }

    public Check verify(String nonce, long nowSeconds) {
        if (nonce.length() != NONCE_CHARS || !isBase64Url(nonce)) {
            return INVALID; // checked first, so the decoder below cannot throw
        }
        byte[] body = Base64.getUrlDecoder().decode(nonce);
        byte[] received = Arrays.copyOfRange(body, TIMESTAMP_BYTES + RANDOM_BYTES, body.length);
        if (!MessageDigest.isEqual(tag(body), received)) {
            return INVALID;
        }
        long issuedAt = ByteBuffer.wrap(body).getLong();
        long age = nowSeconds - issuedAt;
        boolean fresh = age <= lifetimeSeconds && age >= -FUTURE_SKEW_SECONDS;
        return new Check(fresh ? Status.VALID : Status.STALE, issuedAt);
    }

    /** The first 24 bytes of HMAC-SHA256 over timestamp ‖ random ‖ realm. */
    private byte[] tag(byte[] body) {
        Mac mac = macs.get();
        mac.update(body, 0, TIMESTAMP_BYTES + RANDOM_BYTES);
        mac.update(realm);
        return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static boolean isBase64Url(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
