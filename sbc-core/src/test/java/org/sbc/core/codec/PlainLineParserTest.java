package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import gov.nist.core.GenericObject;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.SIPObject;
import gov.nist.javax.sip.parser.CSeqParser;
import gov.nist.javax.sip.parser.CallIDParser;
import gov.nist.javax.sip.parser.ContactParser;
import gov.nist.javax.sip.parser.ContentLengthParser;
import gov.nist.javax.sip.parser.FromParser;
import gov.nist.javax.sip.parser.HeaderParser;
import gov.nist.javax.sip.parser.MaxForwardsParser;
import gov.nist.javax.sip.parser.RequestLineParser;
import gov.nist.javax.sip.parser.StatusLineParser;
import gov.nist.javax.sip.parser.ToParser;
import gov.nist.javax.sip.parser.ViaParser;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sbc.core.codec.PlainLineParser.Shape;

/**
 * The plain-shape parser must never differ from JAIN-SIP: for every line it reads, its result is
 * JAIN-SIP's, compared field by field through the whole object tree (and by encoding); every
 * line outside its shape it leaves alone. The lines are the shapes phones send, their odd
 * spellings, and a few hundred thousand seeded mutations of both.
 */
class PlainLineParserTest {

    static {
        SilentJainSipLogger.install();
    }

    private static final Map<Shape, Function<String, HeaderParser>> JAIN = Map.of(
            Shape.VIA, ViaParser::new,
            Shape.FROM, FromParser::new,
            Shape.TO, ToParser::new,
            Shape.CONTACT, ContactParser::new,
            Shape.CALL_ID, CallIDParser::new,
            Shape.CSEQ, CSeqParser::new,
            Shape.MAX_FORWARDS, MaxForwardsParser::new,
            Shape.CONTENT_LENGTH, ContentLengthParser::new);

    /** Lines in the plain shape: each must be read here, and read as JAIN-SIP reads it. */
    private static final Map<Shape, List<String>> PLAIN = Map.of(
            Shape.VIA, List.of(
                    "Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-1-0;rport",
                    "v: SIP/2.0/TCP Example.COM;branch=z9hG4bK.x_y~z;received=10.0.0.1;rport=5060",
                    "Via:SIP/2.0/udp a_b-c.example;branch=1;x;y=z%2a"),
            Shape.FROM, List.of(
                    "From: <sip:alice@127.0.0.1:5060>;tag=1-abc",
                    "From: \"Alice Smith\" <sip:+4930123@example.com;user=phone>;tag=x",
                    "f: Alice  <sips:al.ice_(1)@EXAMPLE.com:5061;transport=tls;lr>;tag=a;x",
                    "From: \" spaced \"   <sip:example.com>"),
            Shape.TO, List.of(
                    "To: <sip:service@127.0.0.1:5060>",
                    "To: sip:bob@b.example;tag=1",
                    "t: \"Bob\" <sip:bob@b.example>;tag=99"),
            Shape.CONTACT, List.of(
                    "Contact: <sip:sipp@127.0.0.1:5070;transport=UDP>",
                    "m: \"Al\" <sip:al@10.0.0.1:5070;ob>;expires=3600;+sip.instance",
                    "Contact: <sip:127.0.0.1:5080>;q=0.5",
                    "Contact: sip:sipp@127.0.0.2:5070",
                    "m: sips:a.b_c@example.com:5061;expires=60;+sip.instance"),
            Shape.CALL_ID, List.of("Call-ID: 1-2345@127.0.0.2", "i: a.b_c~d!e%f*g+h`i'j"),
            Shape.CSEQ, List.of("CSeq: 1 INVITE", "CSeq: 123456789 BYE", "CSEQ: 7 ACK", "CSeq: 2 CANCEL",
                    "CSeq: 3 OPTIONS", "CSeq: 4 REGISTER", "CSeq: 5 PRACK", "CSeq: 6 SUBSCRIBE", "CSeq: 7 NOTIFY",
                    "CSeq: 8 PUBLISH", "CSeq: 9 MESSAGE", "CSeq: 10 INFO", "CSeq: 11 REFER", "CSeq: 12 UPDATE"),
            Shape.MAX_FORWARDS, List.of("Max-Forwards: 70", "Max-Forwards: 0"),
            Shape.CONTENT_LENGTH, List.of("Content-Length: 0", "l: 1234"));

