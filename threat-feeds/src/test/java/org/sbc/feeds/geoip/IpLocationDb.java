package org.sbc.feeds.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real, free country database the issue names: npm package
 * {@code @ip-location-db/geo-whois-asn-country-mmdb} (CC BY 4.0, NRO whois data), fetched once
 * with the ordinary npm client into target/ and reused by later runs. The version is pinned so
 * the expected countries cannot drift with a daily update. A failed download fails the tests
 * that need it, loudly: it never turns into a skip.
 */
final class IpLocationDb {

    static final String PACKAGE = "@ip-location-db/geo-whois-asn-country-mmdb@2.3.2026061719";
    static final Path FOLDER = Path.of("target", "ip-location-db");
    static final Path COUNTRY = FOLDER.resolve("package/geo-whois-asn-country.mmdb");

    private IpLocationDb() {}

    static synchronized Path country() throws IOException, InterruptedException {
        if (Files.isRegularFile(COUNTRY)) {
            return COUNTRY;
        }
        Files.createDirectories(FOLDER);
        run(List.of("npm", "pack", PACKAGE, "--pack-destination", FOLDER.toAbsolutePath().toString()));
        Path tarball;
        try (var files = Files.list(FOLDER)) {
            tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new AssertionError("npm pack " + PACKAGE + " left no .tgz in " + FOLDER));
        }
        run(List.of("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", FOLDER.toAbsolutePath().toString(),
                "package/geo-whois-asn-country.mmdb"));
        assertTrue(Files.isRegularFile(COUNTRY), "no " + COUNTRY + " after unpacking " + tarball);
        return COUNTRY;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = process.waitFor(180, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
        }
        assertTrue(done, String.join(" ", command) + " did not finish in 180 s: " + output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed (the npm registry must be reachable "
                + "for the first run; later runs reuse " + FOLDER + "): " + output);
    }
}
