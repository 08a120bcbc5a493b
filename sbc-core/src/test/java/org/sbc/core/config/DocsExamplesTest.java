package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.edge.auth.DigestAlgorithm;
import org.sbc.core.edge.auth.DigestComputation;

/** Every YAML example in the step docs loads through the production loader, so the docs cannot drift. */
class DocsExamplesTest {

    private static final String PLACEHOLDER = "CHANGEME-to-the-output-of-openssl-rand-hex-32";

    @TempDir
    Path dir;

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"secfilter.md", "auth.md"})
    void yamlExamplesInTheDocsLoad(String page) throws Exception {
        String docs = Files.readString(Path.of("..", "docs", page));
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(docs);
        List<String> examples = new ArrayList<>();
        while (block.find()) {
            examples.add(block.group(1));
        }
        assertFalse(examples.isEmpty(), page + " has no yaml example");
        // The auth example names a credentials file beside the config, for the realm it uses.
        String ha1Md5 = DigestComputation.ha1(DigestAlgorithm.MD5, "100", "sip.example.com", "pw");
        String ha1Sha = DigestComputation.ha1(DigestAlgorithm.SHA_256, "100", "sip.example.com", "pw");
        Files.writeString(dir.resolve("credentials"),
                "100:sip.example.com:MD5:" + ha1Md5 + "\n100:sip.example.com:SHA-256:" + ha1Sha + "\n");
        for (String example : examples) {
            if (example.contains(PLACEHOLDER)) {
                // Published, so known: as it stands it must be refused.
                Path copied = Files.writeString(dir.resolve("sbc.yaml"), example);
                ConfigException refused = assertThrows(ConfigException.class, () -> ConfigLoader.load(copied));
                assertTrue(refused.getMessage().contains("security.auth.nonce_secret: contains the sample word"),
                        refused.getMessage());
                example = example.replace(PLACEHOLDER, HexFormat.of().formatHex(randomBytes()));
            }
            Path file = Files.writeString(dir.resolve("sbc.yaml"), example);
            SbcConfig config = ConfigLoader.load(file);
            assertTrue(config.security() != null);
        }
    }
}