    private static final List<String> PLAIN_START_LINES = List.of(
            "INVITE sip:service@127.0.0.1:5060 SIP/2.0",
            "BYE sip:bob@10.0.0.1:5070;transport=udp SIP/2.0",
            "OPTIONS sips:example.com SIP/2.0",
            "ACK sip:a@b SIP/2.0", "CANCEL sip:a@b SIP/2.0", "REGISTER sip:b SIP/2.0", "PRACK sip:a@b SIP/2.0",
            "SUBSCRIBE sip:a@b SIP/2.0", "NOTIFY sip:a@b SIP/2.0", "PUBLISH sip:a@b SIP/2.0",
            "MESSAGE sip:a@b SIP/2.0", "INFO sip:a@b SIP/2.0", "REFER sip:a@b SIP/2.0", "UPDATE sip:a@b SIP/2.0",
            "SIP/2.0 200 OK",
            "SIP/2.0 180 Ringing",
            "SIP/2.0 100 Trying please  wait ",
            "SIP/2.0 486");

    /** Odd spellings, each of which either stays JAIN-SIP's or is read exactly as JAIN-SIP reads it. */
    private static final Map<Shape, List<String>> ODD = Map.of(
            Shape.VIA, List.of(
                    "Via: SIP/2.0/UDP [::1]:5060;branch=z9hG4bK1", "Via: SIP/2.0/UDP ::1;branch=1",
                    "Via: SIP / 2.0 / UDP h;branch=1", "Via: SIP/2.0/UDP h ;branch=1", "Via: SIP/2.0/UDP h:5060 ;x",
                    "Via: SIP/2.0/UDP h;branch=\"q\"", "Via: SIP/2.0/UDP h;branch=", "Via: SIP/2.0/UDP h;branch",
                    "Via: SIP/2.0/UDP h, SIP/2.0/TCP i", "Via: SIP/2.0/UDP h;received=[::1]",
                    "Via: SIP/2.0/UDP h:123456", "Via: SIP/2.0/UDP h: 5060", "Via: SIP/2.0/UDP h (comment)",
                    "Via: SIP/2.0/UDP h;;x", "Via: SIP/2.0/UDP häst", "Via: sip/2.0/udp h", "Via: SIP/2.0/UDP h:1:2;x",
                    "Via: SIP/2.0/UDP h;x=a:b:c", "Via: SIP/2.0/UDP", "Via: SIP/2.0/UDP h;x=y;x=z",
                    "Via: SIP/2.0/UDP h;BRANCH=z9hG4bK1;RPort;Received=1.2.3.4", "Via: SIP/2.0/UDP h;branchx=1;rpor"),
            Shape.FROM, List.of(
                    "From: sip:alice@example.com;tag=1", "From: <sip:alice@example.com;tag=1>",
                    "From: < sip:a@b >;tag=1", "From: <SIP:a@b>", "From: <tel:+123>", "From: <sip:a:pw@b>",
                    "From: <sip:a;x=y@b>", "From: <sip:a%20b@c>", "From: <sip:a@b?h=v>", "From: <sip:@b>",
                    "From: <sip:a@>", "From: <sip:a@[::1]:5060>", "From: <sip:a@b;x=>", "From: <sip:a@b;=x>",
                    "From: \"J\\\"r\" <sip:a@b>", "From: \"Jürgen\" <sip:a@b>", "From: Bob:x <sip:a@b>",
                    "From: <sip:a@b>;tag=\"q\"", "From: <sip:a@b>;tag=", "From: <sip:a@b> ;tag=1",
                    "From: <sip:a@b>;tag=1 ", "From: <sip:a@b>,<sip:c@d>", "From: <sip:a@b>;x=a@b",
                    "From: \"unterminated <sip:a@b>", "From: <sip:a@b", "From: <sip:a@b:5060:1>",
                    "From: <sip:a@b>tag=1", "From: <sip:a@b;lr;lr>", "From: <sip:a@b>;tag=1;TAG=2",
                    "From: <sip:a@b>;Tag=1;tags=2;ta=3"),
            Shape.TO, List.of("To: <sip:a@b>;tag=1;tag=2", "To: Bob<sip:a@b>", "To: <sip:a@b;maddr=1.2.3.4>"),
            Shape.CONTACT, List.of(
                    "Contact: *", "Contact: <sip:a@b>, <sip:c@d>", "Contact: <sip:a@b>;methods=\"INVITE\"",
                    "Contact: sip:a@b", "Contact: <sip:a@b>;expires=60;q=1.0",
                    "Contact: <sip:a@b;+sip.instance=x>", "Contact: sip:a@b;transport=udp",
                    "Contact: sip:a@b?x=y", "Contact: sip:a@b ;x", "Contact: sip:a@b>", "Contact: sip:a;b@c",
                    "Contact: sip:a:b@c", "Contact: sip:a@b:1;x=\"y\"", "Contact: sip:a@b,sip:c@d"),
            Shape.CALL_ID, List.of("Call-ID: a b", "Call-ID:", "Call-ID: @", "Call-ID: a@b@c", "Call-ID: ä@b",
                    "Call-ID:  spaced  "),
            Shape.CSEQ, List.of("CSeq: 1  INVITE", "CSeq: 1INVITE", "CSeq: 1 invite", "CSeq: 4294967296 INVITE",
                    "CSeq: 2147483648 INVITE", "CSeq: 0 ACK", "CSeq: -1 ACK", "CSeq: 1 INVITE ", "CSeq: 007 BYE",
                    "CSeq: 1234567890 BYE", "CSeq: 7 O", "CSeq: 7 TO", "CSeq: 7 FOO"),
            Shape.MAX_FORWARDS, List.of("Max-Forwards: 256", "Max-Forwards: 255", "Max-Forwards: 0070",
                    "Max-Forwards: 7 0", "Max-Forwards: -1", "Max-Forwards: 99999999999"),
            Shape.CONTENT_LENGTH, List.of("Content-Length: -1", "Content-Length: 01", "Content-Length: 9999999999",
                    "Content-Length: 1 "));

