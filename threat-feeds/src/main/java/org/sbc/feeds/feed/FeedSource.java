package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import org.sbc.feeds.IpLiteral;

/** Where a feed comes from: a local file, or an {@code https://} URL. */
public sealed interface FeedSource {

    /** A file on this machine, read when its size or modification time changes. */
    record FileSource(Path path) implements FeedSource {
        public FileSource {
            requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** A URL fetched with conditional requests. */
    record HttpSource(URI uri) implements FeedSource {
        public HttpSource {
            requireNonNull(uri, "uri");
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }

    /**
     * Parses {@code file:PATH} (relative paths resolve against {@code baseDir}, the config's
     * folder) or {@code https://HOST/...}. Plain {@code http://} is refused: a feed decides who
     * is dropped, and anyone on the path could rewrite it. Credentials in the URL are refused
     * too: they would end up in logs and events.
     */
    static FeedSource parse(String text, Path baseDir) {
        return parse(text, baseDir, false);
    }

    /**
     * As {@link #parse(String, Path)}, and if {@code loopbackHttp} also {@code http://} to a
     * loopback address literal ({@code 127.0.0.0/8}, {@code [::1]}): no one else is on that path.
     * For tests against a local server and for a mirror on the same host; the config loader
     * never sets it from user input.
     */
    static FeedSource parse(String text, Path baseDir, boolean loopbackHttp) {
        requireNonNull(text, "text");
        requireNonNull(baseDir, "baseDir");
        if (text.startsWith("file:")) {
            String rest = text.substring("file:".length());
            if (rest.isEmpty() || rest.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("url: " + text + " (expected: file:PATH with a path)");
            }
            return new FileSource(baseDir.resolve(rest).normalize());
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: " + text + " (expected: file:PATH or https://HOST/PATH)", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "url: " + text + " (expected: https://HOST/PATH with a host and no user:password)");
        }
        if (scheme.equals("https")) {
            return new HttpSource(uri);
        }
        if (scheme.equals("http") && loopbackHttp && isLoopbackLiteral(uri.getHost())) {
            return new HttpSource(uri);
        }
        throw new IllegalArgumentException("url: " + text + " (expected: file:PATH or https://HOST/PATH)");
    }

    private static boolean isLoopbackLiteral(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return IpLiteral.parse(bare).map(java.net.InetAddress::isLoopbackAddress).orElse(false);
    }
}
