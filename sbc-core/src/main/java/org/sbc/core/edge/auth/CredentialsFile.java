package org.sbc.core.edge.auth;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ConfigTextFile;

/**
 * Reads the credentials file of {@code security.auth.credentials_file}: one
 * {@code username:realm:algorithm:ha1} per line, {@code #} comments and blank lines allowed.
 * Every problem is reported with the file's own name, line and column. A value that is not an
 * HA1 of the right length is refused: it is most likely a plaintext password, and the message
 * never echoes it.
 */
final class CredentialsFile {

    /** 100,000 users at ~100 bytes a line; more is not a credentials file. */
    static final int MAX_BYTES = 16 << 20;
    static final int MAX_USERNAME_CHARS = 128;

    private CredentialsFile() {}

    static DigestCredentials load(Path file, String realm, List<DigestAlgorithm> offered, ConfigErrors errors) {
        ConfigErrors fileErrors = new ConfigErrors(file.toString());
        DigestCredentials credentials = read(file, realm, offered, fileErrors);
        errors.addAll(fileErrors);
        return credentials;
    }

    private static DigestCredentials read(Path file, String realm, List<DigestAlgorithm> offered, ConfigErrors errors) {
        Optional<String> read = ConfigTextFile.read(file, MAX_BYTES, "credentials file", errors);
        if (read.isEmpty()) {
            return DigestCredentials.none();
        }
        String text = read.get();
        Map<String, Map<DigestAlgorithm, String>> byUser = new HashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (fields.length != 4) {
                errors.add(lineNumber, 1, "", fields.length + " fields (expected: username:realm:algorithm:ha1)");
                continue;
            }
            int realmColumn = fields[0].length() + 2;
            int algorithmColumn = realmColumn + fields[1].length() + 1;
            int ha1Column = algorithmColumn + fields[2].length() + 1;
            String user = fields[0];
            boolean ok = true;
            if (user.isEmpty() || user.length() > MAX_USERNAME_CHARS
                    || user.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '"' || c == '\\')) {
                errors.add(lineNumber, 1, "", "username " + quote(user) + " (expected: 1.." + MAX_USERNAME_CHARS
                        + " characters without spaces, quotes, backslashes or control characters)");
                ok = false;
            }
            if (!realm.isEmpty() && !fields[1].equals(realm)) {
                errors.add(lineNumber, realmColumn, "", "realm " + quote(fields[1])
                        + " (expected: " + quote(realm) + ", security.auth.realm: an HA1 only works in its own realm)");
                ok = false;
            }
            var algorithm = DigestAlgorithm.parse(fields[2]);
            if (algorithm.isEmpty()) {
                errors.add(lineNumber, algorithmColumn, "", "algorithm " + quote(fields[2]) + " (expected: MD5 or SHA-256)");
                continue;
            }
            String ha1 = fields[3].strip();
            if (ha1.length() != algorithm.get().hexLength() || !ha1.chars().allMatch(CredentialsFile::isHex)) {
                // Never echo the value: when it is not an HA1, it is probably a password.
                errors.add(lineNumber, ha1Column, "", "not an " + algorithm.get().token() + " HA1 (expected: "
                        + algorithm.get().hexLength() + " hex digits, " + algorithm.get().token()
                        + "(username:realm:password); plaintext passwords are refused)");
                ok = false;
            }
            String key = user + "\u0000" + algorithm.get();
            Integer earlier = seen.putIfAbsent(key, lineNumber);
            if (earlier != null) {
                errors.add(lineNumber, 1, "", "duplicate " + algorithm.get().token() + " entry for " + quote(user)
                        + " (expected: one per user and algorithm; first at line " + earlier + ")");
                ok = false;
            }
            if (ok) {
                byUser.computeIfAbsent(user, u -> new EnumMap<>(DigestAlgorithm.class))
                        .put(algorithm.get(), ha1.toLowerCase(Locale.ROOT));
                firstLine.putIfAbsent(user, lineNumber);
            }
        }
        // A client answers with the first offered algorithm it supports; a user without an HA1
        // for it could never log in, and would only find out by failing.
        firstLine.forEach((user, line) -> {
            List<DigestAlgorithm> missing = offered.stream().filter(a -> !byUser.get(user).containsKey(a)).toList();
            if (!missing.isEmpty()) {
                errors.add(line, 1, "", quote(user) + " has no " + missing.stream().map(DigestAlgorithm::token)
                        .collect(Collectors.joining(", ")) + " HA1 (expected: one line per algorithm in security.auth.algorithms)");
            }
        });
        if (byUser.isEmpty() && errors.isEmpty()) {
            errors.add(1, 1, "", "no credentials (expected: at least one username:realm:algorithm:ha1 line)");
        }
        return DigestCredentials.of(byUser);
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
