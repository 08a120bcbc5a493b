package org.sbc.core.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.sbc.core.events.RecentEvents;
import org.sbc.core.json.JsonText;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ListenAddress;

/**
 * The admin API: {@code GET /health} (JSON), {@code GET /metrics} (Prometheus text),
 * {@code GET /api/events} (the last security events, JSON), the ban endpoints under
 * {@code /api/bans} ({@link BanApi}), and {@code POST /api/secfilter/reload} when the server
 * has a config file ({@link SecFilterReloadRoute}), and {@code /api/policy} when a security policy
 * is configured ({@link PolicyApi}).
 */
@Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final Instant started;
    private final Supplier<List<ListenAddress>> listeners;
    private final Counters counters;
    private final EventsEndpoint events;
    private final Optional<SecFilterReloadRoute> secfilterReload;
    private final Optional<BanApi> bans;
    private final Optional<DashboardRoute> dashboard;
    private final Optional<PolicyApi> policy;
    private final Optional<FraudApi> fraud;

    AdminHandler(Instant started, Supplier<List<ListenAddress>> listeners, Counters counters) {
        this(started, listeners, counters, new RecentEvents(1), Optional.empty(), Optional.empty());
    }

    AdminHandler(Instant started, Supplier<List<ListenAddress>> listeners, Counters counters, RecentEvents events,
            Optional<SecFilterReloadRoute> secfilterReload, Optional<BanApi> bans) {
        this(started, listeners, counters, events, secfilterReload, bans, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    AdminHandler(Instant started, Supplier<List<ListenAddress>> listeners, Counters counters, RecentEvents events,
            Optional<SecFilterReloadRoute> secfilterReload, Optional<BanApi> bans, Optional<DashboardRoute> dashboard,
            Optional<PolicyApi> policy, Optional<FraudApi> fraud) {
        this.dashboard = dashboard;
        this.policy = policy;
        this.fraud = fraud;
        this.started = started;
        this.listeners = listeners;
        this.counters = counters;
        this.events = new EventsEndpoint(events);
        this.secfilterReload = secfilterReload;
        this.bans = bans;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = request.uri().split("\\?", 2)[0];
        if (path.equals(SecFilterReloadRoute.PATH) && secfilterReload.isPresent()) {
            secfilterReload.get().handle(ctx, request); // answers asynchronously
            return;
        }
        if (policy.isPresent() && PolicyApi.handles(path)) {
            policy.get().handle(ctx, request, path); // a reload answers asynchronously
            return;
        }
        FullHttpResponse response;
        if (dashboard.isPresent() && DashboardRoute.handles(path)) {
            response = dashboard.get().handle(request, path,
                    Optional.ofNullable(ctx.channel().attr(AdminAuthenticator.VIEWER).get()),
                    (java.net.InetSocketAddress) ctx.channel().remoteAddress());
        } else if (bans.isPresent() && BanApi.handles(path)) {
            BanApi.Answer answer = bans.get().handle(request.method(), path,
                    new QueryStringDecoder(request.uri()).parameters(),
                    Optional.ofNullable(request.headers().get(HttpHeaderNames.CONTENT_TYPE)),
                    request.content().toString(StandardCharsets.UTF_8));
            FullHttpResponse api = text(answer.status(), answer.contentType(), answer.json());
            answer.allow().ifPresent(allow -> api.headers().set(HttpHeaderNames.ALLOW, allow));
            response = api;
        } else if (fraud.isPresent() && FraudApi.handles(path)) {
            FraudApi.Answer answer = fraud.get().handle(request.method(), path, request.content().toString(StandardCharsets.UTF_8));
            response = text(answer.status(), "application/json", answer.json());
        } else if (!request.method().equals(HttpMethod.GET)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
        } else if (path.equals("/health")) {
            response = text(HttpResponseStatus.OK, "application/json", healthJson());
        } else if (path.equals("/metrics")) {
            response = text(HttpResponseStatus.OK, "text/plain; version=0.0.4",
                    counters.toPrometheusText() + policy.map(PolicyApi::prometheusText).orElse(""));
        } else if (path.equals(EventsEndpoint.PATH)) {
            response = text(HttpResponseStatus.OK, "application/json", events.json(request.uri()));
        } else {
            response = text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
        }
        write(ctx, response, HttpUtil.isKeepAlive(request));
    }

    /** Sends {@code response}, keeping the connection open only when the client asked to. */
    static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    String healthJson() {
        long uptime = Duration.between(started, Instant.now()).toSeconds();
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("status", "up");
            json.writeNumberField("uptime_seconds", uptime);
            json.writeArrayFieldStart("listeners");
            for (ListenAddress listener : listeners.get()) {
                json.writeString(listener.toString());
            }
            json.writeEndArray();
            json.writeEndObject();
        }) + "\n";
    }

    static FullHttpResponse text(HttpResponseStatus status, String type, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
