package org.sbc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.json.JsonText;
import org.sbc.feeds.geoip.MmdbWriter;

/** {@code sbc policy test} on the example messages and {@code sbc policy replay} on a hand-built capture. */
class PolicyCommandTest {

    private static final Path MESSAGES = Path.of("..", "examples", "policies", "messages");

    @TempDir
    Path dir;
    private Path contractConfig;
    private Path workersConfig;

    @BeforeEach
    void configs() throws IOException {
        Files.copy(CheckConfigPolicyTest.CONTRACT_POLICY, dir.resolve("contract.yaml"));
        contractConfig = Files.writeString(dir.resolve("contract-sbc.yaml"), "policy:\n  files: [contract.yaml]\n");
        Path workers = Path.of("..", "examples", "policies", "remote-workers.yaml").toAbsolutePath().normalize();
        workersConfig = Files.writeString(dir.resolve("workers-sbc.yaml"), "policy:\n  files: [" + workers + "]\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(CliRun run) throws Exception {
        assertEquals(0, run.exit(), run.err());
        return (Map<String, Object>) JsonText.parse(run.out().strip());
    }

    private CliRun test(Path config, String message, String... more) {
        String[] base = {"policy", "test", "--config", config.toString(), "--source", "198.51.100.20",
                MESSAGES.resolve(message).toString(), "--json"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void namesTheRejectingRuleAndItsCode() throws Exception {
        Map<String, Object> decision = json(test(contractConfig, "invite-national.sip"));
        assertEquals("allow", decision.get("action"));
        assertEquals("default", decision.get("rule"));

        Map<String, Object> premium = json(test(workersConfig, "invite-premium.sip", "--user", "alice"));
        assertEquals("reject", premium.get("action"));
        assertEquals(403L, ((Number) premium.get("code")).longValue());
        assertEquals("no-premium", premium.get("rule"));
        assertEquals(null, premium.get("monitor"));
    }

    @Test
    void anUnregisteredCallerMeetsRegisteredOnly() throws Exception {
        Map<String, Object> decision = json(test(workersConfig, "invite-premium.sip"));

        assertEquals("reject", decision.get("action"));
        assertEquals("registered-only", decision.get("rule"));
    }

    @Test
    void reportsTheMonitorRuleWithoutChangingTheDecision() throws Exception {
        Map<String, Object> decision = json(test(contractConfig, "options-probe.sip"));

        assertEquals("allow", decision.get("action"));
        assertEquals("scanner-watch", decision.get("monitor"));
    }

    @Test
    void bansAMessageFromOutsideTheLabButNotFromIt() throws Exception {
        assertEquals("ban", json(test(contractConfig, "message.sip")).get("action"));

        CliRun lab = CliRun.of("policy", "test", "--config", contractConfig.toString(), "--source", "127.0.0.5:5062",
                "--transport", "tcp", MESSAGES.resolve("message.sip").toString(), "--json");
        assertEquals("allow", json(lab).get("action"));
    }

    @Test
    void printsTheDecisionAndWhyForPeople() {
        CliRun run = test(workersConfig, "invite-premium.sip", "--user", "alice");
        CliRun text = CliRun.of(java.util.Arrays.stream(new String[] {"policy", "test", "--config", workersConfig.toString(),
                "--source", "198.51.100.20", "--user", "alice", MESSAGES.resolve("invite-premium.sip").toString()})
                .toArray(String[]::new));

        assertEquals(0, run.exit());
        assertTrue(text.out().startsWith("decision: reject 403 Premium numbers barred\nrule: no-premium\nwhy:\n"), text.out());
        assertTrue(text.out().contains("ruri_e164 prefix '+49900' (list premium)"), text.out());
    }

    /**
     * Issue 11's offline check of real addresses: the country and AS come from a real mmdb read by
     * MaxMind's reader, the listing from a file: feed, and the policy's {@code country} and
     * {@code asn} conditions decide on them, as in the running SBC.
     */
    @Test
    void showsAndJudgesTheSourcesCountryAsAndFeedsOffline() throws Exception {
        new MmdbWriter("ip-location-db-country")
                .put("198.51.100.0/25", Map.of("country_code", "FR"))
                .put("198.51.100.128/25", Map.of("country_code", "DE"))
                .write(dir.resolve("country.mmdb"));
        new MmdbWriter("GeoLite2-ASN")
                .put("198.51.100.0/26", Map.of("autonomous_system_number", 64_501L,
                        "autonomous_system_organization", "Hosting Inc"))
                .write(dir.resolve("asn.mmdb"));
        Files.writeString(dir.resolve("attackers.txt"), "# local list\n198.51.100.10\n");
        Files.writeString(dir.resolve("geo-policy.yaml"), """
                rules:
                  - id: no-hosting-networks
                    match: { method: OPTIONS, country: fr, asn: "64501" }
                    action: { reject: 403 }
                default: allow
                """);
        Path config = Files.writeString(dir.resolve("geo-sbc.yaml"), """
                security:
                  geoip:
                    country_database: country.mmdb
                    asn_database: asn.mmdb
                  feeds:
                    - name: local-list
                      url: file:attackers.txt
                      action: label
                policy:
                  files: [geo-policy.yaml]
                """);
        String probe = MESSAGES.resolve("options-probe.sip").toString();

        Map<String, Object> hosted = json(CliRun.of("policy", "test", "--config", config.toString(),
                "--source", "198.51.100.10", probe, "--json"));
        assertEquals("reject", hosted.get("action"));
        assertEquals("no-hosting-networks", hosted.get("rule"));
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) hosted.get("labels");
        assertEquals("FR", labels.get("country"));
        assertEquals(64_501L, ((Number) labels.get("asn")).longValue());
        assertEquals("Hosting Inc", labels.get("as_organization"));
        assertEquals(java.util.List.of("local-list"), labels.get("feeds"));
        assertEquals(100L, ((Number) labels.get("feed_weight")).longValue(), "the default weight");

        Map<String, Object> german = json(CliRun.of("policy", "test", "--config", config.toString(),
                "--source", "198.51.100.200:5062", probe, "--json"));
        assertEquals("allow", german.get("action"), "another country: the rule does not match");
        @SuppressWarnings("unchecked")
        Map<String, Object> germanLabels = (Map<String, Object>) german.get("labels");
        assertEquals("DE", germanLabels.get("country"));
        assertEquals(null, germanLabels.get("asn"));
        assertEquals(java.util.List.of(), germanLabels.get("feeds"));

        CliRun text = CliRun.of("policy", "test", "--config", config.toString(), "--source", "198.51.100.10", probe);
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().endsWith("source labels: country FR, asn 64501 (Hosting Inc), feeds local-list (weight 100)\n"),
                text.out());
        CliRun unknown = CliRun.of("policy", "test", "--config", config.toString(), "--source", "203.0.113.9", probe);
        assertTrue(unknown.out().endsWith("source labels: none\n"), unknown.out());
    }

    /** Feed weights add up: two weak lists together outweigh what one of them alone does not. */
    @Test
    void aPolicyAddsUpTheWeightsOfTheFeedsThatListASource() throws Exception {
        Files.writeString(dir.resolve("weak-a.txt"), "198.51.100.10\n198.51.100.11\n");
        Files.writeString(dir.resolve("weak-b.txt"), "198.51.100.10\n");
        Files.writeString(dir.resolve("weight-policy.yaml"), """
                rules:
                  - id: listed-enough
                    match: { method: OPTIONS, label.feed_weight: { range: ["60-6400"] } }
                    action: { reject: 403 }
                default: allow
                """);
        Path config = Files.writeString(dir.resolve("weight-sbc.yaml"), """
                security:
                  feeds:
                    - { name: weak-a, url: "file:weak-a.txt", weight: 40 }
                    - { name: weak-b, url: "file:weak-b.txt", weight: 30 }
                policy:
                  files: [weight-policy.yaml]
                """);
        String probe = MESSAGES.resolve("options-probe.sip").toString();

        Map<String, Object> both = json(CliRun.of("policy", "test", "--config", config.toString(),
                "--source", "198.51.100.10", probe, "--json"));
        Map<String, Object> one = json(CliRun.of("policy", "test", "--config", config.toString(),
                "--source", "198.51.100.11", probe, "--json"));

        assertEquals("listed-enough", both.get("rule"), "40 + 30 = 70");
        assertEquals(70L, ((Number) ((Map<?, ?>) both.get("labels")).get("feed_weight")).longValue());
        assertEquals("allow", one.get("action"), "40 alone is not enough");
        assertEquals(40L, ((Number) ((Map<?, ?>) one.get("labels")).get("feed_weight")).longValue());
    }

    @Test
    void refusesADatabaseThatIsNotOne() throws Exception {
        Files.writeString(dir.resolve("country.mmdb"), "not a MaxMind database\n");
        Path config = Files.writeString(dir.resolve("broken-sbc.yaml"), """
                security:
                  geoip:
                    country_database: country.mmdb
                policy:
                  files: [contract.yaml]
                """);

        CliRun run = CliRun.of("policy", "test", "--config", config.toString(), "--source", "198.51.100.10",
                MESSAGES.resolve("options-probe.sip").toString());

        assertEquals(1, run.exit());
        assertTrue(run.err().contains("security.geoip: cannot open the database"), run.err());
    }

    @Test
    void refusesBadArgumentsWithUsage() {
        assertEquals(2, CliRun.of("policy", "test", "--config", contractConfig.toString(), "--source", "not-an-ip",
                MESSAGES.resolve("message.sip").toString()).exit());
        assertEquals(2, CliRun.of("policy", "test", "--config", contractConfig.toString(), "--source", "127.0.0.1",
                "--side", "middle", MESSAGES.resolve("message.sip").toString()).exit());
        assertEquals(2, CliRun.of("policy", "frobnicate").exit());
    }

    @Test
    void replaysUdpAndTcpRequestsOfACapture() throws Exception {
        String invite = new String(Files.readAllBytes(MESSAGES.resolve("invite-premium.sip")), StandardCharsets.ISO_8859_1)
                .replace("\n", "\r\n").replace("0900123456", "900123");
        byte[] message = MessageFile.normalise(Files.readAllBytes(MESSAGES.resolve("message.sip")));
        byte[] options = MessageFile.normalise(Files.readAllBytes(MESSAGES.resolve("options-probe.sip")));
        byte[] response = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] inviteBytes = invite.getBytes(StandardCharsets.ISO_8859_1);
        PcapWriter pcap = new PcapWriter();
        pcap.udp("198.51.100.20", 5060, "127.0.0.1", 5060, inviteBytes);
        pcap.udp("127.0.0.1", 5060, "198.51.100.20", 5060, response);
        pcap.udp("198.51.100.66", 5060, "127.0.0.1", 5060, options);
        // One MESSAGE cut across two TCP segments, then a retransmission of the second.
        int half = message.length / 2;
        pcap.tcp("198.51.100.30", 40000, "127.0.0.1", 5060, 1000, java.util.Arrays.copyOfRange(message, 0, half));
        byte[] rest = java.util.Arrays.copyOfRange(message, half, message.length);
        pcap.tcp("198.51.100.30", 40000, "127.0.0.1", 5060, 1000 + half, rest);
        pcap.tcp("198.51.100.30", 40000, "127.0.0.1", 5060, 1000 + half, rest);
        Path capture = Files.write(dir.resolve("capture.pcap"), pcap.bytes());

        Map<String, Object> replay = json(CliRun.of("policy", "replay", "--config", contractConfig.toString(),
                capture.toString(), "--json"));

        assertEquals(3L, ((Number) replay.get("requests")).longValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> hits = (Map<String, Object>) replay.get("hits");
        assertEquals(1L, ((Number) hits.get("no-premium")).longValue());
        assertEquals(1L, ((Number) hits.get("scanner-watch")).longValue());
        assertEquals(1L, ((Number) hits.get("lab-only")).longValue());
        assertEquals(1L, ((Number) hits.get("default")).longValue());
    }

    @Test
    void refusesAFileThatIsNoCapture() throws IOException {
        Path notPcap = Files.writeString(dir.resolve("x.pcap"), "hello, world");

        CliRun run = CliRun.of("policy", "replay", "--config", contractConfig.toString(), notPcap.toString());

        assertEquals(1, run.exit());
        assertTrue(run.err().contains("not a pcap or pcapng capture"), run.err());
    }

    /** Writes a classic little-endian pcap of Ethernet frames, as tcpdump -i lo does. */
    static final class PcapWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int seconds = 1_700_000_000;

        PcapWriter() {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(1);
            out.writeBytes(header.array());
        }

        void udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
            ByteBuffer udp = ByteBuffer.allocate(8 + payload.length);
            udp.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0)
                    .put(payload);
            frame(17, src, dst, udp.array());
        }

        void tcp(String src, int srcPort, String dst, int dstPort, long sequence, byte[] payload) {
            ByteBuffer tcp = ByteBuffer.allocate(20 + payload.length);
            tcp.putShort((short) srcPort).putShort((short) dstPort).putInt((int) sequence).putInt(0)
                    .put((byte) 0x50).put((byte) 0x18).putShort((short) 65535).putInt(0).put(payload);
            frame(6, src, dst, tcp.array());
        }

        private void frame(int protocol, String src, String dst, byte[] transport) {
            ByteBuffer ip = ByteBuffer.allocate(20 + transport.length);
            ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + transport.length)).putInt(0)
                    .put((byte) 64).put((byte) protocol).putShort((short) 0).put(octets(src)).put(octets(dst)).put(transport);
            ByteBuffer ethernet = ByteBuffer.allocate(14 + ip.capacity());
            ethernet.put(new byte[12]).putShort((short) 0x0800).put(ip.array());
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(seconds++).putInt(0).putInt(ethernet.capacity()).putInt(ethernet.capacity());
            out.writeBytes(record.array());
            out.writeBytes(ethernet.array());
        }

        private static byte[] octets(String ip) {
            String[] parts = ip.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return bytes;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
