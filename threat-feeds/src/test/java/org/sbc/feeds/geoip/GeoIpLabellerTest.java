package org.sbc.feeds.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.feeds.IpLiteral;

class GeoIpLabellerTest {

    @TempDir
    Path dir;

    private static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    @Test
    void labelsRealAddressesWithTheirCountryFromTheFreeDatabase() throws Exception {
        GeoIpLabeller labeller = GeoIpLabeller.open(Optional.of(IpLocationDb.country()), Optional.empty());
        // whois data: where the block is registered
        assertEquals("US", labeller.label(ip("8.8.8.8")).country(), "Google Public DNS");
        assertEquals("AU", labeller.label(ip("1.1.1.1")).country(), "1.0.0.0/8 block of APNIC/Cloudflare");
        assertEquals("DE", labeller.label(ip("2a01:4f8::1")).country(), "Hetzner's IPv6 block, RIPE");
        assertEquals("JP", labeller.label(ip("133.0.0.1")).country(), "133.0.0.0/8, JPNIC");
        assertEquals(GeoLabel.UNKNOWN, labeller.label(ip("10.1.2.3")), "private addresses are nowhere");
        assertEquals(GeoLabel.UNKNOWN, labeller.label(ip("127.0.0.1")));
    }

    @Test
    void labelsTheAsnAndOrganizationFromAnAsnDatabase() throws Exception {
        Path asn = dir.resolve("asn.mmdb");
        asnDatabase(15169, "GOOGLE").write(asn);
        GeoIpLabeller labeller = GeoIpLabeller.open(Optional.empty(), Optional.of(asn));
        assertEquals(new GeoLabel("", 15169, "GOOGLE"), labeller.label(ip("8.8.8.8")));
        assertEquals(new GeoLabel("", 13335, "CLOUDFLARENET"), labeller.label(ip("1.1.1.1")));
        assertEquals(new GeoLabel("", 24940, "Hetzner Online GmbH"), labeller.label(ip("2a01:4f8::1")));
        assertEquals(GeoLabel.UNKNOWN, labeller.label(ip("9.9.9.9")), "not in this database");
    }

    @Test
    void readsTheGeoIp2CountryLayoutToo() throws Exception {
        Path country = dir.resolve("country.mmdb");
        new MmdbWriter("GeoLite2-Country")
                .put("8.8.8.0/24", Map.of("country", Map.of("iso_code", "US"), "registered_country", Map.of("iso_code", "US")))
                .put("192.0.2.0/24", Map.of("registered_country", Map.of("iso_code", "FR")))
                .put("198.51.100.0/24", Map.of("country", Map.of("iso_code", "us1")))  // not a code: refused
                .write(country);
        GeoIpLabeller labeller = GeoIpLabeller.open(Optional.of(country), Optional.empty());
        assertEquals("US", labeller.label(ip("8.8.8.8")).country());
        assertEquals("FR", labeller.label(ip("192.0.2.9")).country(), "registered country when no country");
        assertEquals("", labeller.label(ip("198.51.100.1")).country());
    }

    @Test
    void combinesCountryAndAsnDatabases() throws Exception {
        Path asn = dir.resolve("asn.mmdb");
        asnDatabase(15169, "GOOGLE").write(asn);
        GeoIpLabeller labeller = GeoIpLabeller.open(Optional.of(IpLocationDb.country()), Optional.of(asn));
        assertEquals(new GeoLabel("US", 15169, "GOOGLE"), labeller.label(ip("8.8.8.8")));
    }

    @Test
    void reloadsADatabaseWhenItsFileChangesAndKeepsTheOldOneWhenTheNewOneIsBroken() throws Exception {
        Path asn = dir.resolve("asn.mmdb");
        asnDatabase(15169, "GOOGLE").write(asn);
        GeoIpLabeller labeller = GeoIpLabeller.open(Optional.empty(), Optional.of(asn));
        assertEquals(List.of(GeoIpLabeller.Reload.Outcome.UNCHANGED), outcomes(labeller.reloadIfChanged()));

        // an updater writes the new file beside the old one and renames it over it
        Path next = dir.resolve("asn.mmdb.new");
        asnDatabase(64512, "RENUMBERED").write(next);
        Files.move(next, asn, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(asn, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(List.of(GeoIpLabeller.Reload.Outcome.RELOADED), outcomes(labeller.reloadIfChanged()));
        assertEquals(64512, labeller.label(ip("8.8.8.8")).asn());

        Files.write(asn, new byte[] {1, 2, 3, 4});
        List<GeoIpLabeller.Reload> failed = labeller.reloadIfChanged();
        assertEquals(List.of(GeoIpLabeller.Reload.Outcome.FAILED), outcomes(failed));
        assertEquals(64512, labeller.label(ip("8.8.8.8")).asn(), "a broken file leaves the previous database in force");
    }

    @Test
    void refusesToStartWithoutAConfiguredDatabase() {
        assertThrows(IOException.class,
                () -> GeoIpLabeller.open(Optional.of(dir.resolve("missing.mmdb")), Optional.empty()));
    }

    private static List<GeoIpLabeller.Reload.Outcome> outcomes(List<GeoIpLabeller.Reload> reloads) {
        return reloads.stream().map(GeoIpLabeller.Reload::outcome).toList();
    }

    /** GeoLite2-ASN's layout with real registrations (RIR whois) for three well-known networks. */
    private static MmdbWriter asnDatabase(long googleAsn, String googleName) {
        return new MmdbWriter("GeoLite2-ASN")
                .put("8.8.8.0/24", Map.of("autonomous_system_number", googleAsn, "autonomous_system_organization", googleName))
                .put("1.1.1.0/24", Map.of("autonomous_system_number", 13335L, "autonomous_system_organization", "CLOUDFLARENET"))
                .put("2a01:4f8::/32", Map.of("autonomous_system_number", 24940L,
                        "autonomous_system_organization", "Hetzner Online GmbH"));
    }
}
