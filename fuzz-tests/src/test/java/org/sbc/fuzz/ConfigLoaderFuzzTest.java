package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;

/**
 * Jazzer target for the config loader: any file is either a config or a {@link ConfigException}
 * listing every error with file, line and column, never another exception. Seeds
 * ({@code ConfigLoaderFuzzTestInputs/loadFile/}) are the example {@code examples/sbc.yaml} and
 * configs from the docs and tests. The file sits alone in a fresh directory, so that the files a
 * config names (credentials, TLS material) resolve to nothing the host happens to hold.
 */
@Timeout(10)
class ConfigLoaderFuzzTest {

    private static final Path FILE;

    static {
        try {
            Path dir = Files.createTempDirectory("sbc-config-fuzz");
            dir.toFile().deleteOnExit();
            FILE = dir.resolve("sbc.yaml");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The bytes as a file: a config, or errors that each name a position inside the text (for
     * errors in this file) and a message. Parsing the same text again gives the same outcome, so
     * no state leaks between loads.
     */
    @FuzzTest(maxDuration = "10s")
    void loadFile(byte[] bytes) {
        write(bytes);
        Outcome loaded = Outcome.of(() -> ConfigLoader.load(FILE));
        loaded.errors().ifPresent(errors -> checkErrors(errors, bytes));
        utf8(bytes).filter(text -> !text.startsWith("\uFEFF")).ifPresent(text -> {
            Outcome parsed = Outcome.of(() -> ConfigLoader.parse(text, FILE.toString()));
            assertEquals(loaded, parsed, "load(file) and parse(text) disagree");
        });
    }

    private static void checkErrors(List<ConfigError> errors, byte[] bytes) {
        assertFalse(errors.isEmpty(), "an exception without errors");
        long lines = 1; // YAML breaks lines at LF, CR LF and a lone CR
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n'))) {
                lines++;
            }
        }
        for (ConfigError error : errors) {
            assertTrue(error.line() >= 1 && error.column() >= 1, error.toString());
            assertFalse(error.message().isBlank(), "an error without a message: " + error);
            if (error.file().equals(FILE.toString())) {
                assertTrue(error.line() <= lines + 1, "line " + error.line() + " of a " + lines + "-line file: " + error);
            }
        }
    }

    /** A loaded config or the errors. */
    private record Outcome(boolean loaded, Optional<List<ConfigError>> errors) {

        interface Load {
            SbcConfig load() throws ConfigException;
        }

        static Outcome of(Load load) {
            try {
                SbcConfig config = load.load();
                return new Outcome(config != null, Optional.empty());
            } catch (ConfigException e) {
                return new Outcome(false, Optional.of(e.errors()));
            }
        }
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static void write(byte[] bytes) {
        try {
            Files.write(FILE, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
