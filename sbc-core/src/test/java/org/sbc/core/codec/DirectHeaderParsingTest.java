package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct dispatch must parse exactly as JAIN-SIP's own path: the same message (compared by
 * its encoding) and the same verdict on every header, over the RFC 4475 and RFC 5118 torture
 * messages, the decoder's fuzz seeds and hand-made lines in odd spellings.
 */
class DirectHeaderParsingTest {

    private static final Path TORTURE = Path.of("src/test/resources/torture");
    private static final Path SEEDS =
            Path.of("../fuzz-tests/src/test/resources/org/sbc/fuzz/MessageDecodingFuzzTestInputs/udpDatagram");

    static {
        SilentJainSipLogger.install();   // as SipParser does: JAIN-SIP's default logger wants log4j
    }

    static Stream<Path> corpus() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(TORTURE.resolve("rfc4475"), TORTURE.resolve("rfc5118"), SEEDS)) {
            try (Stream<Path> listing = Files.list(dir)) {
                listing.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @Test
    void theCorpusIsThere() throws IOException {
        assertTrue(corpus().count() > 80, "torture messages and fuzz seeds");
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void parsesEveryCorpusMessageAsJainSipDoes(Path file) throws IOException {
        assertSameParse(headerBlock(Files.readAllBytes(file)));
    }

    @Test
    void parsesOddSpellingsCompactFormsAndBadValuesAsJainSipDoes() {
        String[] blocks = {
            "INVITE sip:bob@example.com SIP/2.0\r\nv: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK1;rport\r\n"
                    + "f: <sip:a@b>;tag=1\r\nt: <sip:bob@example.com>\r\ni: abc\r\nCSEQ: 1 INVITE\r\n"
                    + "m: <sip:a@127.0.0.2>\r\nl: 0\r\nMAX-FORWARDS: 70\r\nk: timer\r\ns: hi\r\n\r\n",
            "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\r\n"
                    + "From: <sip:a@b>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: abc\r\nCSeq: x INVITE\r\n"
                    + "Max-Forwards: seventy\r\nContact: <sip:\r\nRoute: garbage<\r\nExpires: -1\r\n"
                    + "Content-Length: 0\r\n\r\n",
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1;received=127.0.0.2\r\n"
                    + "Record-Route: <sip:127.0.0.1;lr>, <sip:10.0.0.1;lr>\r\nFrom: <sip:a@b>;tag=1\r\n"
                    + "To: <sip:bob@example.com>;tag=2\r\nCall-ID: abc\r\nCSeq: 1 INVITE\r\nServer: x/1\r\n"
                    + "Allow: INVITE, ACK, BYE\r\nSupported:\r\nContent-Type: application/sdp\r\n"
                    + "Content-Length: 0\r\n\r\n",
            "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.2;branch=z9hG4bK2\r\n"
                    + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: r\r\n"
                    + "CSeq: 2 REGISTER\r\nContact: *\r\nExpires: 0\r\nAuthorization: Digest username=\"a\", "
                    + "realm=\"example.com\", nonce=\"n\", uri=\"sip:example.com\", response=\"r\"\r\n"
                    + "Proxy-Authorization: Digest broken\r\nUser-Agent:   spaced   out \r\n"
                    + "X-Unknown: kept\r\n : no name\r\nContent-Length: 0\r\n\r\n",
        };
        for (String block : blocks) {
            assertSameParse(block.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void assertSameParse(byte[] block) {
        Parsed expected = parse(new StringMsgParser(), block);
        Parsed actual = parse(new DirectHeaderParsing(), block);
        assertEquals(expected, actual, new String(block, StandardCharsets.UTF_8));
    }

    private record Parsed(String encoded, int headerErrors, String failure) {}

    private static Parsed parse(StringMsgParser parser, byte[] block) {
        int[] errors = {0};
        ParseExceptionListener listener = (e, message, type, header, text) -> errors[0]++;
        try {
            SIPMessage message = parser.parseSIPMessage(block, false, false, listener);
            return new Parsed(message == null ? null : message.encode(), errors[0], null);
        } catch (ParseException | RuntimeException e) {
            return new Parsed(null, errors[0], e.getClass().getName());
        }
    }

    /** The header block as the decoder hands it to the parser: up to and with the empty line. */
    private static byte[] headerBlock(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return java.util.Arrays.copyOf(message, i + 4);
            }
        }
        return message;
    }
}
