package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.config.ConfigTesting.errorsOf;
import static org.sbc.core.config.ConfigTesting.yaml;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stage 2: rules across fields, each reported at the value the user wrote. */
class CrossChecksTest {

    @Test
    void rejectsDuplicateListenAcrossSides() {
        assertEquals(List.of("test.yaml:5:7: inside.listen[0]: udp:192.0.2.1:5060 duplicates outside.listen[0] "
                        + "(expected: each transport, address and port once)"),
                errorsOf(yaml(
                        "outside:",
                        "  listen: [udp:192.0.2.1:5060]",
                        "inside:",
                        "  listen:",
                        "    - udp:192.0.2.1:5060")));
    }

    @Test
    void rejectsDuplicateListenWithinOneSideAtTheSecondOccurrence() {
        assertEquals(List.of("test.yaml:4:5: outside.listen[2]: tcp:192.0.2.1:5060 duplicates outside.listen[0] "
                        + "(expected: each transport, address and port once)"),
                errorsOf(yaml(
                        "outside:",
                        "  listen: [tcp:192.0.2.1:5060,",
                        "    udp:192.0.2.1:5060,",
                        "    tcp:192.0.2.1:5060]")));
    }

    @Test
    void allowsSamePortOnDifferentTransportsOrAddresses() throws Exception {
        ConfigLoader.parse(yaml(
                "outside:",
                "  listen: [udp:192.0.2.1:5060, tcp:192.0.2.1:5060, udp:192.0.2.2:5060, \"udp:[::1]:5060\"]"),
                ConfigTesting.FILE);
    }

    @Test
    void rejectsListenerCoveredByAWildcardOnTheSamePort() {
        assertEquals(List.of("test.yaml:2:30: outside.listen[1]: udp:192.0.2.1:5060 overlaps udp:0.0.0.0:5060 "
                        + "at outside.listen[0] (expected: each transport, address and port once)"),
                errorsOf(yaml("outside:", "  listen: [udp:0.0.0.0:5060, udp:192.0.2.1:5060]", "media:", "  anchor: false")));
    }

    @Test
    void reportsConflictWithADefaultAtTheWrittenValue() {
        // inside keeps its default udp:127.0.0.1:5070, which the written outside entry repeats.
        assertEquals(List.of("test.yaml:2:12: outside.listen[0]: udp:127.0.0.1:5070 duplicates "
                        + "inside.listen[0] (default) (expected: each transport, address and port once)"),
                errorsOf(yaml("outside:", "  listen: [udp:127.0.0.1:5070]")));
    }

    @Test
    void rejectsAdminOnASipTcpSocket() {
        assertEquals(List.of("test.yaml:2:11: admin.listen: 127.0.0.1:5060 collides with tcp:127.0.0.1:5060 "
                        + "at outside.listen[1] (default) "
                        + "(expected: admin.listen and SIP TCP listeners on different sockets)"),
                errorsOf(yaml("admin:", "  listen: 127.0.0.1:5060")));
        assertEquals(List.of("test.yaml:2:12: outside.listen[0]: tcp:127.0.0.1:8080 collides with 127.0.0.1:8080 "
                        + "at admin.listen (default) "
                        + "(expected: admin.listen and SIP TCP listeners on different sockets)"),
                errorsOf(yaml("outside:", "  listen: [tcp:127.0.0.1:8080]")));
    }

    @Test
    void allowsAdminOnTheSamePortAsAUdpListener() throws Exception {
        ConfigLoader.parse(yaml("admin:", "  listen: 127.0.0.1:5070"), ConfigTesting.FILE);
    }

    @Test
    void rejectsLineLimitAboveMessageLimit() {
        assertEquals(List.of("test.yaml:3:19: limits.max_line_bytes: max_line_bytes 8192 is larger than "
                        + "max_message_bytes 4096 (expected: max_line_bytes <= max_message_bytes)"),
                errorsOf(yaml("limits:", "  max_message_bytes: 4096", "  max_line_bytes: 8192")));
        assertEquals(List.of("test.yaml:2:22: limits.max_message_bytes: max_line_bytes 4096 (default) is larger "
                        + "than max_message_bytes 1024 (expected: max_line_bytes <= max_message_bytes)"),
                errorsOf(yaml("limits:", "  max_message_bytes: 1024")));
    }

    @Test
    void rejectsPerSourceConnectionsAboveTotal() {
        assertEquals(List.of("test.yaml:2:31: limits.tcp_connections_per_source: tcp_connections_per_source 64 "
                        + "is larger than tcp_connections_total 16 "
                        + "(expected: tcp_connections_per_source <= tcp_connections_total)"),
                errorsOf(yaml("limits:", "  tcp_connections_per_source: 64", "  tcp_connections_total: 16")));
    }

    @Test
    void treatsIpv6WildcardAsDualStack() throws Exception {
        InetAddress any6 = InetAddress.getByName("::");
        InetAddress any4 = InetAddress.getByName("0.0.0.0");
        assertTrue(CrossChecks.overlaps(any6, InetAddress.getByName("192.0.2.1")));
        assertTrue(CrossChecks.overlaps(any4, InetAddress.getByName("192.0.2.1")));
        assertFalse(CrossChecks.overlaps(any4, InetAddress.getByName("::1")));
        assertFalse(CrossChecks.overlaps(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2")));
    }
}
