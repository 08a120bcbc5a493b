package org.sbc.core.config.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.sbc.core.config.yaml.ConfigErrors;

/** Reads a file a config names (credentials, tokens): bounded in size, strict UTF-8. */
public final class ConfigTextFile {

    private ConfigTextFile() {}

    /** The text, or empty with the reason in {@code errors} (at line 1, column 1 of the file). */
    public static Optional<String> read(Path file, int maxBytes, String what, ConfigErrors errors) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                errors.add(1, 1, "", "more than " + maxBytes + " bytes (expected: at most " + maxBytes + ")");
                return Optional.empty();
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            errors.add(1, 1, "", "not UTF-8 text (expected: a UTF-8 " + what + ")");
            return Optional.empty();
        } catch (IOException e) {
            errors.add(1, 1, "", "cannot read " + what + ": " + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
