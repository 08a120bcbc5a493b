package org.sbc.media.srtp;

import java.util.HexFormat;

/** Hex as the RFCs print it: any case, spaces and line breaks ignored. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", "").toLowerCase());
    }

    static String text(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
