package org.sbc.media.srtp;

/**
 * Tag comparison that takes the same time wherever the tags differ, so that a forger cannot learn
 * a valid tag octet by octet from response timing (RFC 3711 §9.5 on authentication).
 */
final class ConstantTime {

    private ConstantTime() {
    }

    static boolean equals(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        int difference = 0;
        for (int i = 0; i < length; i++) {
            difference |= a[aOffset + i] ^ b[bOffset + i];
        }
        return difference == 0;
    }
}
