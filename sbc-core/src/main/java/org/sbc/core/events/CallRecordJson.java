package org.sbc.core.events;

import org.sbc.core.json.Json;
import org.sbc.core.media.MediaTotals;

/**
 * A call record as one JSON object on one line (JSON Lines), for CDR pipelines: what
 * {@link CallRecordLog} writes for people, with the times as ISO-8601 instants. Text a caller
 * chose (Call-IDs, users) is capped and JSON-escaped.
 */
public final class CallRecordJson {

    private CallRecordJson() {}

    /** @param country the outside party's country (GeoIP), written as {@code outside_country} */
    public static String line(CallRecord record, java.util.Optional<String> country) {
        StringBuilder out = new StringBuilder(512).append('{');
        field(out, "start", record.started().toString());
        record.answered().ifPresent(answered -> field(out, "answer", answered.toString()));
        field(out, "end", record.time().toString());
        field(out, "ending", record.ending().word());
        field(out, "ended_by", record.endedBy());
        field(out, "caller_side", record.fromOutside() ? "outside" : "inside");
        field(out, "outside_address", record.outsidePeer().getAddress().getHostAddress());
        number(out, "outside_port", record.outsidePeer().getPort());
        country.ifPresent(code -> field(out, "outside_country", code));
        field(out, "inside_call_id", AttackerText.cap(record.insideCallId()));
        field(out, "outside_call_id", AttackerText.cap(record.outsideCallId()));
        record.callerUser().ifPresent(user -> field(out, "caller_user", AttackerText.cap(user)));
        record.calledUser().ifPresent(user -> field(out, "called_user", AttackerText.cap(user)));
        number(out, "duration_ms", record.durationMillis());
        record.answeredMillis().ifPresent(ms -> number(out, "answered_ms", ms));
        record.labels().policyRule().ifPresent(rule -> field(out, "policy_rule", rule));
        field(out, "auth", record.labels().auth().word());
        record.labels().user().ifPresent(user -> field(out, "auth_user", AttackerText.cap(user)));
        record.media().ifPresent(media -> {
            out.append(",\"media\":{");
            direction(out, "to_inside", media.toInside());
            out.append(',');
            direction(out, "to_outside", media.toOutside());
            out.append(",\"rtcp_packets\":").append(media.rtcpPackets())
               .append(",\"strangers_dropped\":").append(media.strangersDropped())
               .append(",\"malformed\":").append(media.malformed())
               .append(",\"srtp_failed\":").append(media.srtpFailed()).append('}');
        });
        return out.append('}').toString();
    }

    private static void direction(StringBuilder out, String name, MediaTotals.Direction d) {
        out.append('"').append(name).append("\":{\"packets\":").append(d.packets())
           .append(",\"bytes\":").append(d.bytes())
           .append(",\"lost\":").append(d.lost())
           .append(",\"jitter_us\":").append(Math.round(d.jitterMillis() * 1000)).append('}');
    }

    private static void field(StringBuilder out, String key, String value) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append('"').append(key).append("\":").append(Json.quote(value));
    }

    private static void number(StringBuilder out, String key, long value) {
        out.append(",\"").append(key).append("\":").append(value);
    }
}
