package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressLiteralsTest {

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, 0.0.0.0",
        "192.0.2.1, 192.0.2.1",
        "255.255.255.255, 255.255.255.255",
        "[::], ::",
        "[::1], ::1",
        "[1::], 1::",
        "[2001:DB8:0:0:0:0:0:1], 2001:db8::1",
        "[1:2:3:4:5:6:7::], 1:2:3:4:5:6:7:0",
        "[::1:2:3:4:5:6:7], 0:1:2:3:4:5:6:7",
        "[64:ff9b::192.0.2.1], 64:ff9b::c000:201",
        "[::ffff:192.0.2.1], 192.0.2.1",
    })
    void parsesLiteralsToTheSameAddressAsTheJdk(String text, String jdkLiteral) throws Exception {
        assertEquals(Optional.of(InetAddress.getByName(jdkLiteral)), AddressLiterals.parseUriHost(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.-4", "1..3.4",
        "+1.2.3.4", "\u0661.2.3.4", "::1", "[]", "[:::]", "[1::2::3]", "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]",
        "[12345::]", "[g::1]", "[fe80::1%eth0]", "[::1.2.3]", "[::256.1.1.1]", "[:1::2]", "[1::2:]", "[::1",
    })
    void refusesAnythingThatIsNotAStrictLiteral(String text) {
        assertEquals(Optional.empty(), AddressLiterals.parseUriHost(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pbx", "pbx.example.net", "a-b.example", "x1.example", "EXAMPLE.COM", "123.example"})
    void acceptsDnsNames(String text) {
        assertTrue(AddressLiterals.isDnsName(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ".", "a..b", "-a.example", "a-.example", "a_b.example", "a.example.", "b\u00fccher.example",
        "192.0.2.300", "1.2.3.4", "a b",
    })
    void refusesMalformedDnsNames(String text) {
        assertFalse(AddressLiterals.isDnsName(text));
    }

    @org.junit.jupiter.api.Test
    void boundsLabelAndNameLength() {
        assertTrue(AddressLiterals.isDnsName("a".repeat(63) + ".example"));
        assertFalse(AddressLiterals.isDnsName("a".repeat(64) + ".example"));
        String name253 = ("a".repeat(49) + ".").repeat(5) + "abc";
        assertEquals(253, name253.length());
        assertTrue(AddressLiterals.isDnsName(name253));
        assertFalse(AddressLiterals.isDnsName(name253 + "d"));
    }
}
