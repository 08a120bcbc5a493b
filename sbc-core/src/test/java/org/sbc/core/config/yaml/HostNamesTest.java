package org.sbc.core.config.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"pbx", "pbx.example.net", "a-b.example", "x1.example", "EXAMPLE.COM", "123.example"})
    void acceptsDnsNames(String text) {
        assertTrue(HostNames.isDnsName(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ".", "a..b", "-a.example", "a-.example", "a_b.example", "a.example.", "b\u00fccher.example",
        "192.0.2.300", "1.2.3.4", "a b",
    })
    void refusesMalformedDnsNames(String text) {
        assertFalse(HostNames.isDnsName(text));
    }

    @org.junit.jupiter.api.Test
    void boundsLabelAndNameLength() {
        assertTrue(HostNames.isDnsName("a".repeat(63) + ".example"));
        assertFalse(HostNames.isDnsName("a".repeat(64) + ".example"));
        String name253 = ("a".repeat(49) + ".").repeat(5) + "abc";
        assertEquals(253, name253.length());
        assertTrue(HostNames.isDnsName(name253));
        assertFalse(HostNames.isDnsName(name253 + "d"));
    }
}
