package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.sip.Transport;

class B2buaConfigTest {

    @Test
    void readsTimersLimitsAndTrunks() throws Exception {
        SbcConfig config = ConfigLoader.parse("""
                b2bua:
                  t1_ms: 250
                  max_dialogs: 500
                  keepalive_seconds: 0
                trunks:
                  - name: carrier
                    uri: sip:192.0.2.50:5060;transport=tcp
                    prefixes: ["00", "+44"]
                """, "t.yaml");
        assertEquals(250, config.b2bua().t1Millis());
        assertEquals(16_000, config.b2bua().transactionTimeoutMillis());
        assertEquals(500, config.b2bua().maxDialogs());
        assertEquals(0, config.b2bua().keepaliveSeconds());
        Trunk trunk = config.b2bua().trunks().get(0);
        assertEquals("carrier", trunk.name());
        assertEquals(Transport.TCP, trunk.target().transport());
        assertEquals(java.util.List.of("00", "+44"), trunk.prefixes());
    }

    @Test
    void refusesBadTrunksAndTimersWithPositions() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                b2bua:
                  t1_ms: 5
                trunks:
                  - name: carrier
                    prefixes: [abc]
                """, "t.yaml"));
        String message = e.getMessage();
        assertTrue(message.contains("t.yaml:2:10: b2bua.t1_ms"), message);
        assertTrue(message.contains("t.yaml:4:5: trunks[0]: missing key 'uri'"), message);
        assertTrue(message.contains("t.yaml:5:16: trunks[0].prefixes[0]"), message);
    }
}