    private static final List<String> ODD_START_LINES = List.of(
            "INVITE sip:a@b SIP/2.1", "INVITE  sip:a@b SIP/2.0", "invite sip:a@b SIP/2.0", "INVITE tel:+1 SIP/2.0",
            "INVITE sip:a@b;x SIP/2.0 ", "INVITE sip:[::1] SIP/2.0", "INVITE sip:a@b?x=y SIP/2.0",
            "INVITE sip:a:b:c SIP/2.0", "SIP/2.0 2000 OK", "SIP/2.0 20 OK", "SIP/2.0  200 OK", "SIP/2.0 200\tOK",
            "SIP/2.0 200 Ök", "SIP/2.00 200 OK", "SIP/2.0", "O sip:a@b SIP/2.0", "FOO sip:a@b SIP/2.0");

    /** Addresses and URIs as texts of their own (what a dialog keeps), plain and odd. */
    private static final List<String> ADDRESS_TEXTS = List.of(
            "<sip:a@b>", "\"Al\" <sip:al@example.com;transport=udp>", "sip:a@b;transport=udp;lr",
            "<sip:127.0.0.1:5080;lr>", "sips:x@y:5061", "Bob <sip:bob@10.0.0.1:5070;ob>", "*", "<sip:a@b>;tag=1",
            "sip:a@b?x=y", "tel:+1", "<sip:a@b> trailing", "sip:a@b garbage", "\"J\\\"r\" <sip:a@b>", "<sip:[::1]>");
    private static final List<String> URI_TEXTS = List.of(
            "sip:a@b", "sip:service@127.0.0.1:5060", "sips:x@y:5061;transport=tls;lr", "sip:127.0.0.1:5080;ob",
            "sip:a@b?x=y", "tel:+1", "sip:a@b garbage", "sip:a:pw@b", "SIP:a@b", "sip:[::1]:5060", "http://x/");

    /** Characters a mutation puts in: the ones whose reading differs between parsers, if any does. */
    private static final String MUTATIONS = " \t;:=@<>\"\\,?&%[]/.-_!~*'()+`$#aZ09\u00e4\u212a";

    @Test
    void readsEveryPlainLineAsJainSipDoes() {
        PLAIN.forEach((shape, lines) -> {
            for (String line : lines) {
                assertNotNull(PlainLineParser.header(shape, line), "plain, must be read here: " + line);
                assertSameAsJain(shape, line);
            }
        });
        for (String line : PLAIN_START_LINES) {
            assertNotNull(PlainLineParser.startLine(line), "plain, must be read here: " + line);
            assertSameStartLine(line);
        }
    }

