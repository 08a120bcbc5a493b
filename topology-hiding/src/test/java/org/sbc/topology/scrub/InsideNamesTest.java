package org.sbc.topology.scrub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsideNamesTest {

    private final InsideNames inside = new InsideNames(List.of(
            "127.0.0.2", "10.1.2.3", "2001:DB8:0:0::7", "[fd00::1]", "internal.example", "PBX.corp.test.", " ", ""));

    @Test
    void matchesWholeIpv4AddressesOnly() {
        assertTrue(inside.isInside("127.0.0.2"));
        assertFalse(inside.isInside("127.0.0.20"), "secfilter's string-prefix mistake");
        assertFalse(inside.isInside("127.0.0.200"));
        assertFalse(inside.isInside("27.0.0.2"));
        assertEquals("127.0.0.20 and 1127.0.0.2 and 127.0.0.2.5", inside.scrub("127.0.0.20 and 1127.0.0.2 and 127.0.0.2.5", "X"));
    }

    @Test
    void matchesHostsWithPortsAndBrackets() {
        assertTrue(inside.isInside("127.0.0.2:5060"));
        assertTrue(inside.isInside("[2001:db8::7]"));
        assertTrue(inside.isInside("[2001:db8::7]:5061"));
        assertTrue(inside.isInside("2001:0db8:0000::0007"));
        assertTrue(inside.isInside("fd00:0::1"));
        assertTrue(inside.isInside(" pbx.corp.test "));
        assertFalse(inside.isInside("127.0.0.2:port"));
        assertFalse(inside.isInside("[2001:db8::8]"));
        assertFalse(inside.isInside(null));
        assertFalse(inside.isInside(""));
    }

    @Test
    void aDomainCoversItsSubdomainsCaseInsensitively() {
        assertTrue(inside.isInside("internal.example"));
        assertTrue(inside.isInside("x.internal.example"));
        assertTrue(inside.isInside("A.B.Internal.EXAMPLE"));
        assertTrue(inside.isInside("internal.example."));
        assertFalse(inside.isInside("notinternal.example"));
        assertFalse(inside.isInside("internal.example.com"));
        assertFalse(inside.isInside("example"));
        assertTrue(inside.isInside("a.pbx.corp.test"));
        assertFalse(inside.isInside("corp.test"));
    }

    @Test
    void scrubsWholeTokensWithTheirPorts() {
        assertEquals("SIP/2.0/UDP sbc.example;branch=z9hG4bK1",
                inside.scrub("SIP/2.0/UDP 10.1.2.3:5060;branch=z9hG4bK1", "sbc.example"));
        assertEquals("<sip:alice@sbc.example;transport=tcp>",
                inside.scrub("<sip:alice@pbx.corp.test:5080;transport=tcp>", "sbc.example"));
        assertEquals("sip:bob@sbc.example, sip:carol@notinternal.example",
                inside.scrub("sip:bob@x.internal.example, sip:carol@notinternal.example", "sbc.example"));
        assertEquals("X X X", inside.scrub("10.1.2.3 10.1.2.3:1 10.1.2.3:65535", "X"));
        assertEquals("X:port", inside.scrub("10.1.2.3:port", "X"));
        assertEquals("at X.", inside.scrub("at internal.example.", "X"));
        assertEquals("unchanged text", inside.scrub("unchanged text", "X"));
    }

    @Test
    void scrubsIpv6InBracketsAndStandingAlone() {
        assertEquals("sip:a@X;lr", inside.scrub("sip:a@[2001:db8::7]:5060;lr", "X"));
        assertEquals("sip:a@X;lr", inside.scrub("sip:a@[2001:DB8:0::7];lr", "X"));
        assertEquals("c=IN IP6 X", inside.scrub("c=IN IP6 2001:db8::7", "X"));
        assertEquals("from X to", inside.scrub("from fd00::1 to", "X"));
        assertEquals("from fd00::1a to", inside.scrub("from fd00::1a to", "X"));
        assertEquals("[2001:db8::8]", inside.scrub("[2001:db8::8]", "X"));
        assertEquals("X", inside.scrub("::ffff:10.1.2.3", "X"), "an IPv4-mapped address is the IPv4 address");
    }

    @Test
    void seesNamesPlainAndPercentEncoded() {
        assertTrue(inside.appearsIn("Warning: 399 10.1.2.3 \"down\""));
        assertTrue(inside.appearsIn("sip:x@10%2E1%2e2%2E3"));
        assertTrue(inside.appearsIn("<sip:a@pbx%2Ecorp.test>"));
        assertTrue(inside.appearsIn("[2001%3Adb8%3A%3A7]"));
        assertTrue(inside.appearsIn("10%252E1.2.3"), "double encoding");
        assertFalse(inside.appearsIn("127.0.0.20 notinternal.example %ZZ %2"));
        assertFalse(inside.appearsIn(""));
        assertFalse(inside.appearsIn(null));
    }

    @Test
    void refusesEntriesThatAreNeitherAddressesNorNames() {
        for (String bad : List.of("10.0.0.256", "exa mple.com", "-bad.example", "a..b", "[10.0.0.1", "2001:db8::g", "x_y.example")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InsideNames(List.of(bad)));
            assertTrue(e.getMessage().startsWith("inside name: " + bad), e.getMessage());
        }
    }

    @Test
    void withNoNamesScrubsNothing() {
        InsideNames none = new InsideNames(Arrays.asList("", "  "));
        assertEquals("10.1.2.3", none.scrub("10.1.2.3", "X"));
        assertFalse(none.appearsIn("10.1.2.3"));
    }

    @Test
    void handlesLongAndOddTextQuickly() {
        String noise = "a.".repeat(50_000) + "::::" + "[".repeat(10_000) + "1:".repeat(10_000);
        long start = System.nanoTime();
        assertEquals(noise + "X", inside.scrub(noise + "10.1.2.3", "X"));
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }
}
