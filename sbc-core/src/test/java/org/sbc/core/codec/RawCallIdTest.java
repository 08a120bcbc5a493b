package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;

class RawCallIdTest {

    private static final String START = "BYE sip:100@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n";

    @Test
    void readsTheLongAndTheCompactFormInAnyCaseWithoutTheBlanksAround() {
        assertEquals("a84b4c76e66710@pc33.example.com", of("Call-ID: a84b4c76e66710@pc33.example.com\r\n"));
        assertEquals("abc", of("call-id:abc\r\n"));
        assertEquals("abc", of("CALL-ID \t:  abc \t\r\n"));
        assertEquals("abc", of("i: abc\r\n"));
        assertEquals("abc", of("I:abc\r\n"));
    }

    @Test
    void agreesWithTheParse() {
        for (String header : new String[] {"Call-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com",
                "i:\t  s1-4sztf8b7wvtp27svcnaz  ", "Call-ID: Jürgen@192.0.2.1"}) {
            byte[] bytes = (START + header + "\r\nFrom: <sip:a@192.0.2.1>;tag=1\r\nTo: <sip:b@192.0.2.10>;tag=2\r\n"
                    + "CSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            Object decoded = new SipMessageDecoder(Limits.DEFAULT, new Counters()).decode(new SipFrame(bytes,
                    new Peer(Transport.UDP, new java.net.InetSocketAddress("192.0.2.1", 5060),
                            new java.net.InetSocketAddress("192.0.2.10", 5060))));
            assertEquals(((ReceivedMessage) decoded).message().callId(), scanned(bytes), header);
        }
    }

    @Test
    void givesNoAnswerWhenTheHeadersCannotBeReadPlainly() {
        assertNull(of("Subject: none\r\n"), "no Call-ID");
        assertNull(of("Call-ID: one\r\ni: two\r\n"), "two Call-IDs");
        assertNull(of("Call-ID: one\r\n two\r\n"), "a folded Call-ID");
        assertNull(of("Call-ID:  \r\n"), "an empty Call-ID");
        assertNull(scanned(bytes(START + "Call-ID: abc\r\n")), "no blank line ends the headers");
        assertNull(scanned(bytes("BYE sip:100@192.0.2.10 SIP/2.0")), "no line ends at all");
        assertNull(of("Call-IDx: abc\r\nCall: abc\r\nX-Call-ID: abc\r\n"), "names that only start or end like it");
    }

    @Test
    void skipsTheBlankLinesBeforeTheStartLineAsTheDecoderDoes() {
        assertEquals("abc", scanned(bytes("\r\n\r\n" + START + "Call-ID: abc\r\n\r\n")));
    }

    private static String of(String headers) {
        return scanned(bytes(START + headers + "Content-Length: 0\r\n\r\n"));
    }

    /** As the dispatch reads it: from the scan of the bytes. */
    private static String scanned(byte[] bytes) {
        return RawCallId.of(bytes, new HeaderBlockScanner(Limits.DEFAULT).scan(bytes));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
