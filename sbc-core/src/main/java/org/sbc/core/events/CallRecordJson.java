package org.sbc.core.events;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Optional;
import org.sbc.core.json.JsonText;
import org.sbc.core.media.MediaTotals;

/**
 * A call record as one JSON object on one line (JSON Lines), for CDR pipelines: what
 * {@link CallRecordLog} writes for people, with the times as ISO-8601 instants. Text a caller
 * chose (Call-IDs, users) is capped and JSON-escaped.
 */
public final class CallRecordJson {

    private CallRecordJson() {}

    /** @param country the outside party's country (GeoIP), written as {@code outside_country} */
    public static String line(CallRecord record, Optional<String> country) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("start", record.started().toString());
            if (record.answered().isPresent()) {
                json.writeStringField("answer", record.answered().get().toString());
            }
            json.writeStringField("end", record.time().toString());
            json.writeStringField("ending", record.ending().word());
            json.writeStringField("ended_by", record.endedBy());
            json.writeStringField("caller_side", record.fromOutside() ? "outside" : "inside");
            json.writeStringField("outside_address", record.outsidePeer().getAddress().getHostAddress());
            json.writeNumberField("outside_port", record.outsidePeer().getPort());
            if (country.isPresent()) {
                json.writeStringField("outside_country", country.get());
            }
            json.writeStringField("inside_call_id", AttackerText.cap(record.insideCallId()));
            json.writeStringField("outside_call_id", AttackerText.cap(record.outsideCallId()));
            if (record.callerUser().isPresent()) {
                json.writeStringField("caller_user", AttackerText.cap(record.callerUser().get()));
            }
            if (record.calledUser().isPresent()) {
                json.writeStringField("called_user", AttackerText.cap(record.calledUser().get()));
            }
            json.writeNumberField("duration_ms", record.durationMillis());
            if (record.answeredMillis().isPresent()) {
                json.writeNumberField("answered_ms", record.answeredMillis().get());
            }
            if (record.labels().policyRule().isPresent()) {
                json.writeStringField("policy_rule", record.labels().policyRule().get());
            }
            json.writeStringField("auth", record.labels().auth().word());
            if (record.labels().user().isPresent()) {
                json.writeStringField("auth_user", AttackerText.cap(record.labels().user().get()));
            }
            if (record.media().isPresent()) {
                MediaTotals media = record.media().get();
                json.writeObjectFieldStart("media");
                direction(json, "to_inside", media.toInside());
                direction(json, "to_outside", media.toOutside());
                json.writeNumberField("rtcp_packets", media.rtcpPackets());
                json.writeNumberField("strangers_dropped", media.strangersDropped());
                json.writeNumberField("malformed", media.malformed());
                json.writeNumberField("srtp_failed", media.srtpFailed());
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }

    private static void direction(JsonGenerator json, String name, MediaTotals.Direction d) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("packets", d.packets());
        json.writeNumberField("bytes", d.bytes());
        json.writeNumberField("lost", d.lost());
        json.writeNumberField("jitter_us", Math.round(d.jitterMillis() * 1000));
        json.writeEndObject();
    }
}
