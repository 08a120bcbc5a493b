package org.sbc.feeds.feed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server on loopback serving one feed at /feed, the way a provider does:
 * ETag and Last-Modified, a 304 when the client's validators match, and on demand the failures
 * a refresh must survive (an error status, a slow body, an oversized one, a cut connection).
 */
final class FeedServer implements AutoCloseable {

    /** What the next requests get. */
    record Reply(int status, String body, String etag, String lastModified, long delayMillis, Mode mode) {
        static Reply of(String body, String etag) {
            return new Reply(200, body, etag, "Fri, 05 Dec 2026 10:00:00 GMT", 0, Mode.NORMAL);
        }

        Reply withMode(Mode mode) {
            return new Reply(status, body, etag, lastModified, delayMillis, mode);
        }

        Reply withDelay(long millis) {
            return new Reply(status, body, etag, lastModified, millis, mode);
        }
    }

    enum Mode {
        NORMAL,
        /** No Content-Length: chunked, so only counting the body can enforce a size limit. */
        CHUNKED,
        /** Declares the full length, sends a tenth, then closes: a connection cut mid-body. */
        CUT,
        /** Sends the headers, then waits {@code delayMillis} before the body. */
        SLOW_BODY
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile Reply reply = new Reply(503, "", null, null, 0, Mode.NORMAL);
    final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();

    private FeedServer(HttpServer server) {
        this.server = server;
        server.createContext("/feed", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FeedServer http() throws IOException {
        return new FeedServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static FeedServer https(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new FeedServer(server);
    }

    void reply(Reply reply) {
        this.reply = reply;
    }

    URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/feed");
    }

    /** The value of {@code header} in request {@code index} (0-based), or null. */
    String header(int index, String header) {
        List<String> values = requests.get(index).get(header);
        return values == null ? null : values.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(Map.copyOf(exchange.getRequestHeaders()));
        Reply now = reply;
        try (exchange) {
            if (now.delayMillis > 0 && now.mode != Mode.SLOW_BODY) {
                sleep(now.delayMillis);
            }
            if (now.etag != null) {
                exchange.getResponseHeaders().set("ETag", now.etag);
            }
            if (now.lastModified != null) {
                exchange.getResponseHeaders().set("Last-Modified", now.lastModified);
            }
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (now.status == 200 && now.etag != null && now.etag.equals(ifNoneMatch)) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body = now.body.getBytes(StandardCharsets.UTF_8);
            if (now.status != 200) {
                exchange.sendResponseHeaders(now.status, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.sendResponseHeaders(200, now.mode == Mode.CHUNKED || now.mode == Mode.SLOW_BODY ? 0 : body.length);
            OutputStream out = exchange.getResponseBody();
            if (now.mode == Mode.SLOW_BODY) {
                out.write(body, 0, Math.min(10, body.length));
                out.flush();
                sleep(now.delayMillis);
                out.write(body, Math.min(10, body.length), body.length - Math.min(10, body.length));
            } else if (now.mode == Mode.CUT) {
                out.write(body, 0, body.length / 10);
                out.flush();
                // close the socket under the exchange: the client sees the body end early
                throw new IOException("cut on purpose");
            } else {
                out.write(body);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
