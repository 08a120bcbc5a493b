package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.config.ConfigTesting.errorsOf;
import static org.sbc.core.config.ConfigTesting.yaml;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.testing.TestCertificates;
import org.sbc.core.testing.TestPeers;

class EventsConfigTest {

    @Test
    void logsOnlyToTheApplicationLogByDefault() throws Exception {
        SecurityEventsConfig events = ConfigLoader.parse("security:\n  trusted: []\n", "t.yaml").security().events();

        assertEquals(SecurityEventsConfig.DEFAULT, events);
        assertTrue(events.log());
        assertEquals(60, events.summaryIntervalSeconds());
        assertTrue(events.syslog().isEmpty());
    }

    @Test
    void readsEverySetting() throws Exception {
        SecurityEventsConfig events = ConfigLoader.parse(yaml(
                "security:",
                "  events:",
                "    log: false",
                "    summary_interval_seconds: 10",
                "    queue_size: 500",
                "    syslog:",
                "      - transport: udp",
                "        address: 127.0.30.1:15140",
                "      - {transport: tcp, address: \"[::1]:6514\", format: json, facility: local3, app_name: edge-1}"),
                "t.yaml").security().events();

        assertFalse(events.log());
        assertEquals(10, events.summaryIntervalSeconds());
        assertEquals(500, events.queueSize());
        assertEquals(List.of(
                SyslogSinkConfig.of(SyslogTransport.UDP, TestPeers.address("127.0.30.1", 15140), PayloadFormat.CEF),
                new SyslogSinkConfig(SyslogTransport.TCP, TestPeers.address("::1", 6514), PayloadFormat.JSON,
                        SyslogFacility.LOCAL3, "edge-1", Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty())), events.syslog());
    }

    @Test
    void readsATlsSinkWithItsFiles(@TempDir Path dir) throws Exception {
        TestCertificates.Pem ca = TestCertificates.selfSigned(dir, "ca", null);
        TestCertificates.Pem client = TestCertificates.selfSigned(dir, "client", null);

        SyslogSinkConfig sink = ConfigLoader.parse(yaml(
                "security:",
                "  events:",
                "    syslog:",
                "      - transport: tls",
                "        address: 127.0.30.1:6514",
                "        ca_file: " + ca.cert(),
                "        cert_file: " + client.cert(),
                "        key_file: " + client.key(),
                "        server_name: siem.example.com"), "t.yaml").security().events().syslog().get(0);

        assertEquals(SyslogTransport.TLS, sink.transport());
        assertEquals(Optional.of(ca.cert()), sink.caFile());
        assertEquals(Optional.of(client.key()), sink.keyFile());
        assertEquals(Optional.of("siem.example.com"), sink.serverName());
    }

    @Test
    void refusesTlsWithoutACa() {
        assertEquals(List.of("test.yaml:5:20: security.events.syslog[0].transport: tls without ca_file (expected:"
                + " ca_file naming the PEM CA certificates that the collector's certificate chains to;"
                + " there is no way to skip verification)"), errorsOf(yaml(
                "security:",
                "  events:",
                "    syslog:",
                "      - address: 127.0.30.1:6514",
                "        transport: tls")));
    }

    @Test
    void reportsEveryBadFieldWithItsPosition() {
        List<String> errors = errorsOf(yaml(
                "security:",
                "  events:",
                "    log: yes",
                "    summary_interval_seconds: 0",
                "    queue_size: 2",
                "    syslog:",
                "      - transport: sctp",
                "        address: siem.example.com:514",
                "        format: leef",
                "        facility: kern",
                "        app_name: my app",
                "      - transport: udp",
                "        address: 0.0.0.0:514",
                "        ca_file: /nonexistent/ca.pem",
                "        key_file: /nonexistent/client.key",
                "      - {transport: tcp}"));

        assertEquals(List.of(
                "test.yaml:3:10: security.events.log: expected true or false, got a string 'yes'",
                "test.yaml:4:31: security.events.summary_interval_seconds: 0 out of range (expected: 1..3600)",
                "test.yaml:5:17: security.events.queue_size: 2 out of range (expected: 16..1000000)",
                "test.yaml:7:20: security.events.syslog[0].transport: unknown transport 'sctp' (expected: udp, tcp or tls)",
                "test.yaml:8:18: security.events.syslog[0].address: bad address 'siem.example.com' (expected: an IPv4 or [IPv6] literal)",
                "test.yaml:9:17: security.events.syslog[0].format: unknown format 'leef' (expected: cef or json)",
                "test.yaml:10:19: security.events.syslog[0].facility: unknown facility 'kern' (expected: one of user, daemon, auth, authpriv, local0..local7)",
                "test.yaml:11:19: security.events.syslog[0].app_name: 'my app' (expected: 1..48 printable US-ASCII characters, no spaces; RFC 5424 APP-NAME)",
                "test.yaml:13:18: security.events.syslog[1].address: wildcard address '0.0.0.0:514' (expected: the collector's own address, e.g. 192.0.2.10:514)",
                "test.yaml:14:18: security.events.syslog[1].ca_file: '/nonexistent/ca.pem': no such file (expected: a readable PEM certificate file)",
                "test.yaml:14:18: security.events.syslog[1].ca_file: ca_file with transport udp (expected: ca_file only with transport tls)",
                "test.yaml:15:19: security.events.syslog[1].key_file: '/nonexistent/client.key': no such file (expected: a readable PEM key file)",
                "test.yaml:15:19: security.events.syslog[1].key_file: key_file with transport udp (expected: key_file only with transport tls)",
                "test.yaml:15:19: security.events.syslog[1].key_file: given without cert_file (expected: both cert_file and key_file, or neither)",
                "test.yaml:16:9: security.events.syslog[2].address: missing (expected: the collector as address:port, e.g. 192.0.2.10:514)"),
                errors);
    }

    @Test
    void refusesTheSameCollectorTwice() {
        assertEquals(List.of("test.yaml:5:9: security.events.syslog[1]: udp to '127.0.30.1:514' duplicates syslog[0]"
                + " (expected: each collector once)"), errorsOf(yaml(
                "security:",
                "  events:",
                "    syslog:",
                "      - {transport: udp, address: 127.0.30.1:514}",
                "      - {transport: udp, address: 127.0.30.1:514, format: json}",
                "      - {transport: tcp, address: 127.0.30.1:514}")));
    }

    @Test
    void refusesUnknownKeysInASink() {
        assertEquals(List.of("test.yaml:6:9: security.events.syslog[0].adress: unknown key 'adress' (did you mean 'address'?)"),
                errorsOf(yaml(
                "security:",
                "  events:",
                "    syslog:",
                "      - transport: udp",
                "        address: 127.0.30.1:514",
                "        adress: 127.0.30.1:514")));
    }

    @Test
    void readsACallRecordSyslogCopyThatNeedsTheFile() throws Exception {
        CallRecordsConfig records = ConfigLoader.parse(yaml(
                "call_records:",
                "  file: calls.jsonl",
                "  syslog: { transport: udp, address: \"127.0.30.1:15141\", facility: local3 }"), "t.yaml").callRecords();
        assertEquals(SyslogFacility.LOCAL3, records.syslog().orElseThrow().facility());

        assertEquals(List.of("test.yaml:2:11: call_records.syslog: a copy of records that are not kept (expected:"
                        + " call_records.file as well; syslog gets a copy of each record written there)"),
                errorsOf(yaml("call_records:", "  syslog: { transport: udp, address: \"127.0.30.1:15141\" }")));
    }
}
