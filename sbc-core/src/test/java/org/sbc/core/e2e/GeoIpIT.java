package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.edge.reputation.SourceLabels;
import org.sbc.core.metrics.Counter;
import org.sbc.feeds.geoip.MmdbWriter;

/**
 * GeoIP end to end with MaxMind's reader on databases written for loopback ranges (so real
 * packets can come from a "country"): a denied country's first OPTIONS is dropped unparsed, a
 * trusted source in it is served, another country is served, and every source carries its
 * country and AS label for later steps.
 */
class GeoIpIT {

    private static final String SBC_IP = "127.0.11.3";
    private static final InetSocketAddress SIP = new InetSocketAddress(SBC_IP, 5060);

    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void dropsADeniedCountryOnItsFirstPacketAndLabelsEverySource() throws Exception {
        new MmdbWriter("ip-location-db-country")
                .put("127.0.11.96/28", Map.of("country_code", "RU"))
                .put("127.0.11.112/28", Map.of("country_code", "DE"))
                .write(dir.resolve("country.mmdb"));
        new MmdbWriter("GeoLite2-ASN")
                .put("127.0.11.112/28", Map.of("autonomous_system_number", 64_500L,
                        "autonomous_system_organization", "Test Network"))
                .write(dir.resolve("asn.mmdb"));
        Path config = dir.resolve("sbc.yaml");
        Files.writeString(config, TestServers.listenYaml(SBC_IP, 26003) + """
                security:
                  trusted: [127.0.11.98]
                  geoip:
                    country_database: country.mmdb
                    asn_database: asn.mmdb
                    deny_countries: [ru]
                """);
        try (SbcServer server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)));
                SipClient denied = new SipClient("127.0.11.97", SIP);
                SipClient trusted = new SipClient("127.0.11.98", SIP);
                SipClient german = new SipClient("127.0.11.113", SIP);
                SipClient unknown = new SipClient("127.0.11.130", SIP)) {
            assertTrue(denied.ping("denied").isEmpty(), "a denied country gets no answer");
            assertEquals(1, server.counters().get(Counter.GEOIP_DROPPED));
            assertEquals(0, server.counters().get(Counter.MESSAGES_RECEIVED), "never parsed");
            assertTrue(trusted.ping("trusted").isPresent(), "trusted outranks the country rule");
            assertTrue(german.ping("german").isPresent(), "another country is served");
            assertTrue(unknown.ping("unknown").isPresent(), "an unknown country is served");

            SourceLabels labels = server.reputation().labels(InetAddress.getByName("127.0.11.113"));
            assertEquals("DE", labels.geo().country());
            assertEquals(64_500, labels.geo().asn());
            assertEquals("Test Network", labels.geo().asOrganization());
            assertEquals("RU", server.reputation().labels(InetAddress.getByName("127.0.11.97")).geo().country());
        }
    }

    /** The country and AS reach the policy (country, asn; also label.country, label.asn), read by a real mmdb reader. */
    @Test
    @Timeout(30)
    void givesThePolicyEachSourcesCountryAndAs() throws Exception {
        new MmdbWriter("ip-location-db-country")
                .put("127.0.11.144/28", Map.of("country_code", "FR"))
                .put("127.0.11.160/28", Map.of("country_code", "FR"))
                .write(dir.resolve("country.mmdb"));
        new MmdbWriter("GeoLite2-ASN")
                .put("127.0.11.160/28", Map.of("autonomous_system_number", 64_501L,
                        "autonomous_system_organization", "Hosting Inc"))
                .write(dir.resolve("asn.mmdb"));
        Files.writeString(dir.resolve("policy.yaml"), """
                rules:
                  - id: no-hosting-networks
                    match: { method: OPTIONS, country: fr, asn: "64501" }
                    action: { reject: 403 }
                default: allow
                """);
        Path config = dir.resolve("sbc.yaml");
        Files.writeString(config, TestServers.listenYaml("127.0.11.4", 26004) + """
                security:
                  geoip:
                    country_database: country.mmdb
                    asn_database: asn.mmdb
                policy:
                  files: [policy.yaml]
                """);
        InetSocketAddress sip = new InetSocketAddress("127.0.11.4", 5060);
        try (SbcServer server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)));
                SipClient home = new SipClient("127.0.11.145", sip);
                SipClient hosted = new SipClient("127.0.11.161", sip)) {
            assertTrue(home.ping("home").orElse("").startsWith("SIP/2.0 200"), "France, a home network: served");
            String refused = hosted.ping("hosted").orElse("");
            assertTrue(refused.startsWith("SIP/2.0 403"), "France from AS64501: refused by the rule: " + refused);
        }
    }
}
