package org.sbc.core.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.sbc.core.config.AdminAccess;
import org.sbc.core.config.AdminRole;
import org.sbc.core.config.AdminToken;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.events.RecentEvents;
import org.sbc.feeds.IpPrefix;

/**
 * The dashboard's routes: the page ({@code GET /dashboard}), its stylesheet, the unban form
 * ({@code POST /dashboard/unban}, write role) and, when the API wants tokens, the login that
 * trades a token for a session cookie. Every answer forbids scripts, framing and foreign
 * resources through its Content-Security-Policy.
 *
 * <p>An unban form carries a token drawn at start: another site can make a browser post a form
 * to the admin address (CSRF), but it cannot read our page to learn the token.
 */
final class DashboardRoute {

    static final String PATH = "/dashboard";
    static final String CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none';"
            + " base-uri 'none'";

    private final AdminAccess access;
    private final DashboardSessions sessions;
    private final RecentEvents events;
    private final BanTable bans;
    private final IntSupplier calls;
    private final IntSupplier registrations;
    private final Function<InetAddress, Optional<String>> countryOf;
    private final String csrf;
    private final Consumer<InetSocketAddress> loginFailures;
    /** Over HTTPS the session cookie is Secure: a browser never sends it in clear. */
    private final boolean https;

    DashboardRoute(AdminAccess access, DashboardSessions sessions, RecentEvents events, BanTable bans,
            IntSupplier calls, IntSupplier registrations, Function<InetAddress, Optional<String>> countryOf,
            Consumer<InetSocketAddress> loginFailures, boolean https) {
        this.countryOf = countryOf;
        this.https = https;
        this.access = access;
        this.loginFailures = loginFailures;
        this.sessions = sessions;
        this.events = events;
        this.bans = bans;
        this.calls = calls;
        this.registrations = registrations;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.csrf = HexFormat.of().formatHex(random);
    }

    static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/") || path.equals(PATH + ".css");
    }

    /** @param viewer the token the request came with, empty when the API wants none */
    FullHttpResponse handle(FullHttpRequest request, String path, Optional<AdminToken> viewer, InetSocketAddress source) {
        boolean get = request.method().equals(HttpMethod.GET);
        boolean post = request.method().equals(HttpMethod.POST);
        if (path.equals(PATH + ".css") && get) {
            return page(HttpResponseStatus.OK, "text/css; charset=utf-8", DashboardPage.CSS);
        }
        if (path.equals(PATH + "/login") && access.locked()) {
            return get ? page(HttpResponseStatus.OK, "text/html; charset=utf-8", DashboardPage.login(false))
                    : post ? login(request, source) : notAllowed("GET, POST");
        }
        if (path.equals(PATH + "/unban")) {
            return post ? unban(request, viewer) : notAllowed("POST");
        }
        if (!path.equals(PATH)) {
            return AdminHandler.text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
        }
        if (!get) {
            return notAllowed("GET");
        }
        if (access.locked() && viewer.isEmpty()) {
            return redirect(PATH + "/login");
        }
        boolean mayUnban = !access.locked() || viewer.get().role().covers(AdminRole.WRITE);
        DashboardView view = DashboardView.of(calls.getAsInt(), registrations.getAsInt(), bans.list(),
                events.snapshot(), countryOf);
        return page(HttpResponseStatus.OK, "text/html; charset=utf-8",
                DashboardPage.render(view, mayUnban ? Optional.of(csrf) : Optional.empty(), DashboardPage.OWASP));
    }

    private FullHttpResponse login(FullHttpRequest request, InetSocketAddress source) {
        Optional<AdminToken> token = form(request, "token").flatMap(presented -> AdminAuthenticator.match(access, presented));
        if (token.isEmpty()) {
            loginFailures.accept(source);
            return page(HttpResponseStatus.UNAUTHORIZED, "text/html; charset=utf-8", DashboardPage.login(true));
        }
        FullHttpResponse response = redirect(PATH);
        // Strict: no other site's page can make the browser send it; HttpOnly: no script could read it.
        response.headers().set(HttpHeaderNames.SET_COOKIE, DashboardSessions.COOKIE + "=" + sessions.open(token.get())
                + "; Path=" + PATH + "; HttpOnly; SameSite=Strict; Max-Age=" + DashboardSessions.LIFETIME.toSeconds()
                + (https ? "; Secure" : ""));
        return response;
    }

    private FullHttpResponse unban(FullHttpRequest request, Optional<AdminToken> viewer) {
        boolean csrfMatches = form(request, "csrf")
                .map(sent -> MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), csrf.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
        if (!csrfMatches) {
            return AdminHandler.text(HttpResponseStatus.FORBIDDEN, "text/plain", "the form is not one this dashboard drew\n");
        }
        if (access.locked() && (viewer.isEmpty() || !viewer.get().role().covers(AdminRole.WRITE))) {
            return AdminHandler.text(HttpResponseStatus.FORBIDDEN, "text/plain", "this token may only read\n");
        }
        Optional<IpPrefix> target = form(request, "target").flatMap(IpPrefix::parse);
        if (target.isEmpty()) {
            return AdminHandler.text(HttpResponseStatus.BAD_REQUEST, "text/plain", "not an address or network\n");
        }
        bans.unban(target.get(), "lifted from the dashboard");
        return redirect(PATH);
    }

    private static Optional<String> form(FullHttpRequest request, String name) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            return Optional.empty();
        }
        List<String> values = new QueryStringDecoder(request.content().toString(StandardCharsets.UTF_8), false)
                .parameters().get(name);
        return values == null || values.size() != 1 ? Optional.empty() : Optional.of(values.get(0));
    }

    private static FullHttpResponse page(HttpResponseStatus status, String type, String body) {
        FullHttpResponse response = AdminHandler.text(status, type, body);
        response.headers()
                .set("Content-Security-Policy", CSP)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        return response;
    }

    private static FullHttpResponse redirect(String location) {
        FullHttpResponse response = page(HttpResponseStatus.SEE_OTHER, "text/plain", "");
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }

    private static FullHttpResponse notAllowed(String allow) {
        FullHttpResponse response = AdminHandler.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n");
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        return response;
    }
}
