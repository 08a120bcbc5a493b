package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.testing.TestEvents;
import org.sbc.core.testing.TestPeers;

class CefFormatTest {

    private final CefFormat cef = new CefFormat("0.1.0");

    @Test
    void writesHeaderAndStandardKeys() {
        assertEquals("CEF:0|sbc|sbc|0.1.0|SCANNER|Scanner detected|6|rt=1795701600123 src=203.0.113.7 spt=5062"
                + " proto=UDP act=scanner reason=user-agent sipvicious cs1Label=step cs1=secfilter cs2Label=mode"
                + " cs2=enforce cs3Label=details cs3=rule\\=ua-1 requestClientApplication=friendly-scanner"
                + " suser=<sip:100@198.51.100.1>;tag\\=1 duser=<sip:100@198.51.100.1> request=sip:100@198.51.100.1",
                cef.format(TestEvents.scanner("friendly-scanner")));
    }

    @Test
    void leavesOutWhatAnEventDoesNotHave() {
        assertEquals("CEF:0|sbc|sbc|0.1.0|UNBAN|Ban lifted|3|rt=1795701600123 src=192.0.2.9 spt=0 act=unban"
                + " reason=manual cs1Label=step cs1=admin cs2Label=mode cs2=enforce",
                cef.format(TestEvents.unbanManual("192.0.2.9")));
    }

    @Test
    void putsIpv6SourcesInTheIpv6Key() {
        String line = cef.format(TestEvents.ban("2001:db8::7", 5060));

        assertTrue(line.contains(" c6a2Label=Source IPv6 Address c6a2=2001:db8:0:0:0:0:0:7 spt=5060 "), line);
        assertFalse(line.contains(" src="), line);
    }

    @Test
    void escapesHostileUserAgentIntoOneValue() {
        String line = cef.format(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT));

        assertTrue(line.contains(" requestClientApplication=evil\\r\\n<13>1 FAKE|x\\=y\"]\\\\ act\\=allow\uFFFD\uFFFDend"
                + " suser="), line);
        assertOneLine(line);
        assertEquals(1, count(line, " act="), "the forged act= is escaped: " + line);
    }

    @Test
    void escapesPipesAndBackslashesInTheHeader() {
        String line = new CefFormat("1|2\\3").format(TestEvents.ban("192.0.2.1", 1));

        assertTrue(line.startsWith("CEF:0|sbc|sbc|1\\|2\\\\3|BAN|Source banned|7|rt="), line);
    }

    @Test
    void carriesTheSummaryCountAsCnt() {
        SecurityEvent e = TestEvents.ban("192.0.2.1", 1);
        SecurityEvent summary = new SecurityEvent(e.time(), e.type(), e.source(), e.transport(), e.step(), e.reason(),
                e.mode(), Map.of("count", "41", "interval_seconds", "60"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        String line = cef.format(summary);

        assertTrue(line.endsWith(" cs3Label=details cs3=count\\=41;interval_seconds\\=60 cnt=41"), line);
    }

    @Test
    void capsLongAttackerFields() {
        String line = cef.format(TestEvents.scanner("A".repeat(5_000)));

        assertTrue(line.contains("requestClientApplication=" + "A".repeat(AttackerText.MAX_CHARS - 3) + "... suser="));
        assertTrue(line.length() < 1_000, "length " + line.length());
        assertFalse(line.contains(TestPeers.ip("203.0.113.7").toString() + "X"));
    }

    static void assertOneLine(String line) {
        for (char c : line.toCharArray()) {
            assertFalse(c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c < 0x20,
                    "line break or control character " + (int) c + " in: " + line);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
