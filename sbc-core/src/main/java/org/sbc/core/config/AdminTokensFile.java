package org.sbc.core.config;

import static org.sbc.core.config.ConfigErrors.quote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code admin.tokens_file}: one {@code role:label:token} per line ({@code read} or
 * {@code write}; a label of letters, digits, dot, dash and underscore that events name; a token of
 * at least {@value #MIN_TOKEN_CHARS} characters), {@code #} comments and blank lines allowed.
 * Every problem is reported with the file's own name, line and column, and no message ever
 * echoes a token.
 */
final class AdminTokensFile {

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_TOKENS = 1_000;
    /** 32 characters of base64 or hex: at least 128 bits when generated as the docs say. */
    static final int MIN_TOKEN_CHARS = 32;
    static final int MAX_TOKEN_CHARS = 512;
    private static final int MAX_LABEL_CHARS = 64;

    private AdminTokensFile() {}

    static AdminAccess load(Path file, ConfigErrors errors) {
        ConfigErrors fileErrors = new ConfigErrors(file.toString());
        AdminAccess access = ConfigTextFile.read(file, MAX_BYTES, "tokens file", fileErrors)
                .map(text -> parse(text, fileErrors))
                .orElse(AdminAccess.OPEN);
        errors.addAll(fileErrors);
        return access;
    }

    static AdminAccess parse(String text, ConfigErrors errors) {
        List<AdminToken> tokens = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        Set<String> digests = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                errors.add(lineNumber, 1, "", fields.length + " fields (expected: role:label:token)");
                continue;
            }
            Optional<AdminRole> role = AdminRole.ofWord(fields[0]);
            if (role.isEmpty()) {
                errors.add(lineNumber, 1, "", "role " + quote(fields[0]) + " (expected: read or write)");
            }
            int labelColumn = fields[0].length() + 2;
            String label = fields[1];
            if (!label.matches("[A-Za-z0-9._-]{1," + MAX_LABEL_CHARS + "}")) {
                errors.add(lineNumber, labelColumn, "", "label " + quote(label) + " (expected: 1.." + MAX_LABEL_CHARS
                        + " letters, digits, '.', '-' or '_')");
                continue;
            }
            Integer earlier = labels.putIfAbsent(label, lineNumber);
            if (earlier != null) {
                errors.add(lineNumber, labelColumn, "", "duplicate label " + quote(label)
                        + " (expected: one token per label, so that events name who did what; first at line " + earlier + ")");
            }
            int tokenColumn = labelColumn + label.length() + 1;
            String token = fields[2];
            // Never echo the token: the message goes to logs and terminals.
            if (token.length() < MIN_TOKEN_CHARS || token.length() > MAX_TOKEN_CHARS
                    || !token.chars().allMatch(AdminTokensFile::isTokenChar)) {
                errors.add(lineNumber, tokenColumn, "", "token of " + label + " is unusable (expected: "
                        + MIN_TOKEN_CHARS + ".." + MAX_TOKEN_CHARS + " characters of A-Z a-z 0-9 - . _ ~ + / =, such as"
                        + " the output of: openssl rand -base64 33)");
                continue;
            }
            byte[] digest = AdminToken.digestOf(token);
            if (!digests.add(HexFormat.of().formatHex(digest))) {
                errors.add(lineNumber, tokenColumn, "", "token of " + label + " is also another label's token"
                        + " (expected: a token of its own for each label)");
                continue;
            }
            if (role.isPresent() && earlier == null) {
                tokens.add(new AdminToken(label, role.get(), digest));
            }
        }
        if (tokens.size() > MAX_TOKENS) {
            errors.add(1, 1, "", tokens.size() + " tokens (expected: at most " + MAX_TOKENS + ")");
        }
        if (tokens.isEmpty() && errors.isEmpty()) {
            errors.add(1, 1, "", "no tokens (expected: at least one role:label:token line)");
        }
        return new AdminAccess(tokens);
    }

    /** RFC 6750 §2.1 b64token. */
    private static boolean isTokenChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~+/=".indexOf(c) >= 0;
    }
}
