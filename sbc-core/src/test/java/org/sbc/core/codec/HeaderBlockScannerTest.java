package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.config.Limits;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.core.testing.SipMessages;

class HeaderBlockScannerTest {

    private static final int MAX_HEADERS = 10;
    private static final int MAX_LINE_BYTES = 200;
    private static final Limits LIMITS = new Limits(16_384, MAX_HEADERS, MAX_LINE_BYTES, 32, 4_096, 120, 65_536);

    private final HeaderBlockScanner scanner = new HeaderBlockScanner(LIMITS);

    private HeaderBlockScan scan(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return scanner.scan(bytes, 0, bytes.length);
    }

    private static String head(String... headerLines) {
        return "OPTIONS sip:127.0.0.1 SIP/2.0\r\n" + String.join("\r\n", headerLines) + "\r\n\r\n";
    }

    @Test
    void findsHeaderEndJustPastBlankLine() {
        String message = SipMessages.options().body("v=0\r\n").text();

        HeaderBlockScan scan = scan(message);

        assertNull(scan.problem());
        assertEquals(message.indexOf("\r\n\r\n") + 4, scan.headerEnd());
        assertEquals(5, scan.contentLength());
    }

    /** The index the later readers walk: every line's CR, folded lines their own, the blank line not. */
    @Test
    void indexesWhereEveryLineEndsAfterTheCrlfsBeforeTheStartLine() {
        String lines = "OPTIONS sip:127.0.0.1 SIP/2.0\r\nSubject: a\r\n b\r\n";
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            many.append("X-").append(i).append(": ").append(i).append("\r\n"); // past the index's first 16 slots
        }
        String text = "\r\n\r\n" + lines + many + "Content-Length: 0\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);

        HeaderBlockScan scan = new HeaderBlockScanner(new Limits(16_384, 32, MAX_LINE_BYTES, 32, 4_096, 120, 65_536))
                .scan(bytes);

