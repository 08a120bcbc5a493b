package org.sbc.core.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

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
        JsonFormat json = new JsonFormat();
        StringBuilder out = new StringBuilder(256 + all.size() * 256).append("{\"events\":[");
        int from = Math.max(0, all.size() - Math.max(0, limit));
        for (int i = from; i < all.size(); i++) {
            if (i > from) {
                out.append(',');
            }
            out.append(json.format(all.get(i)));
        }
        return out.append("]}\n").toString();
    }
}
