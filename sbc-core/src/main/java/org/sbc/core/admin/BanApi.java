package org.sbc.core.admin;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.edge.ban.BanJson;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Bans.Outcome;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.json.JsonException;
import org.sbc.core.json.JsonText;
import org.sbc.feeds.IpPrefix;

/**
 * The ban endpoints of the admin API:
 * {@code GET /api/bans} (every active ban), {@code GET /api/bans/ADDRESS} (the bans that cover
 * an address, with their evidence: the why; or the ban of exactly a network),
 * {@code POST /api/bans} (a manual ban) and {@code DELETE /api/bans/TARGET} (lift one).
 *
 * <p>A POST must say {@code Content-Type: application/json}: a web page cannot send that
 * cross-origin without a CORS preflight, which this API never answers, so a browser on the
 * admin host cannot be made to ban or unban. Error messages never echo the request.
 */
public final class BanApi {

    static final String PATH = "/api/bans";
    private static final Set<String> POST_KEYS = Set.of("address", "seconds", "note");

    /** An answer: status, body (JSON unless the export format says otherwise), and the Allow header for a 405. */
    record Answer(HttpResponseStatus status, String json, Optional<String> allow, String contentType) {
        Answer(HttpResponseStatus status, String json, Optional<String> allow) {
            this(status, json, allow, "application/json");
        }

        static Answer of(HttpResponseStatus status, String json) {
            return new Answer(status, json + "\n", Optional.empty());
        }

        static Answer error(HttpResponseStatus status, String message) {
            return of(status, JsonText.object("error", message));
        }
    }

    private final BanTable table;

    public BanApi(BanTable table) {
        this.table = requireNonNull(table, "table");
    }

    static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    Answer handle(HttpMethod method, String path, Optional<String> contentType, String body) {
        return handle(method, path, Map.of(), contentType, body);
    }

