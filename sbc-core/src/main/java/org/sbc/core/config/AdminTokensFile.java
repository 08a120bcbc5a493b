package org.sbc.core.config;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ConfigTextFile;

/**
 * Reads {@code admin.tokens_file}: one {@code ROLE TOKEN LABEL} per line, separated by spaces
 * or tabs ({@code read} or {@code write}; a token of at least {@value #MIN_TOKEN_CHARS}
 * characters; the rest of the line is the label events name), {@code #} comments and blank
 * lines allowed. Like ssh with a private key, it refuses a file that its group or others may
 * read. Every problem is reported with the file's own name, line and column, and no message
 * ever echoes a token.
 */
final class AdminTokensFile {

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_TOKENS = 1_000;
    /** 32 characters of base64 or hex: at least 128 bits when generated as the docs say. */
    static final int MIN_TOKEN_CHARS = 32;
    static final int MAX_TOKEN_CHARS = 512;
    private static final int MAX_LABEL_CHARS = 64;
    private static final Pattern FIELDS = Pattern.compile("(\\S+)[ \\t]+(\\S+)[ \\t]+(.+)");

    private AdminTokensFile() {}

    static AdminAccess load(Path file, ConfigErrors errors) {
        ConfigErrors fileErrors = new ConfigErrors(file.toString());
        AdminAccess access = AdminAccess.OPEN;
        if (PrivateFiles.readableByOthers(file, fileErrors)) {
            errors.addAll(fileErrors);
            return access;
        }
        access = ConfigTextFile.read(file, MAX_BYTES, "tokens file", fileErrors)
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
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int indent = raw.indexOf(line.charAt(0));
            Matcher fields = FIELDS.matcher(line);
            if (!fields.matches()) {
                errors.add(lineNumber, indent + 1, "", "not ROLE TOKEN LABEL (expected: read or write, the token,"
                        + " then a label, separated by spaces)");
                continue;
            }
            Optional<AdminRole> role = AdminRole.ofWord(fields.group(1));
            if (role.isEmpty()) {
                errors.add(lineNumber, indent + fields.start(1) + 1, "", "role " + quote(fields.group(1))
                        + " (expected: read or write)");
            }
            String token = fields.group(2);
            int tokenColumn = indent + fields.start(2) + 1;
            String label = fields.group(3).strip();
            int labelColumn = indent + fields.start(3) + 1;
            if (label.length() > MAX_LABEL_CHARS || !label.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
                errors.add(lineNumber, labelColumn, "", "label " + quote(label) + " (expected: 1.." + MAX_LABEL_CHARS
                        + " printable ASCII characters without quotes or backslashes)");
                continue;
            }
            Integer earlier = labels.putIfAbsent(label, lineNumber);
            if (earlier != null) {
                errors.add(lineNumber, labelColumn, "", "duplicate label " + quote(label)
                        + " (expected: one token per label, so that events name who did what; first at line " + earlier + ")");
            }
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
            errors.add(1, 1, "", "no tokens (expected: at least one ROLE TOKEN LABEL line)");
        }
        return new AdminAccess(tokens);
    }

    /** RFC 6750 §2.1 b64token. */
    private static boolean isTokenChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~+/=".indexOf(c) >= 0;
    }
}
