package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak scanner of {@link TopologyLeakIT}: what it must find, and what it must not mistake for a leak. */
class LeakScannerTest {

    private final LeakScanner scanner = new LeakScanner(List.of("127.0.43.3", "127.0.42.2"), List.of("5083", "5072"),
            List.of("pbx.internal.example"));

    private List<String> rules(String text) {
        return scanner.scan(List.of(new LeakScanner.Sent(0, "127.0.41.50:5060", "UDP", text))).stream()
                .map(LeakScanner.Leak::rule).toList();
    }

    @Test
    void findsInsideNamesAddressesAndPortsAsWholeTokens() {
        assertTrue(rules("Contact: <sip:200@127.0.43.3>\r\n").contains("inside address 127.0.43.3"));
        assertTrue(rules("Server: Asterisk PBX.Internal.Example\r\n").contains("inside name pbx.internal.example"));
        assertTrue(rules("Record-Route: <sip:proxy.pbx.internal.example;lr>\r\n").contains("inside name pbx.internal.example"));
        assertTrue(rules("Via: SIP/2.0/UDP 10.0.0.1:5072\r\n").contains("inside port :5072"));
        assertTrue(rules("Via: SIP/2.0/UDP x;rport=5083\r\n").contains("inside port 5083 as a number"));
    }

    @Test
    void findsPercentEncodedHexAndBase64Forms() {
        assertTrue(rules("Refer-To: <sip:a@b?Replaces=x%40pbx%2Einternal%2eexample>\r\n")
                .contains("inside name pbx.internal.example (percent-decoded)"));
        List<String> found = rules("Contact: <sip:127%2E0%2E42%2E2%3A5072@sbc>\r\n");
        assertTrue(found.contains("inside address 127.0.42.2 (percent-decoded)"), found.toString());
        found = rules("Contact: <sip:h-7F002B0313db@sbc>\r\n"); // 127.0.43.3 and 5083 as bytes
        assertTrue(found.contains("inside address 127.0.43.3 as hex 7f002b03"), found.toString());
        assertTrue(rules("X: 032b007f\r\n").contains("inside address 127.0.43.3 as hex 032b007f"));
        for (String prefix : List.of("", "a", "ab")) {
            String encoded = Base64.getEncoder().encodeToString((prefix + "pbx.internal.example;x")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(rules("Contact: <sip:" + encoded + "@sbc>\r\n").stream().anyMatch(r -> r.startsWith(
                    "base64 of pbx.internal.example")), "alignment " + prefix.length() + ": " + encoded);
        }
    }

    @Test
    void ignoresTheSameDigitsInsideLongerTokens() {
        assertEquals(List.of(), rules("Contact: <sip:AUx-5083_q5072Zk@127.0.41.1:5060>\r\n"
                + "Call-ID: 127.0.43.31-x\r\nVia: SIP/2.0/UDP 127.0.41.50:50830;branch=z9hG4bK-15083\r\n"
                + "To: <sip:a@mypbx.internal.example.com>\r\n"));
    }
}
