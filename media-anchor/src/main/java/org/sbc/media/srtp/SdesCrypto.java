package org.sbc.media.srtp;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One SDES {@code a=crypto} attribute for SRTP (RFC 4568 §9.1 and §9.2), the value after
 * {@code "a=crypto:"}:
 *
 * <pre>tag 1*WSP suite 1*WSP "inline:" base64(key||salt) ["|" lifetime] *(1*WSP session-param)</pre>
 *
 * <p>{@link #parse(String)} refuses, with an {@link SdesStatus}, anything it cannot honour: bad
 * syntax, an unknown suite, bad base64, a key||salt of the wrong length (§6.1), an MKI or several
 * keys (not supported: see {@link SdesStatus#MKI_UNSUPPORTED}), and session parameters that would
 * change what the contexts do (§6.3). It accepts WSH (a hint we may ignore, §6.3.6),
 * FEC_ORDER=FEC_SRTP (the default, §6.3.4) and optional "-" parameters (§6.3.7), and keeps them so
 * that {@code parse(format(x))} equals {@code x}.
 *
 * <p>{@link #format()} writes the key in base64: it is for the SDP body only, which must travel
 * encrypted (RFC 4568 §8.3). {@link #toString()} never shows the key.
 *
 * @param tag the attribute's tag, 0..999999999 (§9.1: 1*9DIGIT)
 * @param masterKey the key, its suite and optional lifetime
 * @param sessionParameters the accepted session parameters, verbatim
 */
public record SdesCrypto(int tag, SrtpMasterKey masterKey, List<String> sessionParameters) {

    /**
     * Longest attribute value parsed. The longest valid value we accept is well under 200
     * characters; the cap keeps a hostile SDP from making the parser walk megabytes.
     */
    public static final int MAX_LENGTH = 1024;

    public static final int MAX_TAG = 999_999_999;

    private static final String INLINE = "inline";
    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    public SdesCrypto {
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("tag: " + tag + " (expected: 0.." + MAX_TAG + ")");
        }
        requireNonNull(masterKey, "masterKey");
        sessionParameters = List.copyOf(requireNonNull(sessionParameters, "sessionParameters"));
        for (String parameter : sessionParameters) {
            SdesStatus status = checkSessionParameter(parameter);
            if (status != SdesStatus.OK) {
                throw new IllegalArgumentException("sessionParameters: " + parameter + " (" + status + ")");
            }
        }
    }

    /** An attribute without session parameters. */
    public static SdesCrypto of(int tag, SrtpMasterKey masterKey) {
        return new SdesCrypto(tag, masterKey, List.of());
    }

    /** An attribute with a fresh random key and salt for {@code suite} (RFC 4568 §6.1, RFC 3711 §3.2.1). */
    public static SdesCrypto generate(int tag, SrtpSuite suite, SecureRandom random) {
        return of(tag, SrtpMasterKey.generate(suite, random));
    }

    public SrtpSuite suite() {
        return masterKey.suite();
    }

    /** The attribute value, key included: for the SDP body only, never for a log. */
    public String format() {
        StringBuilder value = new StringBuilder(80)
                .append(tag).append(' ')
                .append(masterKey.suite().sdesName()).append(' ')
                .append(INLINE).append(':').append(ENCODER.encodeToString(masterKey.keyAndSalt()));
        masterKey.lifetime().ifPresent(lifetime -> value.append('|').append(formatLifetime(lifetime)));
        for (String parameter : sessionParameters) {
            value.append(' ').append(parameter);
        }
        return value.toString();
    }

    /** Parses an attribute value (without {@code "a=crypto:"}); never throws for any text. */
    public static SdesParse parse(String value) {
        requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return SdesParse.refused(SdesStatus.MALFORMED);
        }
        List<String> fields = fields(value);
        if (fields == null || fields.size() < 3) {
            return SdesParse.refused(SdesStatus.MALFORMED);
        }
        String tagText = fields.get(0);
        if (tagText.length() > 9 || !isDigits(tagText)) {
            return SdesParse.refused(SdesStatus.MALFORMED);
        }
        String suiteName = fields.get(1);
        if (!isName(suiteName)) {
            return SdesParse.refused(SdesStatus.MALFORMED);
        }
        Optional<SrtpSuite> suite = SrtpSuite.ofSdesName(suiteName);
        if (suite.isEmpty()) {
            return SdesParse.refused(SdesStatus.UNKNOWN_SUITE);
        }
        String keyParams = fields.get(2);
        if (keyParams.indexOf(';') >= 0) {
            return SdesParse.refused(SdesStatus.MULTIPLE_KEYS);
        }
        int colon = keyParams.indexOf(':');
        if (colon <= 0 || !isName(keyParams.substring(0, colon))) {
            return SdesParse.refused(SdesStatus.MALFORMED);
        }
        if (!keyParams.substring(0, colon).equals(INLINE)) {
            return SdesParse.refused(SdesStatus.UNSUPPORTED_KEY_METHOD);
        }
        String[] parts = keyParams.substring(colon + 1).split("\\|", -1);
        if (parts.length > 3) {
            return SdesParse.refused(SdesStatus.MALFORMED);
        }
        String lifetimeText = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].indexOf(':') >= 0) {
                // The MKI is last (§9.2); refused whatever its syntax.
                return SdesParse.refused(i == parts.length - 1 ? SdesStatus.MKI_UNSUPPORTED : SdesStatus.MALFORMED);
            }
            if (i == 2) {
                return SdesParse.refused(SdesStatus.MALFORMED);
            }
            lifetimeText = parts[i];
        }
        byte[] keyAndSalt = decodeBase64(parts[0]);
        if (keyAndSalt == null) {
            return SdesParse.refused(SdesStatus.BAD_BASE64);
        }
        if (keyAndSalt.length != suite.get().keyAndSaltLength()) {
            return SdesParse.refused(SdesStatus.WRONG_KEY_LENGTH);
        }
        SrtpMasterKey masterKey = SrtpMasterKey.of(suite.get(), keyAndSalt);
        if (lifetimeText != null) {
            long lifetime = parseLifetime(lifetimeText);
            if (lifetime < 1) {
                return SdesParse.refused(SdesStatus.BAD_LIFETIME);
            }
            masterKey = masterKey.withLifetime(lifetime);
        }
        List<String> sessionParameters = fields.subList(3, fields.size());
        for (String parameter : sessionParameters) {
            SdesStatus status = checkSessionParameter(parameter);
            if (status != SdesStatus.OK) {
                return SdesParse.refused(status);
            }
        }
        return SdesParse.accepted(new SdesCrypto(Integer.parseInt(tagText), masterKey, sessionParameters));
    }

    /** Fields split on runs of WSP (§9.1: 1*WSP); null for leading or trailing WSP or a non-visible character. */
    private static List<String> fields(String value) {
        List<String> fields = new ArrayList<>(4);
        int start = -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                if (start < 0) {
                    return null;
                }
                fields.add(value.substring(start, i));
                start = -1;
                while (i + 1 < value.length() && (value.charAt(i + 1) == ' ' || value.charAt(i + 1) == '\t')) {
                    i++;
                }
            } else if (c < 0x21 || c > 0x7e) {
                return null;
            } else if (start < 0) {
                start = i;
            }
        }
        if (start < 0) {
            return null;
        }
        fields.add(value.substring(start));
        return fields;
    }

    /**
     * key||salt, or null. Padding is optional (§6.1: it is discarded); anything else must be the
     * one canonical spelling, so that unused low bits cannot carry a second spelling of one key.
     */
    private static byte[] decodeBase64(String text) {
        String unpadded = text.endsWith("==") ? text.substring(0, text.length() - 2)
                : text.endsWith("=") ? text.substring(0, text.length() - 1) : text;
        if (unpadded.isEmpty() || unpadded.length() % 4 == 1) {
            return null;
        }
        for (int i = 0; i < unpadded.length(); i++) {
            char c = unpadded.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return null;
            }
        }
        if (!text.equals(unpadded) && text.length() % 4 != 0) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = DECODER.decode(unpadded);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String again = ENCODER.withoutPadding().encodeToString(decoded);
        return again.equals(unpadded) ? decoded : null;
    }

    /** §9.2 lifetime = ["2^"] 1*DIGIT, no leading zeros, 1..2^48; -1 when not. */
    private static long parseLifetime(String text) {
        boolean power = text.startsWith("2^");
        String digits = power ? text.substring(2) : text;
        if (digits.isEmpty() || digits.length() > 15 || !isDigits(digits) || digits.charAt(0) == '0' && digits.length() > 1) {
            return -1;
        }
        long number = Long.parseLong(digits);
        if (power) {
            return number <= 48 ? 1L << number : -1;
        }
        return number >= 1 && number <= SrtpSuite.MAX_SRTP_PACKETS ? number : -1;
    }

    private static String formatLifetime(long lifetime) {
        return Long.bitCount(lifetime) == 1 ? "2^" + Long.numberOfTrailingZeros(lifetime) : Long.toString(lifetime);
    }

    /** OK for the session parameters we can honour (see {@link SdesStatus#UNSUPPORTED_SESSION_PARAMETER}). */
    private static SdesStatus checkSessionParameter(String parameter) {
        if (parameter == null || parameter.isEmpty()) {
            return SdesStatus.MALFORMED;
        }
        for (int i = 0; i < parameter.length(); i++) {
            char c = parameter.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return SdesStatus.MALFORMED;
            }
        }
        if (parameter.startsWith("-")) {
            // §6.3.7: optional, MAY be ignored.
            return parameter.length() > 1 ? SdesStatus.OK : SdesStatus.MALFORMED;
        }
        if (parameter.startsWith("WSH=")) {
            // §6.3.6: a hint about the receiver's replay window; ours is SrtpLimits.replayWindow().
            String digits = parameter.substring(4);
            boolean valid = digits.length() >= 2 && digits.length() <= 9 && isDigits(digits)
                    && digits.charAt(0) != '0' && Integer.parseInt(digits) >= 64;
            return valid ? SdesStatus.OK : SdesStatus.MALFORMED;
        }
        if (parameter.equals("FEC_ORDER=FEC_SRTP")) {
            return SdesStatus.OK;
        }
        return SdesStatus.UNSUPPORTED_SESSION_PARAMETER;
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** §9.1 crypto-suite and key-method-ext: 1*(ALPHA / DIGIT / "_"). */
    private static boolean isName(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
