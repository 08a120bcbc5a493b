package org.sbc.media.srtp;

/**
 * The session encryption key, authentication key (empty for AEAD) and salt of one direction of
 * SRTP or SRTCP (RFC 3711 §4.3). Internal; the arrays are never handed out of the package.
 */
record SessionKeys(byte[] encryptionKey, byte[] authKey, byte[] salt) {

    @Override
    public String toString() {
        return "SessionKeys[(hidden)]";
    }
}