    @Test
    void oddSpellingsAreJainSipsToRead() {
        ODD.forEach((shape, lines) -> lines.forEach(line -> assertSameAsJain(shape, line)));
        ODD_START_LINES.forEach(PlainLineParserTest::assertSameStartLine);
        // A few that must not be read here, so that the comparison above is not all of it.
        assertNull(PlainLineParser.header(Shape.FROM, "From: <sip:a:pw@b>"));
        assertNull(PlainLineParser.header(Shape.VIA, "Via: SIP/2.0/UDP h;branch=\"q\""));
        assertNull(PlainLineParser.header(Shape.CONTACT, "Contact: *"));
    }

    /**
     * The decoder sets a message's length from {@code contentLengthValue} without a header
     * object: the same number the plain header holds, and -1 for every line it leaves to JAIN-SIP.
     */
    @Test
    void aContentLengthValueIsThePlainHeadersLength() {
        List<String> lines = new ArrayList<>(PLAIN.get(Shape.CONTENT_LENGTH));
        lines.addAll(ODD.get(Shape.CONTENT_LENGTH));
        lines.addAll(List.of("Content-Length:", "Content-Length: x", "Content-Length 1", "l:7", "Content-Length:\t12"));
        for (String line : lines) {
            SIPObject header = PlainLineParser.header(Shape.CONTENT_LENGTH, line);
            int expected = header == null ? -1 : ((ContentLength) header).getContentLength();
            assertEquals(expected, PlainLineParser.contentLengthValue(line), line);
        }
        assertEquals(1234, PlainLineParser.contentLengthValue("l: 1234"));
    }

    @Test
    void readsAddressAndUriTextsAsJainSipsFactoryDoes() {
        Random random = new Random(6L);
        int read = 0;
        for (String seed : ADDRESS_TEXTS) {
            for (int i = 0; i <= 3_000; i++) {
                String text = i == 0 ? seed : mutate(seed, random, false);
                AddressImpl plain = PlainLineParser.address(text);
                if (plain != null) {
                    read++;
                    assertSameTree(factoryAddress(text), plain, text);
                }
            }
        }
        for (String seed : URI_TEXTS) {
            for (int i = 0; i <= 3_000; i++) {
                String text = i == 0 ? seed : mutate(seed, random, false);
                SipUri plain = PlainLineParser.uri(text);
                if (plain != null) {
                    read++;
                    assertSameTree(factoryUri(text), plain, text);
                }
            }
        }
        for (String plain : List.of("<sip:a@b>", "\"Al\" <sip:al@example.com;transport=udp>", "sip:a@b;transport=udp;lr")) {
            assertNotNull(PlainLineParser.address(plain), plain);
        }
        for (String plain : List.of("sip:a@b", "sips:x@y:5061;transport=tls;lr")) {
            assertNotNull(PlainLineParser.uri(plain), plain);
        }
        assertNull(PlainLineParser.address("<sip:a@b>;tag=1"));
        assertTrue(read > 3_000, read + " texts read here");
    }

    private static Object factoryAddress(String text) {
        return byFactory(AddressFactoryImpl::createAddress, text);
    }

    private static Object factoryUri(String text) {
        return byFactory(AddressFactoryImpl::createURI, text);
    }

    private interface FactoryParse {
        Object parse(AddressFactoryImpl factory, String text) throws Exception;
    }

    private static Object byFactory(FactoryParse parse, String text) {
        try {
            return parse.parse(new AddressFactoryImpl(), text);
        } catch (Exception e) {
            throw new AssertionError("read here, refused by JAIN-SIP: " + text, e);
        }
    }

    /** Seeded mutations of every plain and odd line: inserted, replaced and deleted characters. */
    @Test
    void mutatedLinesAreReadAsJainSipReadsThemOrLeftToIt() {
        Random random = new Random(20261206L);
        int read = 0;
        int total = 0;
        List<Map.Entry<Shape, String>> seeds = new ArrayList<>();
        PLAIN.forEach((shape, lines) -> lines.forEach(line -> seeds.add(Map.entry(shape, line))));
        ODD.forEach((shape, lines) -> lines.forEach(line -> seeds.add(Map.entry(shape, line))));
        for (Map.Entry<Shape, String> seed : seeds) {
            for (int i = 0; i < 5_000; i++) {
                String line = mutate(seed.getValue(), random, true);
                total++;
                if (assertSameAsJain(seed.getKey(), line)) {
                    read++;
                }
            }
        }
        List<String> startSeeds = new ArrayList<>(PLAIN_START_LINES);
        startSeeds.addAll(ODD_START_LINES);
        for (String seed : startSeeds) {
            for (int i = 0; i < 5_000; i++) {
                String line = mutate(seed, random, false);
                total++;
                if (assertSameStartLine(line)) {
                    read++;
                }
            }
        }
        // Some mutations stay plain (a letter for a letter): about a tenth. If none did, the
        // comparison above was idle.
        assertTrue(read > total / 20, read + " of " + total + " mutated lines read here");
    }

