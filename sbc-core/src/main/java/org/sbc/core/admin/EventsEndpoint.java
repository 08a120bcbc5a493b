package org.sbc.core.admin;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import org.sbc.core.events.RecentEvents;

/**
 * {@code GET /api/events[?limit=N]}: the newest security events, oldest first, as
 * {@code {"events":[...]}} with each event in the JSON event format. {@code limit} (1..1000,
 * default all kept) is clamped rather than refused: this is a read-only view.
 */
final class EventsEndpoint {

    static final String PATH = "/api/events";

    private final RecentEvents events;

    EventsEndpoint(RecentEvents events) {
        this.events = events;
    }

    String json(String uri) {
        int limit = RecentEvents.DEFAULT_CAPACITY;
        List<String> values = new QueryStringDecoder(uri).parameters().get("limit");
        if (values != null && !values.isEmpty() && values.get(0).matches("[0-9]{1,7}")) {
            limit = Math.max(1, Math.min(RecentEvents.DEFAULT_CAPACITY, Integer.parseInt(values.get(0))));
        }
        return events.toJson(limit);
    }
}
