package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads APIBAN's whole list, which it hands out in pages: {@code URL/100} answers the first
 * batch and the ID of the next, {@code URL/ID} the next batch, until an answer says
 * {@code "ID":"none"} (APIBAN sends it as a 400 with {@code "ipaddress":["no new bans"]}). One
 * URL alone would list only the first page (250 addresses). The pages become one
 * {@code {"ipaddress":[...]}} body, which {@link FeedParser} reads as any APIBAN copy.
 *
 * <p>Bounded as one download: every page counts towards {@code maxBytes}, the whole walk towards
 * {@code timeout}, and at most {@link #MAX_PAGES} pages. An ID must be digits and must grow, so a
 * server cannot loop the walk or steer it to another path. Any failure fails the whole copy:
 * half a list is a truncated list. APIBAN sends no validators, so nothing is conditional here.
 */
public final class ApibanFetcher implements FeedFetcher {

    /** 250 addresses a page: 10,000 pages hold more than the default max_entries. */
    static final int MAX_PAGES = 10_000;
    /** APIBAN's own clients start here: an ID older than every listing, so the whole list. */
    static final String FIRST_ID = "100";
    private static final int MAX_ID_DIGITS = 19;

    private final HttpClient client;
    private final URI uri;
    private final long maxBytes;
    private final Duration timeout;

    public ApibanFetcher(HttpClient client, URI uri, long maxBytes, Duration timeout) {
        this.client = requireNonNull(client, "client");
        this.uri = requireNonNull(uri, "uri");
        this.maxBytes = maxBytes;
        this.timeout = requireNonNull(timeout, "timeout");
    }

    /** One page: its addresses (as written, strings or not) and the ID of the next, or {@code none}. */
    record Page(List<String> addresses, String next) {}

    @Override
    public Result fetch(Validators previous) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> addresses = new ArrayList<>();
        long bytes = 0;
        String id = FIRST_ID;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Result.Failed("timed out after " + timeout.toMillis() + " ms, page " + (pages + 1));
            }
            String base = uri.toString();
            URI page = URI.create(base + (base.endsWith("/") ? "" : "/") + id);
            HttpFetcher.Exchange exchange = HttpFetcher.get(client, HttpRequest.newBuilder(page).GET(),
                    maxBytes - bytes, Duration.ofNanos(left), 200, 400);
            if (exchange instanceof HttpFetcher.Exchange.Failed failed) {
                return new Result.Failed((failed.oversized() ? "pages over max_bytes " + maxBytes : failed.reason())
                        + ", page " + (pages + 1));
            }
            HttpResponse<byte[]> response = ((HttpFetcher.Exchange.Answered) exchange).response();
            if (response.statusCode() != 200 && response.statusCode() != 400) {
                return new Result.Failed("HTTP " + response.statusCode() + ", page " + (pages + 1));
            }
            bytes += response.body().length;
            Page read;
            try {
                read = read(response.body());
            } catch (IllegalArgumentException e) {
                return new Result.Failed("apiban: " + e.getMessage() + ", page " + (pages + 1));
            }
            if (read.next().equals("none")) {
                // the end: its "ipaddress" is a message ("no new bans"), not a listing
                return new Result.Body(write(addresses), Validators.NONE);
            }
            if (response.statusCode() == 400) {
                // "unauthorized", "rate limit exceeded": APIBAN's words, not ours to quote
                return new Result.Failed("apiban: refused (HTTP 400), page " + (pages + 1));
            }
            if (!isLater(read.next(), id)) {
                return new Result.Failed("apiban: next ID not a later number, page " + (pages + 1));
            }
            addresses.addAll(read.addresses());
            id = read.next();
        }
        return new Result.Failed("apiban: more than " + MAX_PAGES + " pages");
    }

    /** {@code next} is digits and a larger number than {@code current}. */
    private static boolean isLater(String next, String current) {
        if (next.isEmpty() || next.length() > MAX_ID_DIGITS || !next.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Long.parseLong(next) > Long.parseLong(current);
    }

    /** A page's {@code ID} (a string or a number) and its {@code ipaddress} array, if it has one. */
    static Page read(byte[] body) {
        List<String> addresses = new ArrayList<>();
        String next = null;
        try (JsonParser json = FeedParser.JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (name.equals("ID") && (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT)) {
                    next = json.getText();
                } else if (name.equals("ipaddress") && value == JsonToken.START_ARRAY) {
                    addresses.clear();
                    for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                        // anything but a string is kept as text, so that the parser counts it as a bad line
                        addresses.add(token.isStructStart() ? "-" : json.getText());
                        json.skipChildren();
                    }
                } else {
                    json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON value");
            }
        } catch (IOException e) {
            // jackson's message quotes the server's text
            throw new IllegalArgumentException("not well-formed JSON");
        }
        if (next == null) {
            throw new IllegalArgumentException("no \"ID\"");
        }
        return new Page(addresses, next);
    }

    private static byte[] write(List<String> addresses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(addresses.size() * 18 + 32);
        try (JsonGenerator json = FeedParser.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("ipaddress");
            for (String address : addresses) {
                json.writeString(address);
            }
            json.writeEndArray();
            json.writeStringField("ID", "none");
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
