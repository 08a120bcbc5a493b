package org.sbc.core.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.sbc.core.json.JsonText;

/**
 * The last events delivered (after summarising), for {@code GET /api/events}: a ring of fixed
 * size, so that an operator sees what just happened without a SIEM, at a bounded cost.
 */
public final class RecentEvents implements SecurityEventSink {

    public static final int DEFAULT_CAPACITY = 1_000;

    private final int capacity;
    private final ArrayDeque<SecurityEvent> events;

    public RecentEvents(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
    }

    /** Keeps {@code event}, forgetting the oldest if full. Attacker fields are kept capped. */
    @Override
    public synchronized void emit(SecurityEvent event) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(AttackerText.capFields(event));
    }

    /** Oldest first. */
    public synchronized List<SecurityEvent> snapshot() {
        return new ArrayList<>(events);
    }

    /**
     * {@code {"events":[...]}}, newest last, each event as {@link JsonFormat} writes it; at most
     * {@code limit} of the newest.
     */
    public String toJson(int limit) {
        List<SecurityEvent> all = snapshot();
        int from = Math.max(0, all.size() - Math.max(0, limit));
        return JsonText.writeEvent(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("events");
            for (SecurityEvent event : all.subList(from, all.size())) {
                JsonFormat.write(json, event);
            }
            json.writeEndArray();
            json.writeEndObject();
        }) + "\n";
    }
}
