package org.sbc.core.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.json.JsonException;
import org.sbc.core.json.JsonText;

/**
 * The commands' way to a running SBC's admin API: one JSON request (with the bearer token, when
 * there is one), its answer or, when the API cannot be reached, a line on stderr that says so
 * (prefixed with the command's name).
 */
record AdminClient(URI base, Optional<String> token, PrintStream err, String command) {

    static final String DEFAULT_ADMIN = "http://127.0.0.1:8080";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** An answer: the status and the JSON object (empty when the body was none or not an object). */
    record Reply(int status, Map<?, ?> json) {}

    AdminClient {
        requireNonNull(base, "base");
        requireNonNull(token, "token");
        requireNonNull(err, "err");
        requireNonNull(command, "command");
    }

    /** The {@code --admin} URL as a base, or empty when it is not {@code http://HOST[:PORT]}. */
    static Optional<URI> base(String admin) {
        try {
            URI base = new URI(admin.endsWith("/") ? admin.substring(0, admin.length() - 1) : admin);
            return ("http".equals(base.getScheme()) || "https".equals(base.getScheme())) && base.getHost() != null ? Optional.of(base) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    Optional<Reply> send(HttpRequest.Builder request) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        try {
            HttpResponse<String> response = client.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            boolean refused = response.statusCode() == 401 || response.statusCode() == 403; // plain text
            Object json = response.body().isBlank() || refused ? Map.of() : JsonText.parse(response.body());
            return Optional.of(new Reply(response.statusCode(), json instanceof Map<?, ?> map ? map : Map.of()));
        } catch (IOException | JsonException e) {
            err.println(command + ": cannot reach the admin API at " + base + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
