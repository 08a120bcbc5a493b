package org.sbc.core.admin;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.sbc.core.edge.policy.ActivePolicy;
import org.sbc.core.json.Json;
import org.sbc.policies.PolicyProblem;

/**
 * The security policy's admin endpoints. {@code GET /api/policy}: the files, the rule count and
 * the hits per rule of the policy in force. {@code POST /api/policy/reload} with an empty JSON
 * object: re-reads the files (on {@code executor}, never on an event loop) and answers 200 with
 * the new rule count, or 422 with every problem as {@code FILE:LINE:COLUMN: ...} while the old
 * policy stays in force.
 */
public final class PolicyApi {

    static final String PATH = "/api/policy";
    static final String RELOAD_PATH = "/api/policy/reload";

    private final ActivePolicy policy;
    private final Executor executor;

    public PolicyApi(ActivePolicy policy, Executor executor) {
        this.policy = requireNonNull(policy, "policy");
        this.executor = requireNonNull(executor, "executor");
    }

    static boolean handles(String path) {
        return path.equals(PATH) || path.equals(RELOAD_PATH);
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpMethod expected = path.equals(PATH) ? HttpMethod.GET : HttpMethod.POST;
        if (!request.method().equals(expected)) {
            FullHttpResponse response = json(HttpResponseStatus.METHOD_NOT_ALLOWED, "{\"error\":\"method not allowed\"}");
            response.headers().set(HttpHeaderNames.ALLOW, expected.name());
            AdminHandler.write(ctx, response, keepAlive);
            return;
        }
        if (path.equals(PATH)) {
            AdminHandler.write(ctx, json(HttpResponseStatus.OK, state()), keepAlive);
            return;
        }
        String body = request.content().toString(StandardCharsets.UTF_8).strip();
        if (!isEmptyObject(body)) {
            AdminHandler.write(ctx, json(HttpResponseStatus.BAD_REQUEST, "{\"error\":\"expected an empty JSON object: {}\"}"), keepAlive);
            return;
        }
        CompletableFuture.supplyAsync(policy::reload, executor).whenComplete((result, failure) -> {
            FullHttpResponse response;
            if (failure != null) {
                response = json(HttpResponseStatus.INTERNAL_SERVER_ERROR, "{\"error\":"
                        + Json.quote("reload failed: " + failure.getClass().getSimpleName() + "; the policy in force stays") + "}");
            } else if (result instanceof ActivePolicy.Result.Reloaded reloaded) {
                response = json(HttpResponseStatus.OK, "{\"reloaded\":true,\"rules\":" + reloaded.rules()
                        + ",\"warnings\":" + problems(reloaded.warnings()) + "}");
            } else {
                response = json(HttpResponseStatus.UNPROCESSABLE_ENTITY, "{\"reloaded\":false,\"problems\":"
                        + problems(((ActivePolicy.Result.Refused) result).errors())
                        + ",\"rules\":" + policy.current().policy().rules().size() + "}");
            }
            AdminHandler.write(ctx, response, keepAlive);
        });
    }

    private String state() {
        Map<String, Long> hits = policy.current().hits();
        return "{\"files\":" + policy.files().stream().map(f -> Json.quote(f.toString())).collect(Collectors.joining(",", "[", "]"))
                + ",\"rules\":" + policy.current().policy().rules().size()
                + ",\"hits\":" + hits.entrySet().stream().map(e -> Json.quote(e.getKey()) + ":" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}"))
                + ",\"regex_budget_exceeded\":" + policy.current().regexBudgetExceeded() + "}";
    }

    /**
     * The per-rule hits for {@code /metrics}, one labelled series. Rule ids are letters, digits and
     * {@code . _ -} (the loader refuses others), so they need no escaping in a label.
     */
    String prometheusText() {
        StringBuilder text = new StringBuilder("# HELP sbc_policy_rule_hits_total requests each rule of the policy in force"
                + " matched (monitor rules included; counted since the policy was loaded)\n"
                + "# TYPE sbc_policy_rule_hits_total counter\n");
        policy.current().hits().forEach((rule, hits) -> text.append("sbc_policy_rule_hits_total{rule=\"").append(rule)
                .append("\"} ").append(hits).append('\n'));
        return text.toString();
    }

    private static boolean isEmptyObject(String body) {
        if (body.isEmpty()) {
            return true; // curl -X POST without a body: nothing to misread
        }
        try {
            return Json.parse(body) instanceof Map<?, ?> map && map.isEmpty();
        } catch (Json.JsonException e) {
            return false;
        }
    }

    private static String problems(List<PolicyProblem> problems) {
        return problems.stream().map(p -> Json.quote(p.toString())).collect(Collectors.joining(",", "[", "]"));
    }

    private static FullHttpResponse json(HttpResponseStatus status, String body) {
        return AdminHandler.text(status, "application/json", body + "\n");
    }
}
