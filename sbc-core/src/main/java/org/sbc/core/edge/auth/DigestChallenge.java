package org.sbc.core.edge.auth;


/** The value of one WWW-Authenticate or Proxy-Authenticate header we send (RFC 7616 §3.3). */
final class DigestChallenge {

    private DigestChallenge() {}

    static String value(String realm, String nonce, DigestAlgorithm algorithm, boolean stale) {
        return "Digest realm=" + quoted(realm) + ",nonce=" + quoted(nonce) + ",algorithm=" + algorithm.token()
                + ",qop=\"auth\"" + (stale ? ",stale=true" : "");
    }

    /** RFC 3261 §25.1 quoted-string: a quote or backslash in the text is escaped. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
