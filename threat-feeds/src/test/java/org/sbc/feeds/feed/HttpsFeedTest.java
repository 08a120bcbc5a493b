package org.sbc.feeds.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.feeds.IpLiteral;
import org.sbc.feeds.feed.FeedReport.Outcome;

/**
 * The production path, https, against a loopback server with a throwaway self-signed
 * certificate made by the JDK's keytool for this test: the feed is fetched when the client
 * trusts it, and refused when it does not (the JDK's default trust: no silent downgrade).
 */
class HttpsFeedTest {

    @TempDir
    Path dir;

    @Test
    void fetchesOverHttpsFromATrustedServerAndFailsFromAnUntrustedOne() throws Exception {
        char[] password = "throwaway-test-keystore".toCharArray();
        Path keystore = dir.resolve("feed.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "feed", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(password), "-keypass", new String(password))
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, keytool.exitValue(), new String(keytool.getInputStream().readAllBytes()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);

        try (FeedServer server = FeedServer.https(serverContext)) {
            server.reply(FeedServer.Reply.of("# provider list\n192.0.2.66\n", "\"a1\""));
            FeedDefinition definition = FeedDefinition.builder("provider", FeedSource.parse(server.uri().toString(), dir))
                    .refresh(Duration.ofSeconds(60)).build();

            HttpClient trusting = HttpClient.newBuilder().sslContext(clientContext)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            Feed feed = new Feed(definition, FeedFetcher.of(definition, trusting), Optional.empty(),
                    FeedListener.NONE, Clock.systemUTC());
            assertEquals(Outcome.UPDATED, feed.refresh().outcome());
            assertTrue(feed.contains(IpLiteral.parse("192.0.2.66").orElseThrow()));
            assertEquals(Outcome.UNCHANGED, feed.refresh().outcome(), "conditional requests over TLS too");

            Feed strict = new Feed(definition, FeedFetcher.of(definition, FeedFetcher.defaultClient(Duration.ofSeconds(2))),
                    Optional.empty(), FeedListener.NONE, Clock.systemUTC());
            FeedReport refused = strict.refresh();
            assertEquals(Outcome.FAILED, refused.outcome());
            assertTrue(refused.detail().startsWith("request failed: SSL"), refused.detail());
            assertTrue(strict.snapshot().set().isEmpty(), "nothing from a server it cannot authenticate");
        }
    }
}
