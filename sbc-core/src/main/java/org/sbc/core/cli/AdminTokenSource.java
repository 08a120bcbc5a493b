package org.sbc.core.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a CLI command finds the bearer token of the admin API: {@code --token-file FILE}, else
 * the environment ({@code SBC_ADMIN_TOKEN}, or {@code SBC_ADMIN_TOKEN_FILE} naming a file),
 * else none (an SBC without admin tokens). Never a command-line value: arguments show in
 * {@code ps} to every user of the machine.
 */
final class AdminTokenSource {

    static final String ENV_TOKEN = "SBC_ADMIN_TOKEN";
    static final String ENV_TOKEN_FILE = "SBC_ADMIN_TOKEN_FILE";
    static final String USAGE = """
            The admin API's bearer token, when the SBC has admin.tokens_file: --token-file FILE
            (the token alone on its first line), or the environment: SBC_ADMIN_TOKEN, or
            SBC_ADMIN_TOKEN_FILE naming such a file.
            """;
    private static final int MAX_FILE_BYTES = 4_096;

    private AdminTokenSource() {}

    /** The token, or empty; a problem (unreadable file, no token in it) as an exception with our message. */
    static Optional<String> find(Optional<String> tokenFile, Map<String, String> env) throws IllegalArgumentException {
        Optional<String> file = tokenFile.or(() -> Optional.ofNullable(env.get(ENV_TOKEN_FILE)).filter(f -> !f.isBlank()));
        if (file.isPresent()) {
            return Optional.of(readFile(Path.of(file.get())));
        }
        return Optional.ofNullable(env.get(ENV_TOKEN)).map(String::strip).filter(token -> !token.isEmpty());
    }

    private static String readFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read token file " + file + ": " + e.getClass().getSimpleName());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("token file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        String first = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("token file " + file + " has no token on its first line");
        }
        return first;
    }
}
