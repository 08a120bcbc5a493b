package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;

/**
 * The documented firewall example, run as documented: {@code examples/nftables/sbc-bans.sh}
 * downloads {@code GET /api/bans?format=nftables} from a running SBC with admin tokens (a read
 * token from a file) and hands it, with its chain, to nft. nft here is the real one in check
 * mode ({@code nft -c}: parsed and validated against the kernel's nftables, nothing loaded), so
 * the test proves the script and the SBC's set definition are what nft accepts without touching
 * the host's firewall. A failed download never reaches nft.
 */
class NftablesExportIT {

    private static final String IP = "127.0.42.201";
    private static final int ADMIN_PORT = 26042;
    private static final String READ = "r3adT0ken-nftables-0123456789abcdefXYZ";
    private static final String WRITE = "wr1teT0ken-nftables-0123456789abcdefXYZ";
    private static final Path SCRIPT = Path.of("..", "examples", "nftables", "sbc-bans.sh");

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void theExampleScriptLoadsTheBannedAndExemptSetsThatNftAccepts() throws Exception {
        Tools.require("nft", "nftables");
        Tools.require("curl", "curl");
        Files.writeString(dir.resolve("admin-tokens"), "read " + READ + " nftables\nwrite " + WRITE + " test\n");
        Files.setPosixFilePermissions(dir.resolve("admin-tokens"), PosixFilePermissions.fromString("rw-------"));
        Path readToken = Files.writeString(dir.resolve("read-token"), READ + "\n");
        Path wrongToken = Files.writeString(dir.resolve("wrong-token"), READ + "x\n");
        // nft in check mode whatever the script asks; it keeps a copy of each script it was given
        Path nft = Files.writeString(dir.resolve("nft-check"), """
                #!/bin/sh
                for file; do :; done
                cp "$file" "%s/given-$(date +%%s%%N).nft"
                exec nft -c -f "$file"
                """.formatted(dir));
        Files.setPosixFilePermissions(nft, PosixFilePermissions.fromString("rwx------"));
        Path config = dir.resolve("sbc.yaml");
        Files.writeString(config, TestServers.listenYaml(IP, ADMIN_PORT) + "  tokens_file: admin-tokens\n" + """
                security:
                  trusted: [127.0.42.220, "2001:db8:42::/48"]
                """);
        try (SbcServer server = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)))) {
            AdminHttp writer = new AdminHttp(server.adminAddress()).withToken(WRITE);
            for (String target : List.of("127.0.42.210", "198.51.100.0/24", "2001:db8:99::7")) {
                assertEquals(201, writer.post("/api/bans", "{\"address\":\"" + target + "\",\"seconds\":600}").status(),
                        target);
            }
            String admin = "http://" + IP + ":" + ADMIN_PORT;

            Run refused = run(admin, wrongToken, nft);
            assertNotEquals(0, refused.exit(), "an unknown token is refused: " + refused.output());
            assertEquals(List.of(), given(), "a failed download never reaches nft");

            Run loaded = run(admin, readToken, nft);
            assertEquals(0, loaded.exit(), "nft -c accepts the script: " + loaded.output());
            List<Path> given = given();
            assertEquals(2, given.size(), "checked, then loaded (here: checked again)");
            String script = Files.readString(given.get(0));
            assertTrue(script.contains("add element inet sbc banned4 { "), script);
            assertTrue(script.contains("127.0.42.210") && script.contains("198.51.100.0/24"), script);
            assertTrue(script.contains("add element inet sbc banned6 { ") && script.contains("2001:db8:99:"), script);
            assertTrue(script.contains("add element inet sbc exempt4 { 127.0.42.220"), script);
            assertTrue(script.contains("add element inet sbc exempt6 { 2001:db8:42:"), script);
            assertTrue(script.contains("add rule inet sbc input ip saddr @banned4 counter drop"), script);
            assertTrue(script.indexOf("@exempt4 accept") < script.indexOf("@banned4 counter drop"),
                    "the exempt are accepted before the banned are dropped");

            assertEquals(200, writer.delete("/api/bans/127.0.42.210").status());
            assertEquals(0, run(admin, readToken, nft).exit());
            String after = Files.readString(given().get(2));
            assertTrue(after.contains("flush set inet sbc banned4") && !after.contains("127.0.42.210"),
                    "a lifted ban leaves the set at the next run: " + after);

            assertEquals(200, writer.delete("/api/bans/198.51.100.0%2F24").status());
            assertEquals(200, writer.delete("/api/bans/2001:db8:99::7").status());
            Run none = run(admin, readToken, nft);
            assertEquals(0, none.exit(), "no bans at all is a script nft accepts too: " + none.output());
            assertTrue(!Files.readString(given().get(4)).contains("add element inet sbc banned"));
        }
    }

    private record Run(int exit, String output) {}

    private Run run(String admin, Path tokenFile, Path nft) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toAbsolutePath().normalize().toString())
                .redirectErrorStream(true);
        builder.environment().put("SBC_ADMIN", admin);
        builder.environment().put("SBC_ADMIN_TOKEN_FILE", tokenFile.toString());
        builder.environment().put("NFT", nft.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script ends");
        return new Run(process.exitValue(), output);
    }

    /** The scripts nft was given, oldest first. */
    private List<Path> given() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("given-")).sorted().toList();
        }
    }
}
