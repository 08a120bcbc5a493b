package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.ContentType;
import gov.nist.javax.sip.message.SIPMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.testing.TestPeers;

/**
 * Our encoder writes, for every message whose body is UTF-8 or has no charset, the very bytes
 * JAIN-SIP's {@code encodeAsBytes} would: over every corpus message the decoder accepts (the
 * RFC 4475 and RFC 5118 torture messages and the decoder's fuzz seeds), as received and with the
 * Via stamped.
 */
class SipEncoderTest {

    @Test
    void writesWhatJainSipWritesForEveryUtf8Message() throws IOException {
        int compared = 0;
        for (Path file : DirectHeaderParsingTest.corpus().toList()) {
            Object decoded = new SipMessageDecoder(Limits.DEFAULT, new Counters())
                    .decode(new SipFrame(Files.readAllBytes(file), TestPeers.udp("192.0.2.1", 5062)));
            if (!(decoded instanceof ReceivedMessage received)) {
                continue; // refused: nothing is ever encoded from it
            }
            SIPMessage tree = received.message().jainTree();
            if (tree.getTopmostVia() == null) {
                continue; // JAIN-SIP's encoder throws on it; the sanity step drops it before any encode
            }
            ContentType type = (ContentType) tree.getContentTypeHeader();
            if (type != null && type.getCharset() != null && !type.getCharset().equalsIgnoreCase("UTF-8")) {
                continue; // where the two differ by design (SipMessageDecoderTest)
            }
            for (String transport : new String[] {"UDP", "TCP"}) {
                assertArrayEquals(tree.encodeAsBytes(transport), SipEncoder.encode(tree, transport),
                        file + " over " + transport);
            }
            compared++;
        }
        assertTrue(compared > 40, "messages compared: " + compared);
    }
}
