package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.cli.BansCommand;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.testing.TestCertificates;

/**
 * The locked admin API of a real server, over real HTTP: /health open, every other endpoint
 * behind a bearer token, read and write roles, every write an event naming the token's label,
 * and the CLI finding its token in a file or the environment.
 */
class AdminTokensIT {

    private static final String IP = "127.0.17.1";
    private static final int ADMIN_PORT = 18701;
    private static final String READ = "r3adT0ken-grafana-0123456789abcdefXYZ";
    private static final String WRITE = "wr1teT0ken-alice-0123456789abcdefXYZ+/=";

    @Test
    void tokensDecideWhoMayReadAndWhoMayChange(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("admin-tokens"), "# ROLE TOKEN LABEL\nread " + READ + " grafana\nwrite " + WRITE + " alice\n");
        Files.setPosixFilePermissions(dir.resolve("admin-tokens"), PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("sbc.yaml");
        Files.writeString(config, TestServers.listenYaml(IP, ADMIN_PORT) + "  tokens_file: admin-tokens\n");
        try (SbcServer server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)))) {
            AdminHttp anyone = new AdminHttp(server.adminAddress());
            AdminHttp reader = anyone.withToken(READ);
            AdminHttp writer = anyone.withToken(WRITE);

            assertEquals(200, anyone.get("/health").status(), "health stays open for probes");
            AdminHttp.Reply bare = anyone.get("/metrics");
            assertEquals(401, bare.status());
            assertEquals("Bearer realm=\"sbc-admin\"", bare.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, anyone.withToken(READ + "x").get("/api/bans").status(), "a near miss is no token");
            assertEquals(401, anyone.post("/api/bans", "{\"address\":\"203.0.113.9\"}").status());

            assertEquals(200, reader.get("/metrics").status());
            assertEquals(200, reader.get("/api/bans").status());
            assertEquals(403, reader.post("/api/bans", "{\"address\":\"203.0.113.9\"}").status(), "read may not ban");
            assertEquals(403, reader.delete("/api/bans/203.0.113.9").status(), "read may not unban");

            AdminHttp.Reply banned = writer.post("/api/bans", "{\"address\":\"203.0.113.9\",\"seconds\":600}");
            assertTrue(banned.status() / 100 == 2, banned.status() + " " + banned.body());
            assertTrue(reader.get("/api/bans").body().contains("203.0.113.9"));

            String events = awaitEvents(reader, "ADMIN_WRITE", "alice", "/api/bans", "ADMIN_AUTH_FAILURE",
                    "read token asked to write");
            assertFalse(events.contains(READ) || events.contains(WRITE), "no event carries a token");
            String metrics = reader.get("/metrics").body();
            assertTrue(metrics.contains("\nsbc_admin_unauthorized_total 3\n"), metrics);
            assertTrue(metrics.contains("\nsbc_admin_forbidden_total 2\n"), metrics);

            String url = anyone.base();
            Path writeFile = dir.resolve("write-token");
            Files.writeString(writeFile, WRITE + "\n");
            Cli list = Cli.run(Map.of("SBC_ADMIN_TOKEN", READ), "list", "--admin", url);
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().contains("203.0.113.9/32"), list.out());
            Cli noToken = Cli.run(Map.of(), "list", "--admin", url);
            assertEquals(1, noToken.exit());
            assertTrue(noToken.err().contains("wants a token"), noToken.err());
            Cli readRemove = Cli.run(Map.of("SBC_ADMIN_TOKEN", READ), "remove", "203.0.113.9", "--admin", url);
            assertEquals(1, readRemove.exit());
            assertTrue(readRemove.err().contains("may only read"), readRemove.err());
            assertEquals(0, Cli.run(Map.of("SBC_ADMIN_TOKEN", READ), "remove", "203.0.113.9", "--admin", url,
                    "--token-file", writeFile.toString()).exit(), "--token-file wins over the environment");
            assertEquals(4, Cli.run(Map.of("SBC_ADMIN_TOKEN_FILE", writeFile.toString()), "why", "203.0.113.9",
                    "--admin", url).exit(), "the ban is gone");
            awaitEvents(reader, "/api/bans/203.0.113.9"); // who unbanned whom
        }
    }

    /** admin.tls: the API speaks HTTPS only, so a token never crosses the network in clear. */
    @Test
    void servesTheApiOverHttpsWhenConfigured(@TempDir Path dir) throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "admin", "127.0.17.5");
        Files.writeString(dir.resolve("admin-tokens"), "read " + READ + " grafana\n");
        Files.setPosixFilePermissions(dir.resolve("admin-tokens"), PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("sbc.yaml");
        Files.writeString(config, TestServers.listenYaml("127.0.17.5", 18705) + "  tokens_file: admin-tokens\n"
                + "  tls: {certificate: " + pem.cert() + ", key: " + pem.key() + "}\n");
        try (SbcServer server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)))) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            trust.load(null, null);
            try (var in = Files.newInputStream(pem.cert())) {
                trust.setCertificateEntry("admin", java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
            }
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder().sslContext(tls)
                    .connectTimeout(java.time.Duration.ofSeconds(3)).build();
            java.net.http.HttpResponse<String> metrics = https.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("https://127.0.17.5:18705/metrics")).header("Authorization", "Bearer " + READ)
                    .timeout(java.time.Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("sbc_admin_unauthorized_total"), metrics.body());

            java.net.http.HttpClient plain = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(3)).build();
            boolean answeredInClear;
            try {
                plain.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.17.5:18705/health"))
                        .timeout(java.time.Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                answeredInClear = true;
            } catch (java.io.IOException expected) {
                answeredInClear = false;
            }
            assertTrue(!answeredInClear, "plain HTTP on the HTTPS port gets no answer");
        }
    }

    /** The recent events once they hold every one of {@code texts}: events reach the API asynchronously. */
    private static String awaitEvents(AdminHttp reader, String... texts) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String events = "";
        while (System.nanoTime() < deadline) {
            events = reader.get("/api/events").body();
            String seen = events;
            if (List.of(texts).stream().allMatch(seen::contains)) {
                return events;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("events never showed " + List.of(texts) + ": " + events);
    }

    private record Cli(int exit, String out, String err) {
        static Cli run(Map<String, String> env, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = BansCommand.run(new ArrayList<>(List.of(args)), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
