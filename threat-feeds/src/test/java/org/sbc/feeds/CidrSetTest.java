package org.sbc.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    private static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    private static IpPrefix prefix(String text) {
        return IpPrefix.parse(text).orElseThrow(() -> new AssertionError("not a prefix: " + text));
    }

    @Test
    void matchesParsedAddressesNotStringPrefixes() {
        CidrSet set = CidrSet.of(List.of(prefix("10.0.0.1")));
        assertTrue(set.contains(ip("10.0.0.1")));
        assertFalse(set.contains(ip("10.0.0.15")), "secfilter's string-prefix mistake");
    }

    @Test
    void matchesEveryAddressInsideAPrefixAndNoneOutside() {
        CidrSet set = CidrSet.of(List.of(prefix("192.0.2.0/24"), prefix("2001:db8::/32")));
        assertTrue(set.contains(ip("192.0.2.0")));
        assertTrue(set.contains(ip("192.0.2.255")));
        assertFalse(set.contains(ip("192.0.3.0")));
        assertTrue(set.contains(ip("2001:db8:ffff::1")));
        assertFalse(set.contains(ip("2001:db9::1")));
    }

    @Test
    void keepsFamiliesApart() {
        CidrSet set = CidrSet.of(List.of(prefix("0.0.0.0/0")));
        assertTrue(set.contains(ip("203.0.113.9")));
        assertFalse(set.contains(ip("::1")));
    }

    @Test
    void refusesHostBitsBelowThePrefixAndBadLengths() {
        assertTrue(IpPrefix.parse("10.0.0.1/8").isEmpty());
        assertTrue(IpPrefix.parse("10.0.0.0/33").isEmpty());
        assertTrue(IpPrefix.parse("10.0.0.0/").isEmpty());
        assertTrue(IpPrefix.parse("example.com/24").isEmpty());
        assertTrue(IpPrefix.parse("010.0.0.0/8").isEmpty());
        assertEquals("10.0.0.0/8", prefix("10.0.0.0/8").toString());
        assertEquals(prefix("::1/128"), prefix("[::1]"));
    }

    @Test
    void enclosingPrefixClearsHostBits() {
        assertEquals(prefix("127.0.9.0/24"), IpPrefix.enclosing(ip("127.0.9.77"), 24));
        assertEquals(prefix("2001:db8:1:2::/64"), IpPrefix.enclosing(ip("2001:db8:1:2:3:4:5:6"), 64));
    }

    @Test
    void longestMatchNamesTheNarrowestNetworkHoldingTheAddress() {
        CidrSet set = CidrSet.of(List.of(prefix("10.0.0.0/8"), prefix("10.1.0.0/16"), prefix("2001:db8::/32")));
        assertEquals(Optional.of(prefix("10.1.0.0/16")), set.longestMatch(ip("10.1.2.3")));
        assertEquals(Optional.of(prefix("10.0.0.0/8")), set.longestMatch(ip("10.2.0.1")));
        assertEquals(Optional.empty(), set.longestMatch(ip("11.0.0.1")));
        assertEquals(Optional.empty(), set.longestMatch(ip("::ffff:11.0.0.1")));
        assertEquals(Optional.of(prefix("2001:db8::/32")), set.longestMatch(ip("2001:db8::7")));
    }

    @Test
    void parseOrThrowSaysWhatIsWrongAfterTheText() {
        assertEquals(prefix("192.0.2.0/24"), IpPrefix.parseOrThrow("192.0.2.0/24"));
        assertEquals("has host bits set (expected: 10.0.0.0/8)",
                assertThrows(IllegalArgumentException.class, () -> IpPrefix.parseOrThrow("10.0.0.1/8")).getMessage());
        assertEquals("(expected: a prefix length 0..32)",
                assertThrows(IllegalArgumentException.class, () -> IpPrefix.parseOrThrow("10.0.0.0/33")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpPrefix.parseOrThrow("pbx.example"))
                .getMessage().startsWith("(expected: an IPv4 or IPv6 address or CIDR"));
    }
}
