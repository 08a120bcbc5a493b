package org.sbc.core.admin;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.admission.PolicyCallAdmission;
import org.sbc.core.json.JsonException;
import org.sbc.core.json.JsonText;

/**
 * The fraud limits' accounts: {@code GET /api/fraud} lists every user and trunk counted, with its
 * counts and what blocks it; {@code POST /api/fraud/reset} with {@code {"user": "NAME"}} (a user
 * or a trunk name) lifts its blocks and emits an event. Answers on the event loop: both are a
 * few map operations.
 */
public final class FraudApi {

    static final String PATH = "/api/fraud";
    static final String RESET_PATH = "/api/fraud/reset";
    /** User names are attacker-chosen elsewhere; an operator's is capped like theirs. */
    private static final int MAX_USER_CHARS = 128;

    /** An answer: status and JSON body. */
    record Answer(HttpResponseStatus status, String json) {}

    private final PolicyCallAdmission admission;

    public FraudApi(PolicyCallAdmission admission) {
        this.admission = requireNonNull(admission, "admission");
    }

    static boolean handles(String path) {
        return path.equals(PATH) || path.equals(RESET_PATH);
    }

    Answer handle(HttpMethod method, String path, String body) {
        boolean list = path.equals(PATH);
        if (!method.equals(list ? HttpMethod.GET : HttpMethod.POST)) {
            return new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, JsonText.object("error", "method not allowed") + "\n");
        }
        if (list) {
            return new Answer(HttpResponseStatus.OK, JsonText.write(json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("accounts");
                for (var a : admission.fraudAccounts()) {
                    json.writeStartObject();
                    json.writeStringField("limit", a.limitId());
                    json.writeStringField("subject", a.subject());
                    json.writeNumberField("calls_this_minute", a.callsThisMinute());
                    json.writeNumberField("calls_this_hour", a.callsThisHour());
                    json.writeNumberField("concurrent", a.concurrent());
                    json.writeNumberField("international_minutes_today", a.internationalMinutesToday());
                    json.writeNumberField("high_cost_minutes_today", a.highCostMinutesToday());
                    json.writeStringField("blocked_by", a.blockedBy().orElse(null));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }) + "\n");
        }
        Optional<String> user = user(body);
        if (user.isEmpty()) {
            return new Answer(HttpResponseStatus.BAD_REQUEST,
                    JsonText.object("error", "expected a JSON object with user: the user or trunk to reset") + "\n");
        }
        int reset = admission.resetFraud(user.get());
        return reset == 0
                ? new Answer(HttpResponseStatus.NOT_FOUND, JsonText.write(json -> {
                    json.writeStartObject();
                    json.writeStringField("error", "no fraud counts for that user");
                    json.writeNumberField("reset", 0);
                    json.writeEndObject();
                }) + "\n")
                : new Answer(HttpResponseStatus.OK, JsonText.write(json -> {
                    json.writeStartObject();
                    json.writeNumberField("reset", reset);
                    json.writeStringField("user", user.get());
                    json.writeEndObject();
                }) + "\n");
    }

    private static Optional<String> user(String body) {
        try {
            if (JsonText.parse(body) instanceof Map<?, ?> map && map.get("user") instanceof String user
                    && !user.isEmpty() && user.length() <= MAX_USER_CHARS) {
                return Optional.of(user);
            }
        } catch (JsonException e) {
            // answered as a bad request
        }
        return Optional.empty();
    }
}
