package org.sbc.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

class AddressSetTest {

    private static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    private static IpPrefix prefix(String text) {
        return IpPrefix.parse(text).orElseThrow(() -> new AssertionError("not a prefix: " + text));
    }

    private static AddressSet of(String... prefixes) {
        AddressSet.Builder builder = AddressSet.builder(1000);
        for (String text : prefixes) {
            assertTrue(builder.add(prefix(text)));
        }
        return builder.build();
    }

    @Test
    void matchesExactlyTheAddressesInsideEachPrefix() {
        AddressSet set = of("192.0.2.0/24", "10.0.0.1", "2001:db8::/32", "2001:db8:ffff::1");
        assertTrue(set.contains(ip("192.0.2.0")));
        assertTrue(set.contains(ip("192.0.2.255")));
        assertFalse(set.contains(ip("192.0.1.255")));
        assertFalse(set.contains(ip("192.0.3.0")));
        assertTrue(set.contains(ip("10.0.0.1")));
        assertFalse(set.contains(ip("10.0.0.15")), "parsed addresses, not string prefixes");
        assertFalse(set.contains(ip("10.0.0.0")));
        assertTrue(set.contains(ip("2001:db8::")));
        assertTrue(set.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")));
        assertFalse(set.contains(ip("2001:db9::")));
        assertFalse(set.contains(ip("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")));
        assertFalse(set.contains(ip("::c000:200")), "an IPv6 address is not its IPv4 twin");
    }

    @Test
    void mergesOverlappingAndAdjacentRangesButCountsWhatWasListed() {
        AddressSet set = of("10.0.0.0/25", "10.0.0.128/25", "10.0.0.7", "10.0.1.0/24", "10.0.3.0/24",
                "2001:db8::/64", "2001:db8:0:1::/64", "2001:db8::5");
        assertEquals(8, set.entries());
        assertEquals(2, set.ipv4Ranges(), "10.0.0.0-10.0.1.255 and 10.0.3.0/24");
        assertEquals(1, set.ipv6Ranges(), "two adjacent /64s and an address inside one");
        assertFalse(set.contains(ip("10.0.2.0")));
        assertTrue(set.contains(ip("10.0.1.255")));
        assertEquals(2 * 2 * 4 + 4 * 8, set.arrayBytes());

        AddressSet gap = of("192.0.2.1", "192.0.2.3", "2001:db8::1", "2001:db8::3");
        assertFalse(gap.contains(ip("192.0.2.2")), "a one-address gap is not adjacent");
        assertFalse(gap.contains(ip("2001:db8::2")));
        assertEquals(2, gap.ipv4Ranges());
        assertEquals(2, gap.ipv6Ranges());
    }

    @Test
    void handlesTheEdgesOfBothAddressSpaces() {
        AddressSet set = of("0.0.0.0/32", "255.255.255.255/32", "128.0.0.0/32", "127.255.255.255/32",
                "::/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "0:0:0:0:ffff:ffff:ffff:ffff/128",
                "0:0:0:1::/128", "8000::/128");
        for (String address : List.of("0.0.0.0", "255.255.255.255", "128.0.0.0", "127.255.255.255", "::",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::ffff:ffff:ffff:ffff", "0:0:0:1::", "8000::")) {
            assertTrue(set.contains(ip(address)), address);
        }
        for (String address : List.of("0.0.0.1", "255.255.255.254", "128.0.0.1", "127.255.255.254", "::1",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0:0:0:1::1")) {
            assertFalse(set.contains(ip(address)), address);
        }
        assertEquals(3, set.ipv4Ranges(), "127.255.255.255 and 128.0.0.0 are adjacent across the sign bit");
        assertEquals(4, set.ipv6Ranges(), "::ffff:ffff:ffff:ffff and 0:0:0:1:: are adjacent across the halves");
    }

    @Test
    void theWholeSpaceSwallowsEverythingAfterIt() {
        AddressSet set = of("0.0.0.0/0", "10.0.0.0/8", "::/0", "2001:db8::/32");
        assertEquals(1, set.ipv4Ranges());
        assertEquals(1, set.ipv6Ranges());
        assertTrue(set.contains(ip("255.255.255.255")));
        assertTrue(set.contains(ip("ffff::1")));
    }

    @Test
    void agreesWithCidrSetOnRandomPrefixesAndAddresses() {
        Random random = new Random(20261205);
        for (int round = 0; round < 50; round++) {
            List<IpPrefix> prefixes = new ArrayList<>();
            AddressSet.Builder builder = AddressSet.builder(10_000);
            for (int i = 0; i < 200; i++) {
                IpPrefix p = randomPrefix(random);
                prefixes.add(p);
                builder.add(p);
            }
            AddressSet set = builder.build();
            CidrSet reference = CidrSet.of(prefixes);
            for (int i = 0; i < 2000; i++) {
                // half the probes near a listed network, half anywhere
                InetAddress probe = i % 2 == 0 ? near(prefixes.get(random.nextInt(prefixes.size())), random)
                        : randomAddress(random, random.nextBoolean());
                assertEquals(reference.contains(probe), set.contains(probe), "round " + round + ": " + probe);
            }
        }
    }

    @Test
    void refusesEntriesPastItsBoundAndSaysSo() {
        AddressSet.Builder builder = AddressSet.builder(2);
        assertTrue(builder.add(prefix("192.0.2.1")));
        assertTrue(builder.add(prefix("2001:db8::1")));
        assertFalse(builder.add(prefix("192.0.2.2")));
        assertEquals(2, builder.build().entries());
    }

    @Test
    void refusesABackwardsRange() {
        assertThrows(IllegalArgumentException.class, () -> AddressSet.builder(1).addIpv4Range(2, 1));
        assertThrows(IllegalArgumentException.class, () -> AddressSet.builder(1).addIpv6Range(0, 2, 0, 1));
    }

    /**
     * The bound: a million entries in at most 32 bytes each. Distinct, non-adjacent
     * entries (no merging to flatter the figure): IPv4 /32s cost 8 bytes, IPv6 /128s 32.
     */
    @Test
    void holdsAMillionEntriesInAtMost32BytesEach() {
        int n = 1_000_000;
        AddressSet.Builder builder = AddressSet.builder(n);
        Random random = new Random(7);
        for (int i = 0; i < n / 2; i++) {
            builder.addIpv4Range(i * 4 + 1, i * 4 + 1);  // every fourth address: never adjacent
            long hi = random.nextLong();
            builder.addIpv6Range(hi, i * 4L, hi, i * 4L);
        }
        AddressSet set = builder.build();
        assertEquals(n, set.entries());
        assertEquals(n / 2, set.ipv4Ranges());
        assertEquals(n / 2, set.ipv6Ranges(), "random high halves: no two merge");
        double bytesPerEntry = (double) set.arrayBytes() / n;
        assertEquals(20.0, bytesPerEntry, 0.001, "half IPv4 at 8 bytes, half IPv6 at 32");
        assertTrue(set.containsIpv4(4 * 1000 + 1));
        assertFalse(set.containsIpv4(4 * 1000 + 2));
    }

    /**
     * The same bound measured by JOL on the real heap, object headers and array headers included,
     * for the worst case: a million distinct IPv6 addresses (no merging).
     */
    @Test
    void aMillionIpv6AddressesTakeThirtyTwoBytesEachOnTheHeap() {
        int n = 1_000_000;
        AddressSet.Builder builder = AddressSet.builder(n);
        Random random = new Random(11);
        for (int i = 0; i < n; i++) {
            long hi = random.nextLong();
            builder.addIpv6Range(hi, i, hi, i);
        }
        AddressSet set = builder.build();
        assertEquals(n, set.ipv6Ranges());
        long heap = GraphLayout.parseInstance(set).totalSize();
        // the arrays are exactly 32 bytes a range; one object and five array headers add < 200 bytes
        assertTrue(heap >= 32L * n && heap <= 32L * n + 200, "heap bytes: " + heap);
        System.out.printf("[address-set] JOL: %d IPv6 entries, %d heap bytes, %.4f bytes/entry%n",
                n, heap, (double) heap / n);
    }

    private static IpPrefix randomPrefix(Random random) {
        boolean v4 = random.nextBoolean();
        InetAddress address = randomAddress(random, v4);
        int max = v4 ? 32 : 128;
        // many short prefixes so that ranges nest, overlap and touch
        int length = random.nextInt(4) == 0 ? max : (v4 ? 8 + random.nextInt(25) : 16 + random.nextInt(113));
        return IpPrefix.enclosing(address, Math.min(length, max));
    }

    private static InetAddress randomAddress(Random random, boolean v4) {
        byte[] bytes = new byte[v4 ? 4 : 16];
        random.nextBytes(bytes);
        if (v4) {
            bytes[0] = (byte) (random.nextInt(4) == 0 ? bytes[0] : 10 + random.nextInt(3));
        } else {
            bytes[0] = 0x20;
            bytes[1] = (byte) (random.nextInt(4) == 0 ? bytes[1] : 1);
        }
        return address(bytes);
    }

    private static InetAddress near(IpPrefix prefix, Random random) {
        byte[] bytes = prefix.network().getAddress();
        int i = bytes.length - 1 - random.nextInt(Math.min(bytes.length, 3));
        bytes[i] += (byte) (random.nextInt(5) - 2);
        return address(bytes);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