    /** @param query the decoded query parameters; only {@code format} on {@code GET /api/bans} */
    Answer handle(HttpMethod method, String path, Map<String, List<String>> query, Optional<String> contentType,
            String body) {
        boolean collection = path.equals(PATH) || path.equals(PATH + "/");
        if (collection) {
            if (method.equals(HttpMethod.GET)) {
                return list(query);
            }
            if (method.equals(HttpMethod.POST)) {
                return post(contentType, body);
            }
            return new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, JsonText.object("error", "method not allowed") + "\n",
                    Optional.of("GET, POST"));
        }
        String target = QueryStringDecoder.decodeComponent(path.substring(PATH.length() + 1));
        Optional<IpPrefix> prefix = IpPrefix.parse(target);
        if (prefix.isEmpty()) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST,
                    "expected an IP address or network like 192.0.2.7 or 192.0.2.0/24 after /api/bans/");
        }
        if (method.equals(HttpMethod.GET)) {
            return why(prefix.get(), target.indexOf('/') < 0);
        }
        if (method.equals(HttpMethod.DELETE)) {
            if (!table.unban(prefix.get(), "lifted through the admin API")) {
                return Answer.error(HttpResponseStatus.NOT_FOUND, "no ban of exactly " + prefix.get()
                        + " (GET /api/bans/ADDRESS lists the bans that cover an address)");
            }
            return Answer.of(HttpResponseStatus.OK, JsonText.object("removed", prefix.get().toString()));
        }
        return new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, JsonText.object("error", "method not allowed") + "\n",
                Optional.of("GET, DELETE"));
    }

    private Answer list(Map<String, List<String>> query) {
        List<String> formats = query.getOrDefault("format", List.of("json"));
        Optional<BanExport> format = formats.size() == 1 ? BanExport.ofWord(formats.get(0)) : Optional.empty();
        if (format.isEmpty()) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST, "format: expected one of plain, json, nftables");
        }
        return new Answer(HttpResponseStatus.OK, format.get().write(table), Optional.empty(), format.get().contentType());
    }

    /** An address: every ban that covers it and whether it is exempt. A network: its own ban. */
    private Answer why(IpPrefix target, boolean isAddress) {
        List<Ban> bans;
        Optional<Exemptions.Kind> exempt;
        if (isAddress) {
            InetAddress address = target.network();
            bans = table.covering(address);
            exempt = table.exemptions().of(address);
        } else {
            bans = table.get(target).map(List::of).orElse(List.of());
            exempt = table.exemptions().covering(target);
        }
        return Answer.of(bans.isEmpty() ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK, JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("target", target.toString());
            json.writeBooleanField("banned", !bans.isEmpty() && exempt.isEmpty());
            json.writeStringField("exempt", exempt.map(Exemptions.Kind::word).orElse(null));
            json.writeStringField("mode", table.mode().word());
            json.writeFieldName("bans");
            BanJson.writeList(json, bans);
            json.writeEndObject();
        }));
    }

    private Answer post(Optional<String> contentType, String body) {
        if (contentType.map(type -> !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")).orElse(true)) {
            return Answer.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "expected Content-Type: application/json");
        }
        Map<?, ?> request;
        try {
            if (!(JsonText.parse(body) instanceof Map<?, ?> map)) {
                return Answer.error(HttpResponseStatus.BAD_REQUEST, "expected a JSON object like {\"address\": \"192.0.2.7\"}");
            }
            request = map;
        } catch (JsonException e) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST, "bad JSON: " + e.getMessage());
        }
        for (Object key : request.keySet()) {
            if (!POST_KEYS.contains(key)) {
                return Answer.error(HttpResponseStatus.BAD_REQUEST, "unknown key (expected: address, seconds, note)");
            }
        }
        if (!(request.get("address") instanceof String address)) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST, "address: expected a string like \"192.0.2.7\" or \"192.0.2.0/24\"");
        }
        Optional<IpPrefix> target = IpPrefix.parse(address);
        if (target.isEmpty()) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST,
                    "address: expected an IP literal or ADDRESS/LENGTH with no host bits set");
        }
        long seconds = table.config().seconds();
        if (request.containsKey("seconds")) {
            if (!(request.get("seconds") instanceof Long given) || given < 1 || given > BanConfig.MAX_BAN_SECONDS) {
                return Answer.error(HttpResponseStatus.BAD_REQUEST,
                        "seconds: expected an integer 1.." + BanConfig.MAX_BAN_SECONDS);
            }
            seconds = given;
        }
        Optional<String> note = Optional.empty();
        if (request.containsKey("note")) {
            try {
                if (!(request.get("note") instanceof String text)) {
                    throw new JsonException("note: expected a string");
                }
                note = Optional.of(BanJson.note(text));
            } catch (JsonException e) {
                return Answer.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            }
        }
        Optional<Exemptions.Kind> exempt = table.exemptions().covering(target.get());
        if (exempt.isPresent()) {
            return Answer.error(HttpResponseStatus.CONFLICT, target.get() + " is " + exempt.get().word()
                    + " (security." + (exempt.get() == Exemptions.Kind.TRUSTED ? "trusted" : "allow")
                    + "): never banned");
        }
        Instant now = Instant.now();
        Evidence evidence = new Evidence("admin", "manual ban", Map.of(), now, now);
        Outcome outcome = table.banFor(target.get(), Duration.ofSeconds(seconds), BanReason.MANUAL, evidence, note);
        if (outcome == Outcome.EXEMPT) {
            return Answer.error(HttpResponseStatus.CONFLICT, target.get() + " is trusted or allowed: never banned");
        }
        Ban ban = table.get(target.get()).orElseThrow();
        return Answer.of(HttpResponseStatus.CREATED, JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("mode", table.mode().word());
            json.writeFieldName("ban");
            BanJson.write(json, ban);
            json.writeEndObject();
        }));
    }
}
