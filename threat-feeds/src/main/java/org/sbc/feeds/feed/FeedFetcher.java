package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Gets the current copy of a feed, or learns that it has not changed. Called only from the
 * refresh thread, never from an event loop: it blocks on disk and network.
 */
public sealed interface FeedFetcher permits ApibanFetcher, FileFetcher, HttpFetcher {

    /**
     * The cache validators of the copy in force: an HTTP {@code ETag} and {@code Last-Modified},
     * or for a file its size and modification time. Sent back so an unchanged source costs a
     * 304 or a stat, not a download and a parse.
     */
    record Validators(String etag, String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }

    /** What one fetch gave. */
    sealed interface Result {
        record Body(byte[] bytes, Validators validators) implements Result {
            public Body {
                requireNonNull(bytes, "bytes");
                requireNonNull(validators, "validators");
            }
        }

        record NotModified() implements Result {}

        /** {@code reason} is ours (status, limit, exception class), never the server's text. */
        record Failed(String reason) implements Result {}
    }

    Result fetch(Validators previous);

    /** The fetcher for {@code definition}'s source; {@code client} serves every https feed. */
    static FeedFetcher of(FeedDefinition definition, HttpClient client) {
        FeedLimits limits = definition.limits();
        if (definition.source() instanceof FeedSource.FileSource file) {
            return new FileFetcher(file.path(), limits.maxBytes());
        }
        URI uri = ((FeedSource.HttpSource) definition.source()).uri();
        if (definition.format() == FeedFormat.APIBAN) {
            // APIBAN hands its list out in pages; one request would get only the first
            return new ApibanFetcher(client, uri, limits.maxBytes(), limits.timeout());
        }
        return new HttpFetcher(client, uri, limits.maxBytes(), limits.timeout());
    }

    /**
     * The client the SBC shares between its https feeds: a bounded connect time, redirects only
     * where they keep https (HttpClient's NORMAL never follows https to http).
     */
    static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }
}
