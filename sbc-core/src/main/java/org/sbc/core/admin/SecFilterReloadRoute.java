package org.sbc.core.admin;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.edge.secfilter.SecFilterReloader;

/**
 * {@code POST /api/secfilter/reload}: re-reads the config file and swaps in its secfilter lists.
 * 200 with the new entry counts; 400 with one {@code FILE:LINE:COLUMN: path: problem} line per
 * error (the old lists stay in force); 409 when the server runs without a config file. The file
 * is read on {@code executor}, never on the event loop that serves SIP.
 */
public final class SecFilterReloadRoute {

    static final String PATH = "/api/secfilter/reload";

    private final SecFilterReloader reloader;
    private final Executor executor;

    public SecFilterReloadRoute(SecFilterReloader reloader, Executor executor) {
        this.reloader = requireNonNull(reloader, "reloader");
        this.executor = requireNonNull(executor, "executor");
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.method().equals(HttpMethod.POST)) {
            FullHttpResponse response = AdminHandler.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain",
                    "method not allowed\n");
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
            AdminHandler.write(ctx, response, keepAlive);
            return;
        }
        CompletableFuture.supplyAsync(reloader::reload, executor).whenComplete((result, failure) -> {
            FullHttpResponse response;
            if (failure != null) {
                response = AdminHandler.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain",
                        "reload failed: " + failure.getClass().getSimpleName() + "; the lists in force stay\n");
            } else if (result instanceof SecFilterReloader.Result.Reloaded reloaded) {
                response = AdminHandler.text(HttpResponseStatus.OK, "text/plain",
                        "secfilter reloaded: " + reloaded.summary() + "\n");
            } else if (result instanceof SecFilterReloader.Result.Refused refused) {
                response = AdminHandler.text(HttpResponseStatus.BAD_REQUEST, "text/plain",
                        refused.errors().stream().map(ConfigError::toString).collect(Collectors.joining("\n"))
                                + "\nsecfilter not reloaded: the lists in force stay\n");
            } else {
                response = AdminHandler.text(HttpResponseStatus.CONFLICT, "text/plain",
                        "no config file: the server runs on the embedded defaults (start it with --config FILE)\n");
            }
            AdminHandler.write(ctx, response, keepAlive);
        });
    }
}
