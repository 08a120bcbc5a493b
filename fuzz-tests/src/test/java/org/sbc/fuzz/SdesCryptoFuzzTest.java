package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.media.srtp.SdesParse;
import org.sbc.media.srtp.SdesStatus;

/**
 * Jazzer target for SDES {@code a=crypto} values (RFC 4568), what {@link SdesCrypto#parse} reads
 * from a peer's SDP. Seeds ({@code SdesCryptoFuzzTestInputs/parse/}) are values real phones and
 * gateways send, with the lifetimes, MKIs and session parameters they use.
 */
@Timeout(10)
class SdesCryptoFuzzTest {

    /**
     * Any text: a status, never an exception. An accepted value formats to its one canonical
     * spelling, which parses to the same attribute and formats to itself; that spelling differs
     * from the input only where RFC 4568 allows several spellings of one value: runs of
     * whitespace, leading zeros of the tag, base64 padding, and a lifetime written as a number
     * or as a power of two.
     */
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] bytes) {
        String value = new String(bytes, StandardCharsets.UTF_8);
        SdesParse parsed = SdesCrypto.parse(value);
        assertEquals(parsed.status() == SdesStatus.OK, parsed.crypto().isPresent(), parsed.toString());
        if (!parsed.isAccepted()) {
            return;
        }
        SdesCrypto crypto = parsed.crypto().orElseThrow();
        String formatted = crypto.format();
        SdesParse again = SdesCrypto.parse(formatted);
        assertTrue(again.isAccepted(), "its own format is refused: " + again.status());
        assertEquals(crypto, again.crypto().orElseThrow(), "format then parse");
        assertEquals(formatted, again.crypto().orElseThrow().format(), "format is not a fixpoint");
        assertEquals(canonical(value), canonical(formatted), "formats to another value: " + value + " -> " + formatted);
    }

    /** The value with each spelling freedom of RFC 4568 §9 resolved one way. */
    private static List<String> canonical(String value) {
        String[] fields = value.split("[ \t]+");
        fields[0] = Integer.toString(Integer.parseInt(fields[0]));
        String[] key = fields[2].split("\\|", -1);
        int colon = key[0].indexOf(':');
        String material = key[0].substring(colon + 1);
        key[0] = key[0].substring(0, colon + 1)
                + Base64.getEncoder().encodeToString(Base64.getDecoder().decode(material));
        if (key.length > 1) {
            key[1] = Long.toString(key[1].startsWith("2^") ? 1L << Integer.parseInt(key[1].substring(2))
                    : Long.parseLong(key[1]));
        }
        fields[2] = String.join("|", key);
        return List.of(fields);
    }
}
