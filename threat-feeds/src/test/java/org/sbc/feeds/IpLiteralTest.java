package org.sbc.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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
        "+1.2.3.4", "\u0661.2.3.4", "1.2.3.4.", ".1.2.3.4", "00.1.2.3", "1.2.3.0400", "1.2.3.4 ", "1.2.3.1000",
        "::1", "[]", "[:::]", "[1::2::3]", "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]",
        "[12345::]", "[g::1]", "[fe80::1%eth0]", "[::1.2.3]", "[::256.1.1.1]", "[:1::2]", "[1::2:]", "[::1",
    })
    void refusesAnythingThatIsNotAStrictLiteral(String text) {
        assertEquals(Optional.empty(), IpLiteral.parseUriHost(text));
    }

    /**
     * The dotted-quad reader against the rule it implements, written as plainly as possible: four
     * parts of one to three digits, no leading zero, none above 255. Seeded, so a failure repeats.
     */
    @Test
    void readsDottedQuadsExactlyAsTheRuleSays() throws Exception {
        Pattern rule = Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
        Random random = new Random(20261207);
        String alphabet = "0123456789.....x";
        int accepted = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder text = new StringBuilder();
            if (n % 2 == 0) {
                for (int length = random.nextInt(17); length > 0; length--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                // Shaped like a quad: parts of up to four digits, some with a leading zero, some missing.
                int parts = random.nextInt(4) == 0 ? 3 + 2 * random.nextInt(2) : 4;
                for (int part = 0; part < parts; part++) {
                    text.append(part == 0 ? "" : ".").append(random.nextInt(16) == 0 ? "0" : "")
                            .append(random.nextInt(16) == 0 ? "" : Integer.toString(random.nextInt(300)));
                }
            }
            Matcher matcher = rule.matcher(text);
            boolean valid = matcher.matches();
            for (int part = 1; valid && part <= 4; part++) {
                valid = Integer.parseInt(matcher.group(part)) <= 255;
            }
            Optional<InetAddress> expected = valid ? Optional.of(InetAddress.getByName(text.toString())) : Optional.empty();
            assertEquals(expected, IpLiteral.parseIpv4(text.toString()), text.toString());
            accepted += valid ? 1 : 0;
        }
        assertTrue(accepted > 5_000, "the generator must reach valid quads too, reached " + accepted);
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
