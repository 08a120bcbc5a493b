package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A feed provider on loopback over real TLS: a throwaway certificate made by the JDK's keytool
 * for {@code ip}, exported as PEM for {@code security.feed_ca_file}. What it answers is set per
 * step: a list with an ETag (and 304 to a matching If-None-Match), a slow answer, an oversized
 * one. Every request is recorded with its If-None-Match and the status it got.
 */
final class FeedHttpsServer implements AutoCloseable {

    /** What the next requests get. */
    record Answer(String body, String etag, long delayMillis) {}

    /** One request as served. */
    record Served(String ifNoneMatch, int status) {}

    private final HttpsServer server;
    private final Path caFile;
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private volatile Answer answer = new Answer("", "\"none\"", 0);

    private FeedHttpsServer(HttpsServer server, Path caFile) {
        this.server = server;
        this.caFile = caFile;
    }

    static FeedHttpsServer start(String ip, int port, Path dir) throws Exception {
        char[] password = "throwaway-test-keystore".toCharArray();
        Path keystore = dir.resolve("feed-server.p12");
        keytool("-genkeypair", "-alias", "feed", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + ip,
                "-ext", "san=ip:" + ip, "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(password), "-keypass", new String(password));
        Path caFile = dir.resolve("feed-ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "feed", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(password), "-file", caFile.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(ip, port), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.setExecutor(Executors.newFixedThreadPool(2));
        FeedHttpsServer feed = new FeedHttpsServer(server, caFile);
        server.createContext("/", feed::handle);
        server.start();
        return feed;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, keytool.exitValue(), out);
    }

    Path caFile() {
        return caFile;
    }

    String url(String path) {
        InetSocketAddress address = server.getAddress();
        return "https://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path;
    }

    void answer(Answer next) {
        answer = next;
    }

    List<Served> served() {
        return List.copyOf(served);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer now = answer;
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        try (exchange) {
            if (now.delayMillis() > 0) {
                Thread.sleep(now.delayMillis());
            }
            if (now.etag().equals(ifNoneMatch)) {
                exchange.getResponseHeaders().set("ETag", now.etag());
                exchange.sendResponseHeaders(304, -1);
                served.add(new Served(ifNoneMatch, 304));
                return;
            }
            byte[] body = now.body().getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("ETag", now.etag());
            exchange.sendResponseHeaders(200, body.length);
            served.add(new Served(ifNoneMatch, 200));
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            served.add(new Served(ifNoneMatch, -1)); // the client hung up: a timeout or a size limit
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