        assertNull(scan.problem());
        assertEquals(4, scan.start());
        assertEquals(12, scan.lines());
        int at = scan.start();
        for (int k = 0; k < scan.lines(); k++) {
            assertEquals(at, scan.lineStart(k), "line " + k);
            assertEquals(text.indexOf("\r\n", at), scan.lineEnd(k), "line " + k);
            at = scan.lineEnd(k) + 2;
        }
        assertEquals(" b", text.substring(scan.lineStart(2), scan.lineEnd(2)));
        assertEquals(at + 2, scan.headerEnd(), "the blank line is not a line of the index");
    }

    @Test
    void scansOnlyTheGivenRange() {
        byte[] bytes = ("\u0000junk" + head("Content-Length: 7")).getBytes(StandardCharsets.ISO_8859_1);

        HeaderBlockScan scan = scanner.scan(bytes, 5, bytes.length);

        assertNull(scan.problem());
        assertEquals(bytes.length, scan.headerEnd());
        assertEquals(7, scan.contentLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 42", "content-length:42", "CONTENT-LENGTH :\t42 ", "l: 42", "L:42"})
    void readsContentLengthInFullAndCompactFormAnyCase(String line) {
        HeaderBlockScan scan = scan(head("Call-ID: a", line));

        assertNull(scan.problem());
        assertEquals(42, scan.contentLength());
    }

    @Test
    void reportsContentLengthAbsentWhenNoHeaderDeclaresIt() {
        HeaderBlockScan scan = scan(head("Call-ID: a", "Content-Type: application/sdp", "Lx: 3"));

        assertNull(scan.problem());
        assertEquals(HeaderBlockScan.ABSENT, scan.contentLength());
    }

    @Test
    void acceptsTheSameContentLengthTwice() {
        HeaderBlockScan scan = scan(head("Content-Length: 12", "l: 12"));

        assertNull(scan.problem());
        assertEquals(12, scan.contentLength());
    }

    @Test
    void refusesTwoDifferentContentLengths() {
        assertEquals(Problem.BAD_CONTENT_LENGTH, scan(head("Content-Length: 0", "Content-Length: 40")).problem());
        assertEquals(Problem.BAD_CONTENT_LENGTH, scan(head("l: 40", "Content-Length: 0")).problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "-1", "+5", "1 2", "12abc", "0x10", "1234567890", "99999999999999999999"})
    void refusesContentLengthThatIsNotAShortNumber(String value) {
        HeaderBlockScan scan = scan(head("Content-Length: " + value));

        assertEquals(Problem.BAD_CONTENT_LENGTH, scan.problem());
        assertEquals(-1, scan.headerEnd());
    }

    /**
     * RFC 3261 §7.3.1 folding: a line starting with whitespace continues the previous header, and
     * JAIN-SIP reads {@code Content-Length: 0 / 5} as 5. The scanner must not read it as 0.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 0\r\n 5", "l: 0\r\n\t5", "Content-Length:\r\n 5"})
    void refusesContentLengthContinuedOnFoldedLine(String lines) {
        HeaderBlockScan scan = scan(head("Call-ID: a", lines, "CSeq: 1 OPTIONS"));

        assertEquals(Problem.BAD_CONTENT_LENGTH, scan.problem());
    }

    @Test
    void acceptsNineDigitContentLength() {
        assertEquals(999_999_999, scan(head("Content-Length: 999999999")).contentLength());
    }

    @Test
    void refusesContentLengthNameWithoutColon() {
        assertEquals(Problem.BAD_CONTENT_LENGTH, scan(head("Content-Length 5")).problem());
    }

    @Test
    void refusesBareLineFeed() {
        HeaderBlockScan scan = scan("OPTIONS sip:127.0.0.1 SIP/2.0\r\nCall-ID: a\nContent-Length: 0\r\n\r\n");

        assertEquals(Problem.UNPARSEABLE, scan.problem());
        assertEquals(-1, scan.headerEnd());
    }

    @Test
    void refusesBareCarriageReturn() {
        assertEquals(Problem.UNPARSEABLE, scan(head("Call-ID: a\rContent-Length: 0")).problem());
    }

    @Test
    void flagsLineLongerThanMaxButStillFindsHeaderEnd() {
        String tooLong = "Subject: " + "x".repeat(MAX_LINE_BYTES - "Subject: ".length() + 1);

        HeaderBlockScan scan = scan(head(tooLong));

        assertEquals(Problem.LINE_TOO_LONG, scan.problem());
        assertEquals(head(tooLong).length(), scan.headerEnd());
    }

    @Test
    void acceptsLineOfExactlyMaxBytes() {
        String longest = "Subject: " + "x".repeat(MAX_LINE_BYTES - "Subject: ".length());

        assertNull(scan(head(longest)).problem());
    }

    @Test
    void flagsMoreHeadersThanMax() {
        String[] lines = new String[MAX_HEADERS + 1];
        java.util.Arrays.fill(lines, "Subject: x");

        assertEquals(Problem.TOO_MANY_HEADERS, scan(head(lines)).problem());
    }

    @Test
    void acceptsExactlyMaxHeaders() {
        String[] lines = new String[MAX_HEADERS];
        java.util.Arrays.fill(lines, "Subject: x");

        assertNull(scan(head(lines)).problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001b", "\u007f"})
    void flagsControlCharacterInHeader(String control) {
        assertEquals(Problem.CONTROL_CHARACTER, scan(head("Subject: a" + control + "b")).problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"From: \"J\u00fcrgen M\u00fcller\" <sip:j@example.com>;tag=1",
            "Subject: \u5927\u505c\u96fb", "X-Emoji: \ud83d\udcde", "X-Bom: \ufeffvalue",
            "X-Edges: \u0080 \u07ff \u0800 \ud7ff \ue000 \uffff \udbff\udfff"})
    void acceptsWellFormedUtf8InHeaderValues(String line) {
        byte[] bytes = head(line).getBytes(StandardCharsets.UTF_8);

        HeaderBlockScan scan = scanner.scan(bytes, 0, bytes.length);

        assertNull(scan.problem());
        assertEquals(bytes.length, scan.headerEnd());
    }

    /** RFC 3629 §3 and §10: what a strict decoder must refuse, and what would otherwise reach JAIN-SIP. */
    @ParameterizedTest
    @ValueSource(strings = {"80", "bf", "c0af", "c1bf", "c3", "c328", "e0808f", "e09f80", "eda080", "edbfbf",
            "f08f8080", "f4908080", "f5808080", "fe", "ff", "e282", "f09f92"})
    void refusesMalformedUtf8(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] before = "OPTIONS sip:127.0.0.1 SIP/2.0\r\nSubject: a".getBytes(StandardCharsets.US_ASCII);
        byte[] after = "b\r\nCall-ID: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[before.length + bad.length + after.length];
        System.arraycopy(before, 0, bytes, 0, before.length);
        System.arraycopy(bad, 0, bytes, before.length, bad.length);
        System.arraycopy(after, 0, bytes, before.length + bad.length, after.length);

        HeaderBlockScan scan = scanner.scan(bytes, 0, bytes.length);

        assertEquals(Problem.INVALID_UTF8, scan.problem());
        assertEquals(bytes.length, scan.headerEnd(), "the request stays answerable");
    }

    @Test
    void stillFlagsControlCharacterNextToUtf8() {
        byte[] bytes = head("Subject: J\u00fcrgen\u0000").getBytes(StandardCharsets.UTF_8);

        assertEquals(Problem.CONTROL_CHARACTER, scanner.scan(bytes, 0, bytes.length).problem());
    }

    @Test
    void allowsTabInHeader() {
        assertNull(scan(head("Subject:\ta\tb")).problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS sip:127.0.0.1 SIP/2.0 ", "OPTIONS sip:127.0.0.1 SIP/2.0\t"})
    void flagsTrailingWhitespaceOnTheStartLineAsUnparseableNotAsVersion(String startLine) {
        // RFC 4475 §3.1.2.10 (trws): a 400, not a 505 that would blame the version.
        assertEquals(Problem.UNPARSEABLE, scan(startLine + "\r\nContent-Length: 0\r\n\r\n").problem());
    }

    @Test
    void flagsOtherVersionAsVersionNotSupported() {
        assertEquals(Problem.VERSION_NOT_SUPPORTED, scan("OPTIONS sip:127.0.0.1 SIP/7.0\r\n\r\n").problem());
    }

    @Test
    void reportsNoHeaderEndWithoutBlankLine() {
        HeaderBlockScan scan = scan("OPTIONS sip:127.0.0.1 SIP/2.0\r\nCall-ID: a\r\nContent-Length: 0\r\n");

        assertEquals(Problem.NO_HEADER_END, scan.problem());
        assertEquals(-1, scan.headerEnd());
    }

    /** The eight-octet test the scan skips printable runs with: exact for every octet at every place. */
    @Test
    void aWordIsPrintableExactlyWhenEachOctetIs() {
        for (int filler : new int[] {0x20, 0x61, 0x7e}) {
            for (int place = 0; place < Long.BYTES; place++) {
                for (int octet = 0; octet < 256; octet++) {
                    byte[] word = new byte[Long.BYTES];
                    java.util.Arrays.fill(word, (byte) filler);
                    word[place] = (byte) octet;
                    assertEquals(printable(word), HeaderBlockScanner.allPrintable(asLong(word)),
                            "octet " + octet + " at " + place + " among " + filler);
                }
            }
        }
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 200_000; n++) {
            byte[] word = new byte[Long.BYTES];
            for (int k = 0; k < Long.BYTES; k++) {
                // Mostly printable, so that words with one or two odd octets are common.
                word[k] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f));
            }
            assertEquals(printable(word), HeaderBlockScanner.allPrintable(asLong(word)), java.util.Arrays.toString(word));
        }
    }

    /** A control octet or a bad UTF-8 octet at any place of a long value is found, as one at a time found it. */
    @Test
    void findsAnOddOctetAtAnyPlaceOfALongLine() {
        for (int at = 0; at < 24; at++) {
            for (int octet : new int[] {0x00, 0x01, 0x0b, 0x1f, 0x7f, 0xff, 0x80}) {
                StringBuilder value = new StringBuilder("x".repeat(40));
                value.setCharAt(at, (char) octet);
                HeaderBlockScan scan = scan(head("Subject: " + value));
                Problem expected = octet >= 0x80 ? Problem.INVALID_UTF8 : Problem.CONTROL_CHARACTER;
                assertEquals(expected, scan.problem(), "octet " + octet + " at " + at);
            }
        }
    }

    private static boolean printable(byte[] word) {
        for (byte b : word) {
            if (b < 0x20 || b == 0x7f) {
                return false; // negative: top bit set
            }
        }
        return true;
    }

    private static long asLong(byte[] word) {
        return java.nio.ByteBuffer.wrap(word).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
