package org.sbc.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

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
        assertEquals(Optional.of(InetAddress.getByName(jdkLiteral)), IpLiteral.parseUriHost(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.-4", "1..3.4",
        "+1.2.3.4", "\u0661.2.3.4", "::1", "[]", "[:::]", "[1::2::3]", "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]",
        "[12345::]", "[g::1]", "[fe80::1%eth0]", "[::1.2.3]", "[::256.1.1.1]", "[:1::2]", "[1::2:]", "[::1",
    })
    void refusesAnythingThatIsNotAStrictLiteral(String text) {
        assertEquals(Optional.empty(), IpLiteral.parseUriHost(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "::1", "2001:db8::7", "::ffff:192.0.2.1"})
    void parsesBareLiteralsOfEitherFamily(String text) throws Exception {
        assertEquals(Optional.of(InetAddress.getByName(text)), IpLiteral.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]", "example.com", "1.2.3", "010.0.0.1", "fe80::1%1", "::1/128", ""})
    void refusesWhatIsNotABareLiteral(String text) {
        assertEquals(Optional.empty(), IpLiteral.parse(text));
    }
}
