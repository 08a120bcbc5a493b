package org.sbc.core.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.config.AdminAccess;
import org.sbc.core.config.AdminRole;
import org.sbc.core.config.AdminToken;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Decides whether an admin API request may go on: {@code GET /health} always (load balancers
 * and service managers probe it); with tokens configured, every other request wants
 * {@code Authorization: Bearer TOKEN} (RFC 6750), a read token for GET and HEAD, a write token
 * for anything that changes the SBC. Refusals are 401 (no token, or one not in the file) or 403
 * (a read token asking to write), counted and reported as events; every admitted write is an
 * event naming the token's label, so the SIEM shows who banned or unbanned whom.
 *
 * <p>The presented token is hashed and compared with every configured digest, never stopping at
 * the first match: how long the check takes says nothing about which token came close.
 */
@Sharable
final class AdminAuthenticator extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String STEP = "admin";
    /** The token a request came with (bearer or dashboard session), for the routes that draw by role. */
    static final AttributeKey<AdminToken> VIEWER = AttributeKey.valueOf("sbc.admin.viewer");
    private static final int MAX_PATH_CHARS = 200;

    private final AdminAccess access;
    private final Counters counters;
    private final SecurityEventSink events;
    private final Clock clock;
    private final DashboardSessions sessions;

    AdminAuthenticator(AdminAccess access, Counters counters, SecurityEventSink events, Clock clock,
            DashboardSessions sessions) {
        super(false); // a request let through is released by the handler that answers it
        this.access = access;
        this.counters = counters;
        this.events = events;
        this.clock = clock;
        this.sessions = sessions;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        ctx.channel().attr(VIEWER).set(null);
        if (!access.locked()) {
            ctx.fireChannelRead(request); // loopback only: the loader refuses anything else without tokens
            return;
        }
        boolean reads = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        String path = request.uri().split("\\?", 2)[0];
        if (reads && path.equals("/health")) {
            ctx.fireChannelRead(request);
            return;
        }
        InetSocketAddress source = (InetSocketAddress) ctx.channel().remoteAddress();
        if (DashboardRoute.handles(path) && bearer(request).isEmpty()) {
            // A browser: its session cookie, if any, says who it is; the dashboard decides by role
            // and sends a browser without one to its login form.
            Optional<AdminToken> viewer = sessions.tokenOf(request.headers().get(HttpHeaderNames.COOKIE));
            viewer.ifPresent(token -> ctx.channel().attr(VIEWER).set(token));
            if (!reads && viewer.isPresent() && viewer.get().role().covers(AdminRole.WRITE)) {
                reportWrite(source, request, path, viewer.get());
            }
            ctx.fireChannelRead(request);
            return;
        }
        AdminRole needed = reads ? AdminRole.READ : AdminRole.WRITE;
        Optional<AdminToken> token = bearer(request).flatMap(presented -> match(access, presented));
        if (token.isEmpty()) {
            counters.increment(Counter.ADMIN_UNAUTHORIZED);
            report(SecurityEventType.ADMIN_AUTH_FAILURE, source, "admin.token",
                    Map.of("method", request.method().name(), "why", bearer(request).isEmpty() ? "no token" : "unknown token"));
            refuse(ctx, request, HttpResponseStatus.UNAUTHORIZED, "a bearer token is required\n");
            return;
        }
        if (!token.get().role().covers(needed)) {
            counters.increment(Counter.ADMIN_FORBIDDEN);
            report(SecurityEventType.ADMIN_AUTH_FAILURE, source, "admin.role",
                    Map.of("method", request.method().name(), "label", token.get().label(), "why", "read token asked to write"));
            refuse(ctx, request, HttpResponseStatus.FORBIDDEN, "this token may only read\n");
            return;
        }
        if (needed == AdminRole.WRITE) {
            reportWrite(source, request, path, token.get());
        }
        ctx.channel().attr(VIEWER).set(token.get());
        ctx.fireChannelRead(request);
    }

    /** A dashboard login with a token the file does not hold: an auth failure like any other. */
    void loginFailed(InetSocketAddress source) {
        counters.increment(Counter.ADMIN_UNAUTHORIZED);
        report(SecurityEventType.ADMIN_AUTH_FAILURE, source, "admin.token", Map.of("method", "POST", "why", "dashboard login"));
    }

    private void reportWrite(InetSocketAddress source, FullHttpRequest request, String path, AdminToken token) {
        // The path comes from a holder of a write token, not from the internet; capped all the same.
        String shown = path.length() > MAX_PATH_CHARS ? path.substring(0, MAX_PATH_CHARS) : path;
        // The target rides in the request-URI field, which tells events apart: two unbans of
        // different addresses must both reach the SIEM, not fold into one summary.
        events.emit(new SecurityEvent(clock.instant(), SecurityEventType.ADMIN_WRITE, source, Optional.empty(), STEP,
                "admin.write", "enforce", Map.of("method", request.method().name(), "label", token.label()),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(shown)));
    }

    private static Optional<String> bearer(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    static Optional<AdminToken> match(AdminAccess access, String presented) {
        byte[] digest = AdminToken.digestOf(presented);
        AdminToken found = null;
        for (AdminToken token : access.tokens()) {
            if (MessageDigest.isEqual(digest, token.sha256()) && found == null) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }

    private void report(SecurityEventType type, InetSocketAddress source, String reason, Map<String, String> details) {
        events.emit(new SecurityEvent(clock.instant(), type, source, Optional.empty(), STEP, reason, "enforce", details,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String text) {
        request.release();
        FullHttpResponse response = AdminHandler.text(status, "text/plain", text);
        if (status == HttpResponseStatus.UNAUTHORIZED) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"sbc-admin\"");
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
