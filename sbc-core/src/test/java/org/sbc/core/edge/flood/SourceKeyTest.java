package org.sbc.core.edge.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.sbc.core.testing.TestPeers.ip;

import org.junit.jupiter.api.Test;

class SourceKeyTest {

    @Test
    void masksToTheEnclosingPrefix() {
        assertEquals("198.51.100.0/24", SourceKey.of(ip("198.51.100.77"), 24).toPrefix().toString());
        assertEquals("198.51.0.0/16", SourceKey.of(ip("198.51.100.77"), 16).toPrefix().toString());
        assertEquals("198.51.100.77/32", SourceKey.of(ip("198.51.100.77"), 32).toPrefix().toString());
        assertEquals("2001:db8:1:2:0:0:0:0/64", SourceKey.of(ip("2001:db8:1:2:3::9"), 64).toPrefix().toString());
        assertEquals("2001:db8:1:0:0:0:0:0/48", SourceKey.of(ip("2001:db8:1:2:3::9"), 48).toPrefix().toString());
        assertEquals("2001:db8:1:2:3:0:0:9/128", SourceKey.of(ip("2001:db8:1:2:3::9"), 128).toPrefix().toString());
    }

    @Test
    void addressesOfOnePrefixShareAKey() {
        assertEquals(SourceKey.of(ip("198.51.100.1"), 24), SourceKey.of(ip("198.51.100.254"), 24));
        assertNotEquals(SourceKey.of(ip("198.51.100.1"), 32), SourceKey.of(ip("198.51.100.2"), 32));
        assertNotEquals(SourceKey.of(ip("0.0.0.0"), 32), SourceKey.of(ip("::"), 128));
    }
}
