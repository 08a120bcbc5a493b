package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SecurityConfigTest {

    @Test
    void trustsNothingByDefault() throws Exception {
        assertTrue(ConfigLoader.parse("", "t.yaml").security().trusted().isEmpty());
    }

    @Test
    void readsTrustedNetworks() throws Exception {
        SbcConfig config = ConfigLoader.parse("""
                security:
                  trusted: [127.0.0.20, 192.0.2.0/24, "2001:db8::/32"]
                """, "t.yaml");
        assertEquals(3, config.security().trusted().size());
        assertTrue(config.security().trusted().contains(InetAddress.getByName("192.0.2.77")));
        assertFalse(config.security().trusted().contains(InetAddress.getByName("127.0.0.2")));
    }

    @Test
    void refusesBadNetworkWithPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                security:
                  trusted:
                    - 10.0.0.1/8
                    - pbx.example.com
                """, "t.yaml"));
        assertEquals(2, e.errors().size(), e.getMessage());
        assertEquals(3, e.errors().get(0).line());
        assertTrue(e.errors().get(0).toString().contains("security.trusted[0]"), e.getMessage());
        assertEquals(4, e.errors().get(1).line());
    }
}
