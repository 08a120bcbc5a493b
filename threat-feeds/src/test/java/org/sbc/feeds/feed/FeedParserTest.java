package org.sbc.feeds.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.feeds.AddressSet;
import org.sbc.feeds.IpLiteral;

class FeedParserTest {

    private static FeedParser.Result.Parsed parsed(FeedFormat format, String column, String text) {
        FeedParser.Result result = FeedParser.of(format, column, 1000).parse(text.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(FeedParser.Result.Parsed.class, result, () -> result.toString());
    }

    private static FeedParser.Result.Refused refused(FeedFormat format, String column, String text) {
        FeedParser.Result result = FeedParser.of(format, column, 3).parse(text.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(FeedParser.Result.Refused.class, result, () -> result.toString());
    }

    private static boolean has(AddressSet set, String address) {
        return set.contains(IpLiteral.parse(address).orElseThrow());
    }

    @Test
    void readsSpamhausDropWithItsSemicolonComments() {
        FeedParser.Result.Parsed drop = parsed(FeedFormat.PLAIN, null, """
                ; Spamhaus DROP List 2026/12/05 - (c) 2026 The Spamhaus Project SLU
                ; Last-Modified: Fri, 05 Dec 2026 10:20:33 GMT
                1.10.16.0/20 ; SBL256894
                1.19.0.0/16 ; SBL434604
                2001:db8:dead::/48 ; SBL000000
                """);
        assertEquals(3, drop.set().entries());
        assertEquals(0, drop.skipped());
        assertTrue(has(drop.set(), "1.10.31.255"));
        assertFalse(has(drop.set(), "1.10.32.0"));
        assertTrue(has(drop.set(), "2001:db8:dead:1::9"));
    }

    @Test
    void readsFireholNetsetsWithHashCommentsAndBlankLines() {
        FeedParser.Result.Parsed firehol = parsed(FeedFormat.PLAIN, null, """
                #
                # firehol_level1
                #
                # Maintainer      : FireHOL
                #

                0.0.0.0/8
                203.0.113.7
                \t198.51.100.0/24   # trailing comment
                """);
        assertEquals(3, firehol.set().entries());
        assertEquals(0, firehol.skipped());
        assertTrue(has(firehol.set(), "198.51.100.200"));
        assertTrue(has(firehol.set(), "203.0.113.7"));
        assertFalse(has(firehol.set(), "203.0.113.8"));
    }

    @Test
    void countsAndSkipsLinesThatAreNotAddressesAndQuotesThemSafely() {
        FeedParser.Result.Parsed mixed = parsed(FeedFormat.PLAIN, null,
                "192.0.2.1\nevil.example.com\n10.0.0.1/8\n300.1.1.1\n192.0.2.0/33\n<script>\u0007\n192.0.2.9 extra words\n");
        assertEquals(2, mixed.set().entries(), "192.0.2.1 and 192.0.2.9 (first word of its line)");
        assertEquals(5, mixed.skipped());
        assertEquals(List.of("evil.example.com", "10.0.0.1/8", "300.1.1.1", "192.0.2.0/33", "<script>?"),
                mixed.samples(), "host names are never resolved, host bits set are refused, control characters masked");
    }

    @Test
    void readsApibanJsonAndSkipsWhatIsNotAnAddress() {
        FeedParser.Result.Parsed apiban = parsed(FeedFormat.APIBAN, null,
                "{\"ipaddress\":[\"192.0.2.1\",\"2001:db8::7\",\"bogus\",42,\"198.51.100.0/24\"],\"ID\":\"1733400000\"}");
        assertEquals(3, apiban.set().entries());
        assertEquals(2, apiban.skipped());
        assertTrue(has(apiban.set(), "2001:db8::7"));
        assertTrue(has(apiban.set(), "198.51.100.77"));
    }

    @Test
    void refusesAnApibanAnswerThatIsNotItsJson() {
        assertTrue(refused(FeedFormat.APIBAN, null, "{\"ipaddress\":[\"192.0.2.1\"").reason().contains("JSON"));
        assertTrue(refused(FeedFormat.APIBAN, null, "{\"ID\":\"none\"}").reason().contains("ipaddress"));
        assertTrue(refused(FeedFormat.APIBAN, null, "[".repeat(100)).reason().contains("nesting"));
    }

    @Test
    void readsCsvByHeaderNameWithQuotedCells() {
        FeedParser.Result.Parsed csv = parsed(FeedFormat.CSV, "IP", """
                # exported 2026-12-05
                first_seen,"note, with comma",ip,score
                2026-12-01,"a ""quoted"" note",192.0.2.1,90
                2026-12-02,x,not-an-ip,80
                2026-12-03,y,2001:db8::1,70
                2026-12-04,short
                """);
        assertEquals(2, csv.set().entries());
        assertEquals(2, csv.skipped(), "a cell that is not an address, a row without the column");
        assertTrue(has(csv.set(), "192.0.2.1"));
    }

    @Test
    void readsCsvByColumnNumberFromTheFirstRow() {
        FeedParser.Result.Parsed csv = parsed(FeedFormat.CSV, "2", "a,192.0.2.1\nb,192.0.2.2\n");
        assertEquals(2, csv.set().entries());
        assertEquals(0, csv.skipped());
    }

    @Test
    void refusesCsvWithoutTheNamedColumn() {
        assertTrue(refused(FeedFormat.CSV, "ip", "address,score\n192.0.2.1,1\n").reason().contains("column ip"));
    }

    @Test
    void refusesAListLongerThanItsBoundInsteadOfCuttingIt() {
        assertTrue(refused(FeedFormat.PLAIN, null, "192.0.2.1\n192.0.2.2\n192.0.2.3\n192.0.2.4\n")
                .reason().contains("max_entries 3"));
    }
}
