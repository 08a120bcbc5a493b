package org.sbc.core.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to a test server's admin API. */
final class AdminHttp {

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {}

    /**
     * One client per server instance: a shared pool would reuse a keep-alive connection to a
     * server that a restart test has already stopped.
     */
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final String base;
    private final String token;

    AdminHttp(InetSocketAddress admin) {
        this("http://" + admin.getAddress().getHostAddress() + ":" + admin.getPort(), null);
    }

    private AdminHttp(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same API, every request with {@code Authorization: Bearer token}. */
    AdminHttp withToken(String token) {
        return new AdminHttp(base, token);
    }

    String base() {
        return base;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers());
    }
}