    /**
     * The line with one to three characters inserted, replaced or deleted; in a header line only
     * after the name's colon, as the dispatch has matched the name before this parser runs.
     */
    private static String mutate(String line, Random random, boolean header) {
        StringBuilder mutated = new StringBuilder(line);
        int first = header ? line.indexOf(':') + 1 : 0;
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            int at = first + random.nextInt(mutated.length() + 1 - first);
            char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
            switch (random.nextInt(3)) {
                case 0 -> mutated.insert(at, c);
                case 1 -> {
                    if (at < mutated.length()) {
                        mutated.setCharAt(at, c);
                    }
                }
                default -> {
                    if (at < mutated.length()) {
                        mutated.deleteCharAt(at);
                    }
                }
            }
        }
        return mutated.toString();
    }

    /** Whether the line was read here; fails when it was read differently from JAIN-SIP. */
    private static boolean assertSameAsJain(Shape shape, String line) {
        Object plain = PlainLineParser.header(shape, line);
        if (plain == null) {
            return false;
        }
        Object jain;
        try {
            jain = JAIN.get(shape).apply(line + "\n").parse();
        } catch (Exception e) {
            throw new AssertionError("read here, refused by JAIN-SIP: " + line, e);
        }
        assertSameTree(jain, plain, line);
        return true;
    }

    private static boolean assertSameStartLine(String line) {
        SIPObject plain = PlainLineParser.startLine(line);
        if (plain == null) {
            return false;
        }
        SIPObject jain;
        try {
            jain = line.startsWith("SIP/2.0")
                    ? new StatusLineParser(line + "\n").parse()
                    : new RequestLineParser(line + "\n").parse();
        } catch (Exception e) {
            throw new AssertionError("read here, refused by JAIN-SIP: " + line, e);
        }
        assertSameTree(jain, plain, line);
        return true;
    }

    private static void assertSameTree(Object jain, Object plain, String line) {
        assertEquals(((GenericObject) jain).encode(), ((GenericObject) plain).encode(), line);
        try {
            sameTree(jain, plain, "", new IdentityHashMap<>());
        } catch (AssertionError | ReflectiveOperationException e) {
            throw new AssertionError(line + ": " + e.getMessage(), e);
        }
    }

    /** Every field of every object reachable from the two, compared exactly (no case folding). */
    private static void sameTree(Object a, Object b, String path, IdentityHashMap<Object, Object> seen)
            throws ReflectiveOperationException {
        if (a == b) {
            return;
        }
        if (a == null || b == null) {
            fail(path + ": " + a + " against " + b);
        }
        assertSame(a.getClass(), b.getClass(), path);
        if (a instanceof String || a instanceof Number || a instanceof Boolean || a instanceof Character
                || a instanceof Enum<?>) {
            assertEquals(a, b, path);
            return;
        }
        if (a instanceof Class<?>) {
            assertSame(a, b, path);
            return;
        }
        if (seen.put(a, b) != null) {
            return;
        }
        if (a instanceof Map<?, ?> left) {
            Map<?, ?> right = (Map<?, ?>) b;
            assertEquals(left.keySet(), right.keySet(), path);
            for (Object key : left.keySet()) {
                sameTree(left.get(key), right.get(key), path + "[" + key + "]", seen);
            }
            return;
        }
        if (a instanceof Collection<?> left) {
            Collection<?> right = (Collection<?>) b;
            assertEquals(left.size(), right.size(), path);
            Iterator<?> other = right.iterator();
            int i = 0;
            for (Object each : left) {
                sameTree(each, other.next(), path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (a.getClass().isArray()) {
            assertEquals(Array.getLength(a), Array.getLength(b), path);
            for (int i = 0; i < Array.getLength(a); i++) {
                sameTree(Array.get(a, i), Array.get(b, i), path + "[" + i + "]", seen);
            }
            return;
        }
        for (Class<?> type = a.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                sameTree(field.get(a), field.get(b), path + "." + field.getName(), seen);
            }
        }
    }
}
