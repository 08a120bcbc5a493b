package org.sbc.core.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.sbc.core.edge.policy.ActivePolicy;
import org.sbc.core.json.JsonException;
import org.sbc.core.json.JsonText;
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
            FullHttpResponse response = json(HttpResponseStatus.METHOD_NOT_ALLOWED, JsonText.object("error", "method not allowed"));
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
            AdminHandler.write(ctx, json(HttpResponseStatus.BAD_REQUEST, JsonText.object("error", "expected an empty JSON object: {}")), keepAlive);
            return;
        }
        CompletableFuture.supplyAsync(policy::reload, executor).whenComplete((result, failure) -> {
            FullHttpResponse response;
            if (failure != null) {
                response = json(HttpResponseStatus.INTERNAL_SERVER_ERROR, JsonText.object("error",
                        "reload failed: " + failure.getClass().getSimpleName() + "; the policy in force stays"));
            } else if (result instanceof ActivePolicy.Result.Reloaded reloaded) {
                response = json(HttpResponseStatus.OK, JsonText.write(json -> {
                    json.writeStartObject();
                    json.writeBooleanField("reloaded", true);
                    json.writeNumberField("rules", reloaded.rules());
                    problems(json, "warnings", reloaded.warnings());
                    json.writeEndObject();
                }));
            } else {
                response = json(HttpResponseStatus.UNPROCESSABLE_ENTITY, JsonText.write(json -> {
                    json.writeStartObject();
                    json.writeBooleanField("reloaded", false);
                    problems(json, "problems", ((ActivePolicy.Result.Refused) result).errors());
                    json.writeNumberField("rules", policy.current().policy().rules().size());
                    json.writeEndObject();
                }));
            }
            AdminHandler.write(ctx, response, keepAlive);
        });
    }

    private String state() {
        Map<String, Long> hits = policy.current().hits();
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("files");
            for (var file : policy.files()) {
                json.writeString(file.toString());
            }
            json.writeEndArray();
            json.writeNumberField("rules", policy.current().policy().rules().size());
            json.writeObjectFieldStart("hits");
            for (Map.Entry<String, Long> hit : hits.entrySet()) {
                json.writeNumberField(hit.getKey(), hit.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("regex_budget_exceeded", policy.current().regexBudgetExceeded());
            json.writeEndObject();
        });
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
            return JsonText.parse(body) instanceof Map<?, ?> map && map.isEmpty();
        } catch (JsonException e) {
            return false;
        }
    }

    private static void problems(JsonGenerator json, String key, List<PolicyProblem> problems) throws IOException {
        json.writeArrayFieldStart(key);
        for (PolicyProblem problem : problems) {
            json.writeString(problem.toString());
        }
        json.writeEndArray();
    }

    private static FullHttpResponse json(HttpResponseStatus status, String body) {
        return AdminHandler.text(status, "application/json", body + "\n");
    }
}
