package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.AddressParametersHeader;
import gov.nist.javax.sip.header.Allow;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.ContentType;
import gov.nist.javax.sip.header.Expires;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.ParametersHeader;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.header.Subject;
import gov.nist.javax.sip.header.Supported;
import gov.nist.javax.sip.header.UserAgent;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import javax.sip.header.TooManyHopsException;
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
import org.sbc.core.config.Limits;

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
            // Space before the colon, mixed case, and a Kelvin sign that folds to a compact "k".
            "OPTIONS sip:bob@example.com SIP/2.0\r\nVia  : SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK3\r\n"
                    + "fRoM: <sip:a@b>;tag=1\r\nTO\t: <sip:bob@example.com>\r\ncAlL-iD: abc\r\nCSeq: 1 OPTIONS\r\n"
                    + "\u212A: timer\r\nsupported: 100rel\r\nContent-Length: 0\r\n\r\n",
        };
        for (String block : blocks) {
            assertSameParse(block.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Where the line index and JAIN-SIP's own loop could part: blanks, folds, odd first octets. */
    @Test
    void walksTheLineIndexAsJainSipWalksTheBytes() {
        String via = "Via: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK4\r\n";
        String rest = "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n";
        String[] blocks = {
            "OPTIONS sip:c@d SIP/2.0\r\n" + via + "   \r\n" + rest + "\r\n",           // a line of blanks
            "OPTIONS sip:c@d SIP/2.0\r\n" + via + rest + "Subject: a\r\n  b\r\n\tc\r\n\r\n", // folded twice
            "OPTIONS sip:c@d SIP/2.0\r\n Via: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK5\r\n" + rest + "\r\n",
            "\tOPTIONS sip:c@d SIP/2.0\r\n" + via + rest + "\r\n",                        // squeezed by JAIN-SIP
            "\u00e9OPTIONS sip:c@d SIP/2.0\r\n" + via + rest + "\r\n",
            "   \r\n" + via + rest + "\r\n",                                              // a start line of blanks
            "\r\n\r\nOPTIONS sip:c@d SIP/2.0\r\n" + via + rest + "\r\n",                    // CRLFs before it
            "OPTIONS sip:c@d SIP/2.0 \t\r\n" + via + rest + "Subject: trailing \t \r\n\r\n",
        };
        for (String block : blocks) {
            assertSameParse(block.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Whatever a reader does to a parsed message, the next message with the same lines parses as
     * if they were new: the kept parses are never what a reader holds.
     */
    @Test
    void aChangedMessageLeavesTheKeptLinesAsTheyWere() throws ParseException {
        byte[] request = ("INVITE sip:bob@example.com;user=phone SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-kept-1;rport\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK-kept-0\r\n"
                + "From: \"Al\" <sip:al@example.com;transport=udp>;tag=kept-1\r\n"
                + "To: <sip:bob@example.com>\r\nCall-ID: kept-call@example.com\r\nCSeq: 7 INVITE\r\n"
                + "Contact: <sip:al@127.0.0.2:5070>;expires=60\r\nRecord-Route: <sip:10.0.0.1;lr>\r\n"
                + "Route: <sip:10.0.0.2;lr>\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\n"
                + "User-Agent: kept/1.0\r\nAllow: INVITE, BYE\r\nSupported: timer\r\nExpires: 60\r\n"
                + "Subject: kept\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] response = ("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-kept-1\r\n"
                + "From: <sip:al@example.com>;tag=kept-1\r\nTo: <sip:bob@example.com>\r\n"
                + "Call-ID: kept-call@example.com\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] block : List.of(request, response)) {
            String pristine = parse(new StringMsgParser(), block).encoded();
            new DirectHeaderParsing().parseSIPMessage(block, false, false, null); // the lines are kept
            SIPMessage first = new DirectHeaderParsing().parseSIPMessage(block, false, false, null);
            assertEquals(pristine, first.encode());

            changeEverything(first);
            assertNotEquals(pristine, first.encode(), "the change must show, or this test proves nothing");

            SIPMessage again = new DirectHeaderParsing().parseSIPMessage(block, false, false, null);
            assertEquals(pristine, again.encode());
        }
    }

    /** Changes every part of every header in place, as no reader of ours would dare to. */
    private static void changeEverything(SIPMessage message) throws ParseException {
        if (message instanceof SIPRequest request) {
            ((SipUri) request.getRequestURI()).setHost("changed.example");
            ((SipUri) request.getRequestURI()).setParameter("user", "changed");
        } else {
            ((SIPResponse) message).setReasonPhrase("Changed");
        }
        for (var headers = message.getHeaders(); headers.hasNext(); ) {
            SIPHeader header = headers.next();
            if (header instanceof SIPHeaderList<?> list) {
                for (Object each : list) {
                    change((SIPHeader) each);
                }
            } else {
                change(header);
            }
        }
    }

    private static void change(SIPHeader header) throws ParseException {
        try {
            if (header instanceof ParametersHeader withParameters) {
                withParameters.setParameter("x-changed", "1");
            }
            if (header instanceof Via via) {
                via.setHost("192.0.2.99");
                via.setBranch("z9hG4bK-changed");
            } else if (header instanceof AddressParametersHeader addressed) {
                AddressImpl address = (AddressImpl) addressed.getAddress();
                address.setDisplayName("Changed");
                ((SipUri) address.getURI()).setUser("changed");
                ((SipUri) address.getURI()).setParameter("x-changed", "1");
            } else if (header instanceof CallID callId) {
                callId.setCallId("changed@example.com");
            } else if (header instanceof CSeq cseq) {
                cseq.setSeqNumber(99);
            } else if (header instanceof MaxForwards maxForwards) {
                maxForwards.decrementMaxForwards();
            } else if (header instanceof ContentType type) {
                type.setContentSubType("changed");
            } else if (header instanceof UserAgent agent) {
                agent.addProductToken("changed/2");
            } else if (header instanceof Allow allow) {
                allow.setMethod("CHANGED");
            } else if (header instanceof Supported supported) {
                supported.setOptionTag("changed");
            } else if (header instanceof Expires expires) {
                expires.setExpires(1);
            } else if (header instanceof Subject subject) {
                subject.setSubject("changed");
            } else if (header instanceof ContentLength length) {
                length.setContentLength(9);
            }
        } catch (javax.sip.InvalidArgumentException | TooManyHopsException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSameParse(byte[] block) {
        Parsed expected = parse(new StringMsgParser(), block);
        String text = new String(block, StandardCharsets.UTF_8);
        assertEquals(expected, parse(new DirectHeaderParsing(), block), text);
        // A second time, the lines come from what this thread kept of the first.
        assertEquals(expected, parse(new DirectHeaderParsing(), block), "again: " + text);
        // As the decoder parses: walking the scanner's line index instead of JAIN-SIP's own loop.
        HeaderBlockScan scan = new HeaderBlockScanner(Limits.DEFAULT).scan(block);
        if (scan.headerEnd() >= 0) {
            assertEquals(expected, parseIndexed(block, scan), "indexed: " + text);
        }
    }

    private static Parsed parseIndexed(byte[] bytes, HeaderBlockScan scan) {
        int[] errors = {0};
        ParseExceptionListener listener = (e, message, type, header, text) -> errors[0]++;
        try {
            SIPMessage message = new DirectHeaderParsing().parse(bytes, scan, listener);
            return new Parsed(message == null ? null : message.encode(), errors[0], null);
        } catch (ParseException | RuntimeException e) {
            return new Parsed(null, errors[0], e.getClass().getName());
        }
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
