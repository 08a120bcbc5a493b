package org.sbc.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sbc.core.testing.TestEvents;

class LoggingSecurityEventSinkTest {

    @Test
    void writesOneLinePerEvent() {
        assertEquals("security event BAN src=192.0.2.1:5060 transport=TCP step=\"flood\""
                + " reason=\"density 50 > 20 per 2s\" mode=\"enforce\" details=\"density=50\"",
                LoggingSecurityEventSink.line(TestEvents.ban("192.0.2.1", 5060)));
    }

    @Test
    void bracketsIpv6Sources() {
        assertTrue(LoggingSecurityEventSink.line(TestEvents.ban("2001:db8::1", 5060))
                .startsWith("security event BAN src=[2001:db8:0:0:0:0:0:1]:5060 "));
    }

    @Test
    void encodesHostileUserAgentWithTheOwaspJavaEncoder() {
        String line = LoggingSecurityEventSink.line(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT));

        CefFormatTest.assertOneLine(line);
        assertTrue(line.contains(" user_agent=\"evil\\r\\n<13>1 FAKE|x=y\\\"]\\\\ act=allow\\u2028\\0end\" from="),
                line);
    }
}
