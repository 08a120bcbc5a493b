package org.sbc.policies.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Reads a file of text (a config, a policy, a credentials file): bounded in size, strict UTF-8. */
public final class TextFile {

    private TextFile() {}

    /**
     * The text of {@code file}, or empty with the reason in {@code errors} at line 1, column 1.
     * One byte past {@code maxBytes} is read, so a file that grows while it is read is still caught.
     *
     * @param what how the expected-clause names the file, e.g. {@code YAML file}
     * @param cannotRead the message for a file that cannot be opened or read
     */
    public static Optional<String> read(Path file, int maxBytes, String what,
            Function<IOException, String> cannotRead, YamlErrors errors) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            errors.error(1, 1, "", cannotRead.apply(e));
            return Optional.empty();
        }
        if (bytes.length > maxBytes) {
            errors.error(1, 1, "", "more than " + maxBytes + " bytes (expected: at most " + maxBytes + ")");
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            errors.error(1, 1, "", "not UTF-8 text (expected: a UTF-8 " + what + ")");
            return Optional.empty();
        }
    }
}
