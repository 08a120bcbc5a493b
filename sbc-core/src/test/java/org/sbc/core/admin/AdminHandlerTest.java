package org.sbc.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.edge.secfilter.SecFilter;
import org.sbc.core.edge.secfilter.SecFilterConfig;
import org.sbc.core.edge.secfilter.SecFilterReloader;
import org.sbc.core.events.RecentEvents;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.Json;
import org.sbc.core.testing.RecordingBans;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.TestEvents;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.CidrSet;

class AdminHandlerTest {

    private static final List<ListenAddress> LISTENERS = List.of(
            new ListenAddress(Transport.UDP, TestPeers.ip("127.0.0.1"), 5060),
            new ListenAddress(Transport.TCP, TestPeers.ip("::1"), 5061));

    private final Counters counters = new Counters();
    private final RecentEvents events = new RecentEvents(RecentEvents.DEFAULT_CAPACITY);
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new AdminHandler(Instant.now().minusSeconds(42), () -> LISTENERS, counters, events, Optional.empty(),
                    Optional.empty()));

    /** The status, content type and body of the answer to one request. */
    private record Answer(HttpResponseStatus status, String contentType, String allow, String body) {}

    private Answer send(FullHttpRequest request) {
        assertFalse(channel.writeInbound(request));
        FullHttpResponse response = channel.readOutbound();
        try {
            assertNull(channel.readOutbound());
            assertEquals(response.content().readableBytes(), response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
            assertEquals("no-store", response.headers().get(HttpHeaderNames.CACHE_CONTROL));
            return new Answer(response.status(), response.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    response.headers().get(HttpHeaderNames.ALLOW), response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    private Answer send(HttpMethod method, String uri) {
        return send(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
    }

    @Test
    void reportsHealthAsJson() {
        Answer answer = send(HttpMethod.GET, "/health");

        assertEquals(HttpResponseStatus.OK, answer.status());
        assertEquals("application/json", answer.contentType());
        assertTrue(answer.body().startsWith("{\"status\":\"up\","), answer.body());
        assertTrue(answer.body().contains("\"listeners\":[\"udp:127.0.0.1:5060\",\"tcp:[0:0:0:0:0:0:0:1]:5061\"]"),
                answer.body());
        Matcher uptime = Pattern.compile("\"uptime_seconds\":(\\d+)").matcher(answer.body());
        assertTrue(uptime.find(), answer.body());
        long seconds = Long.parseLong(uptime.group(1));
        assertTrue(seconds >= 42 && seconds < 100, "uptime " + seconds);
    }

    @Test
    void ignoresQueryString() {
        assertEquals(HttpResponseStatus.OK, send(HttpMethod.GET, "/health?verbose=1").status());
    }

    @Test
    void exposesEveryCounterAsPrometheusText() {
        counters.increment(Counter.OPTIONS_ANSWERED);

        Answer answer = send(HttpMethod.GET, "/metrics");

        assertEquals(HttpResponseStatus.OK, answer.status());
        assertEquals("text/plain; version=0.0.4", answer.contentType());
        for (Counter counter : Counter.values()) {
            assertTrue(answer.body().contains("# TYPE " + counter.metricName() + " counter\n"), counter.metricName());
        }
        assertTrue(answer.body().contains("\nsbc_options_answered_total 1\n"));
    }

    @Test
    void listsRecentSecurityEventsAsJson() {
        events.emit(TestEvents.ban("192.0.2.1", 5060));
        events.emit(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT));

        Answer all = send(HttpMethod.GET, "/api/events");
        Answer newest = send(HttpMethod.GET, "/api/events?limit=1");

        assertEquals(HttpResponseStatus.OK, all.status());
        assertEquals("application/json", all.contentType());
        List<?> listed = (List<?>) Json.object(all.body()).get("events");
        assertEquals(2, listed.size());
        assertEquals("BAN", ((java.util.Map<?, ?>) listed.get(0)).get("type"));
        assertEquals(TestEvents.HOSTILE_USER_AGENT, ((java.util.Map<?, ?>) listed.get(1)).get("user_agent"));
        List<?> one = (List<?>) Json.object(newest.body()).get("events");
        assertEquals("SCANNER", ((java.util.Map<?, ?>) one.get(0)).get("type"));
        assertEquals(1, one.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "HEAD"})
    void refusesMethodsOtherThanGetWith405(String method) {
        Answer answer = send(HttpMethod.valueOf(method), "/health");

        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, answer.status());
        assertEquals("GET", answer.allow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/healthz", "/metrics/", "/admin", "/health/../metrics"})
    void answersUnknownPathWith404(String path) {
        assertEquals(HttpResponseStatus.NOT_FOUND, send(HttpMethod.GET, path).status());
    }

    @Test
    void keepsHttp11ConnectionOpen() {
        send(HttpMethod.GET, "/health");

        assertTrue(channel.isOpen());
    }

    @Test
    void closesConnectionWhenClientAsksTo() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health");
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);

        assertEquals(HttpResponseStatus.OK, send(request).status());
        assertFalse(channel.isOpen());
    }

    @Test
    void answersSecfilterReloadWith409WhenThereIsNoConfigFile() {
        EmbeddedChannel withRoute = new EmbeddedChannel(new AdminHandler(Instant.now(), () -> LISTENERS, counters,
                new RecentEvents(1),
                Optional.of(new SecFilterReloadRoute(new SecFilterReloader(Optional.empty(), new SecFilter(
                        SipTesting.edgeContext(counters), SecFilterConfig.DEFAULT, CidrSet.empty(), new RecordingBans(),
                        SecurityEventSink.NONE, Clock.systemUTC()), counters), Runnable::run)), Optional.empty()));

        withRoute.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/secfilter/reload"));
        FullHttpResponse conflict = withRoute.readOutbound();
        assertEquals(HttpResponseStatus.CONFLICT, conflict.status());
        conflict.release();

        withRoute.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/secfilter/reload"));
        FullHttpResponse notAllowed = withRoute.readOutbound();
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, notAllowed.status());
        assertEquals("POST", notAllowed.headers().get(HttpHeaderNames.ALLOW));
        notAllowed.release();
    }

    @Test
    void hasNoReloadRouteWithoutAReloader() {
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, send(HttpMethod.POST, "/api/secfilter/reload").status());
    }
}
