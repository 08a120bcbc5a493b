package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sbc.core.sip.MalformedMessage.Problem;

class RawAnswerTest {

    private static final InetSocketAddress SOURCE = new InetSocketAddress("203.0.113.7", 40000);

    /** RFC 4475 §3.1.2.7 (ltgtruri): a Request-URI in angle brackets, which JAIN-SIP cannot read. */
    private static final String LTGTRURI = "INVITE <sip:user@example.com> SIP/2.0\r\n"
            + "To: sip:user@example.com\r\n"
            + "From: sip:caller@example.net;tag=39291\r\n"
            + "Max-Forwards: 23\r\n"
            + "Call-ID: ltgtruri.1@192.0.2.5\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.5\r\n"
            + "Via: SIP/2.0/TCP proxy.example.net;branch=z9hG4bK2\r\n"
            + "Contact: <sip:caller@host5.example.net>\r\n"
            + "Content-Length: 0\r\n\r\n";

    private static Optional<RawAnswer> read(String headerBlock) {
        byte[] bytes = headerBlock.getBytes(StandardCharsets.UTF_8);
        return RawAnswer.of(bytes, 0, bytes.length);
    }

    private static String answer(String headerBlock) {
        RawAnswer raw = read(headerBlock).orElseThrow(() -> new AssertionError("not answerable: " + headerBlock));
        return new String(raw.response(400, "Bad Request"), StandardCharsets.UTF_8);
    }

    @Test
    void echoesViaLinesThenFromToCallIdCSeqByteForByteAndNothingElse() {
        assertEquals("SIP/2.0 400 Bad Request\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.5\r\n"
                + "Via: SIP/2.0/TCP proxy.example.net;branch=z9hG4bK2\r\n"
                + "From: sip:caller@example.net;tag=39291\r\n"
                + "To: sip:user@example.com\r\n"
                + "Call-ID: ltgtruri.1@192.0.2.5\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n", answer(LTGTRURI));
    }

    @Test
    void readsCompactNamesAndKeepsFoldedContinuations() {
        String request = "OPTIONS sip:x@example.com SIP/2.0\r\n"
                + "v:  SIP/2.0/UDP 192.0.2.1\r\n ;branch=z9hG4bK1\r\n"
                + "f: <sip:a@example.com>;tag=1\r\nt: Watson, Thomas <sip:t@example.org>\r\n"
                + "i: abc\r\nCSeq : 1 OPTIONS\r\nl: 0\r\n\r\n";
        String answer = answer(request);
        assertTrue(answer.contains("\r\nv:  SIP/2.0/UDP 192.0.2.1\r\n ;branch=z9hG4bK1\r\n"), answer);
        assertTrue(answer.contains("\r\nt: Watson, Thomas <sip:t@example.org>\r\ni: abc\r\nCSeq : 1 OPTIONS\r\n"), answer);
        assertTrue(!answer.contains("l: 0"), answer);
    }

    @Test
    void echoesOnlyTheFirstOfRepeatedSingleHeaders() {
        String answer = answer(LTGTRURI.replace("CSeq: 1 INVITE\r\n", "CSeq: 1 INVITE\r\nCSeq: 99 INVITE\r\n"));
        assertTrue(answer.contains("CSeq: 1 INVITE\r\n") && !answer.contains("CSeq: 99"), answer);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"To:", "From:", "Call-ID:", "CSeq:", "Via:"})
    void needsEveryHeaderAResponseEchoes(String name) {
        StringBuilder without = new StringBuilder();
        for (String line : LTGTRURI.split("\r\n", -1)) {
            if (!line.startsWith(name)) {
                without.append(line).append("\r\n");
            }
        }
        assertEquals(Optional.empty(), read(without.substring(0, without.length() - 2)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ACK <sip:user@example.com> SIP/2.0", "HELLO THERE", "SIP/2.0 200 OK",
            "INVITE <sip:user@example.com>", "INVITE  SIP/2.0", "<INVITE> sip:a@b SIP/2.0"})
    void answersOnlyWhatHasTheShapeOfARequestLineAndIsNotAnAck(String startLine) {
        assertEquals(Optional.empty(), read(LTGTRURI.replace("INVITE <sip:user@example.com> SIP/2.0", startLine)));
    }

    @Test
    void refusesToEchoControlCharactersOrMalformedUtf8() {
        assertEquals(Optional.empty(), read(LTGTRURI.replace("ltgtruri.1", "ltgt\0ruri")));
        byte[] bytes = LTGTRURI.replace("tag=39291", "tag=39291\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.empty(), RawAnswer.of(bytes, 0, bytes.length));
        assertTrue(read(LTGTRURI.replace("sip:caller", "\"J\u00fcrgen\" <sip:caller")).isPresent());
        // Not the clean second From in place of the first: the request is unanswerable.
        assertEquals(Optional.empty(), read(LTGTRURI.replace("From: sip:caller@example.net;tag=39291\r\n",
                "From: sip:caller@example.net;tag=3\u00019291\r\nFrom: sip:caller@example.net;tag=2\r\n")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "SIP/2.0/UDP 192.0.2.5                          | 5060",
        "SIP/2.0/UDP 192.0.2.5:5070;branch=z9hG4bK1     | 5070",
        "SIP/2.0/UDP 192.0.2.5:5070;branch=z9hG4bK1;rport | 40000",
        "SIP/2.0/UDP 192.0.2.5:5070;RPort=1;branch=x     | 40000",
        "SIP/2.0/UDP 192.0.2.5:5070;rportx              | 5070",
        "SIP / 2.0 / UDP [2001:db8::9:1]:5071;;,;,,      | 5071",
        "SIP/2.0/UDP [2001:db8::9:1]                     | 5060",
        "SIP/2.0/UDP 192.0.2.5:5070, SIP/2.0/UDP a;rport | 5070",
        "SIP/9.9/??? 192.0.2.5:5070                      | 40000",
        "SIP/2.0/UDP 192.0.2.5:99999                     | 40000",
        "SIP/2.0/UDP <192.0.2.5>:5070                    | 40000",
        "SIP/2.0/UDP [2001:db8::9:1:5070                 | 40000"})
    void sendsOverUdpToTheSourceAddressAtTheViaPortOrSourcePort(String via, int port) {
        RawAnswer raw = read(LTGTRURI.replace("Via: SIP/2.0/UDP 192.0.2.5\r\n", "Via: " + via.strip() + "\r\n")).orElseThrow();
        assertEquals(new InetSocketAddress(SOURCE.getAddress(), port), raw.udpDestination(SOURCE));
    }

    @Test
    void answerIsNeverMoreThanTheOverheadLongerThanTheRequest() {
        String shortest = "I x SIP/2.0\r\nv:SIP/2.0/UDP a\r\nf:a\r\nt:b\r\ni:c\r\nCSeq:1 I\r\n\r\n";
        RawAnswer raw = read(shortest).orElseThrow();
        for (Problem problem : Problem.values()) {
            int length = raw.response(problem.status(), problem.reasonPhrase()).length;
            assertTrue(length <= shortest.length() + RawAnswer.MAX_OVERHEAD, problem + ": " + length);
        }
    }
}
