package org.sbc.core.edge.auth;

import java.util.List;
import java.util.Optional;
import org.sbc.core.codec.Credentials;

/**
 * The fields of one Authorization or Proxy-Authorization header (RFC 7616 §3.4), checked for
 * shape: everything the SBC needs is present, within bounds, and says what the SBC offered
 * ({@code qop=auth}, an offered algorithm, an 8-hex-digit nonce-count). Parsing is a status,
 * not an exception: a malformed header is {@link Optional#empty()}.
 *
 * @param nonceCountText the nc as written: it goes into the hash as is
 */
record DigestResponse(String username, String realm, String nonce, String uri, String response,
        DigestAlgorithm algorithm, String nonceCountText, long nonceCount, String cnonce) {

    static final int MAX_USERNAME_CHARS = 128;
    static final int MAX_URI_CHARS = 1_024;
    static final int MAX_FIELD_CHARS = 256;

    static Optional<DigestResponse> parse(Credentials header, List<DigestAlgorithm> offered) {
        if (!"Digest".equalsIgnoreCase(header.scheme())) {
            return Optional.empty();
        }
        String username = header.parameter("username");
        String realm = header.parameter("realm");
        String nonce = header.parameter("nonce");
        String uri = header.parameter("uri");
        String response = header.parameter("response");
        String algorithmText = header.parameter("algorithm");
        String qop = header.parameter("qop");
        String nc = header.parameter("nc");
        String cnonce = header.parameter("cnonce");
        if (!within(username, MAX_USERNAME_CHARS) || !within(realm, MAX_FIELD_CHARS) || !within(nonce, MAX_FIELD_CHARS)
                || !within(uri, MAX_URI_CHARS) || !within(cnonce, MAX_FIELD_CHARS) || response == null
                || !"auth".equalsIgnoreCase(qop) || header.parameter("userhash") != null) {
            return Optional.empty();
        }
        // RFC 7616 §3.4: no algorithm parameter means MD5.
        Optional<DigestAlgorithm> algorithm = algorithmText == null
                ? Optional.of(DigestAlgorithm.MD5) : DigestAlgorithm.parse(algorithmText);
        if (algorithm.isEmpty() || !offered.contains(algorithm.get())
                || response.length() != algorithm.get().hexLength() || !isHex(response)) {
            return Optional.empty();
        }
        if (nc == null || nc.length() != 8 || !isHex(nc)) {
            return Optional.empty();
        }
        long count = Long.parseLong(nc, 16); // 8 hex digits: cannot overflow or throw
        if (count == 0) {
            return Optional.empty();
        }
        return Optional.of(new DigestResponse(username, realm, nonce, uri, response, algorithm.get(), nc, count, cnonce));
    }

    private static boolean within(String value, int max) {
        return value != null && !value.isEmpty() && value.length() <= max;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
