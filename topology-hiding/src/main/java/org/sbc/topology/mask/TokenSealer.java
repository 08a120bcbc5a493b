package org.sbc.topology.mask;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals bytes into URL-safe tokens with an AEAD cipher under the current key, and opens tokens
 * made under the current or the previous key (rotation). A token that fails authentication
 * opens to nothing, never to garbage.
 *
 * <p>AES-256-GCM from the JDK. Token bytes: {@link #VERSION} | key hint (the first byte of the
 * key's SHA-256) | 12-byte random nonce | ciphertext | 16-byte tag, with the version and hint
 * bytes authenticated as associated data; the text is URL-safe Base64 without padding. A fresh
 * random nonce per token means two tokens of the same mapping differ, so an outside party cannot
 * link them, and a 96-bit random nonce stays safe for far more tokens than a key will ever seal
 * between rotations. The hint only saves a trial decryption; it is not trusted.
 *
 * <p>Token length for an n-byte plaintext: {@code ceil((2 + 12 + n + 16) * 4 / 3)} characters,
 * i.e. {@link #tokenLength(int)}; 150 bytes give a 240-character token.
 */
public final class TokenSealer {

    public static final int KEY_BYTES = 32;

    /** The first token byte; a new layout or cipher gets a new value. */
    public static final byte VERSION = 1;

    private static final int HEADER_BYTES = 2;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int OVERHEAD_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Cipher.getInstance walks the providers on every call; one Cipher per thread is reused. */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(TokenSealer::newCipher);

    private final SecureRandom random = new SecureRandom();
    private final SecretKey current;
    private final byte currentHint;
    private final Optional<SecretKey> previous;
    private final byte previousHint;

    /**
     * @throws IllegalArgumentException when a key is not {@link #KEY_BYTES} long or the previous
     *     key equals the current one (a rotation that rotated nothing)
     */
    public TokenSealer(byte[] currentKey, Optional<byte[]> previousKey) {
        checkKey("currentKey", currentKey);
        this.current = new SecretKeySpec(currentKey.clone(), "AES");
        this.currentHint = hint(currentKey);
        if (previousKey.isPresent()) {
            byte[] key = previousKey.get();
            checkKey("previousKey", key);
            if (MessageDigest.isEqual(key, currentKey)) {
                throw new IllegalArgumentException("previousKey: the same as currentKey (expected: a different key)");
            }
            this.previous = Optional.of(new SecretKeySpec(key.clone(), "AES"));
            this.previousHint = hint(key);
        } else {
            this.previous = Optional.empty();
            this.previousHint = 0;
        }
    }

    /** Characters of a token sealing {@code plaintextBytes} bytes. */
    public static int tokenLength(int plaintextBytes) {
        int bytes = OVERHEAD_BYTES + plaintextBytes;
        return (bytes * 4 + 2) / 3;
    }

    /**
     * Characters a token adds beyond the unpadded Base64 of its plaintext: 40 for every length,
     * since the 30 overhead bytes are a whole number of Base64 groups.
     */
    public static int overhead() {
        return OVERHEAD_BYTES / 3 * 4;
    }

    /** [A-Za-z0-9_-] only. */
    public String seal(byte[] plaintext) {
        byte[] token = new byte[OVERHEAD_BYTES + plaintext.length];
        token[0] = VERSION;
        token[1] = currentHint;
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, token, HEADER_BYTES, NONCE_BYTES);
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(token, 0, HEADER_BYTES);
            int written = cipher.doFinal(plaintext, 0, plaintext.length, token, HEADER_BYTES + NONCE_BYTES);
            if (written != plaintext.length + TAG_BYTES) {
                throw new IllegalStateException("AES-GCM wrote " + written + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
        return ENCODER.encodeToString(token);
    }

    /** The plaintext; empty for malformed, truncated, forged or foreign tokens, never an exception. */
    public Optional<byte[]> open(String token) {
        if (token == null || token.length() < tokenLength(0) || !isBase64Url(token)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Re-encoding must give the same text: rejects the unused low bits of a last character
        // that the decoder ignores, so each token has exactly one spelling.
        if (bytes.length < OVERHEAD_BYTES || bytes[0] != VERSION || tokenLength(bytes.length - OVERHEAD_BYTES) != token.length()
                || !ENCODER.encodeToString(bytes).equals(token)) {
            return Optional.empty();
        }
        byte hint = bytes[1];
        if (hint == currentHint) {
            Optional<byte[]> opened = open(current, bytes);
            if (opened.isPresent()) {
                return opened;
            }
        }
        if (previous.isPresent() && hint == previousHint) {
            return open(previous.get(), bytes);
        }
        return Optional.empty();
    }

    private static Optional<byte[]> open(SecretKey key, byte[] token) {
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, token, HEADER_BYTES, NONCE_BYTES));
            cipher.updateAAD(token, 0, HEADER_BYTES);
            int offset = HEADER_BYTES + NONCE_BYTES;
            return Optional.of(cipher.doFinal(token, offset, token.length - offset));
        } catch (GeneralSecurityException e) {
            // AEADBadTagException above all: forged, altered or sealed under another key. The
            // Cipher is ready for its next init either way.
            return Optional.empty();
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

    private static void checkKey(String name, byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException(name + ": null (expected: " + KEY_BYTES + " bytes)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(name + ": " + key.length + " bytes (expected: " + KEY_BYTES + " bytes)");
        }
    }

    private static byte hint(byte[] key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key)[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException(TRANSFORMATION + " missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        // Keys never reach a log.
        return "TokenSealer[previousKey=" + previous.isPresent() + "]";
    }
}
