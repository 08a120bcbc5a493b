package org.sbc.core.events.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OctetCountingTest {

    @Test
    void prefixesTheByteCountAndASpace() {
        assertEquals("11 <13>1 - - -", new String(OctetCounting.frame("<13>1 - - -".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII));
    }

    @Test
    void countsBytesNotCharacters() {
        byte[] message = "é\n".getBytes(StandardCharsets.UTF_8);

        byte[] frame = OctetCounting.frame(message);

        assertEquals("3 ", new String(frame, 0, 2, StandardCharsets.US_ASCII));
        assertEquals(5, frame.length);
    }

    @Test
    void refusesAnEmptyMessage() {
        assertThrows(IllegalArgumentException.class, () -> OctetCounting.frame(new byte[0]));
    }
}
