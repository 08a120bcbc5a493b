package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads a feed with a conditional GET ({@code If-None-Match}, {@code If-Modified-Since})
 * bounded in size and in time.
 *
 * <p>Size: a {@code Content-Length} over the limit is refused before the body is read, and the
 * body is counted as it arrives and the download cancelled at the limit, since a server may send
 * no length or lie about it. Time: {@link HttpRequest#timeout} only covers the wait for the
 * headers, so the whole exchange, body included, is also awaited with a deadline; a server that
 * trickles its body fails the fetch when the deadline passes.
 */
public final class HttpFetcher implements FeedFetcher {

    private static final String USER_AGENT = "sbc-threat-feeds/0.1";

    private final HttpClient client;
    private final URI uri;
    private final long maxBytes;
    private final Duration timeout;

    public HttpFetcher(HttpClient client, URI uri, long maxBytes, Duration timeout) {
        this.client = requireNonNull(client, "client");
        this.uri = requireNonNull(uri, "uri");
        this.maxBytes = maxBytes;
        this.timeout = requireNonNull(timeout, "timeout");
    }

    @Override
    public Result fetch(Validators previous) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (previous.etag() != null) {
            request.header("If-None-Match", previous.etag());
        }
        if (previous.lastModified() != null) {
            request.header("If-Modified-Since", previous.lastModified());
        }
        Exchange exchange = get(client, request, maxBytes, timeout, 200);
        if (exchange instanceof Exchange.Failed failed) {
            return new Result.Failed(failed.reason());
        }
        HttpResponse<byte[]> response = ((Exchange.Answered) exchange).response();
        int status = response.statusCode();
        if (status == 304) {
            return new Result.NotModified();
        }
        if (status != 200) {
            return new Result.Failed("HTTP " + status);
        }
        return new Result.Body(response.body(), new Validators(
                response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null)));
    }

    /** What one bounded GET gave: an answer, or why there is none (ours, never the server's text). */
    sealed interface Exchange {
        record Answered(HttpResponse<byte[]> response) implements Exchange {}

        /** @param oversized the body passed {@code maxBytes} */
        record Failed(String reason, boolean oversized) implements Exchange {
            Failed(String reason) {
                this(reason, false);
            }
        }
    }

    /**
     * One GET bounded in size and in time, body included; only the bodies of {@code readStatuses}
     * are read (an error page is nothing we keep).
     */
    static Exchange get(HttpClient client, HttpRequest.Builder request, long maxBytes, Duration timeout,
            int... readStatuses) {
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(
                request.timeout(timeout).header("User-Agent", USER_AGENT).build(),
                info -> boundedBody(info, maxBytes, readStatuses));
        try {
            return new Exchange.Answered(exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Exchange.Failed("timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Exchange.Failed("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof OversizedException || cause.getCause() instanceof OversizedException) {
                return new Exchange.Failed("body over max_bytes " + maxBytes, true);
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                // the request's own timeout can fire a moment before the get() above: same limit
                return new Exchange.Failed("timed out after " + timeout.toMillis() + " ms");
            }
            return new Exchange.Failed("request failed: " + cause.getClass().getSimpleName());
        }
    }

    private static HttpResponse.BodySubscriber<byte[]> boundedBody(HttpResponse.ResponseInfo info, long maxBytes,
            int... readStatuses) {
        if (java.util.Arrays.stream(readStatuses).noneMatch(status -> status == info.statusCode())) {
            // an error page or a 304: nothing we keep, so read none of it
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Bounded(maxBytes, declared);
    }

    /** Thrown inside the exchange when the body passes the limit. */
    private static final class OversizedException extends RuntimeException {
        OversizedException() {
            super("body over the limit", null, false, false);
        }
    }

    /** Collects the body and cancels the download as soon as it passes {@code maxBytes}. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final long declared;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Bounded(long maxBytes, long declared) {
            this.maxBytes = maxBytes;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declared > maxBytes) {
                subscription.cancel();
                body.completeExceptionally(new OversizedException());
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (out.size() + (long) buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    body.completeExceptionally(new OversizedException());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }
}
