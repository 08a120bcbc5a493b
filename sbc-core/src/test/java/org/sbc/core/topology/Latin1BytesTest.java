package org.sbc.core.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Latin1BytesTest {

    @Test
    void writesCopiedRangesAndTextAsIso88591Would() {
        byte[] message = "INVITE sip:a@b SIP/2.0\r\nVia: x\r\n".getBytes(StandardCharsets.ISO_8859_1);
        String text = "Jürgen \u20AC \uD83D\uDE00 end"; // Latin-1, then what Latin-1 lacks
        byte[] written = Latin1Bytes.forThisThread(8).bytes(message, 24, 30).crlf().text(text).toByteArray();
        byte[] expected = ("Via: x\r\n" + text).getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, written);
    }

    @Test
    void growsPastItsSizeAndStartsEmptyForTheNextMessage() {
        String large = "a".repeat(40_000);
        Latin1Bytes bytes = Latin1Bytes.forThisThread(16).text(large).text("b");
        assertEquals(large + "b", bytes.asText());
        assertEquals("c", Latin1Bytes.forThisThread(16).text("c").asText());
    }
}
