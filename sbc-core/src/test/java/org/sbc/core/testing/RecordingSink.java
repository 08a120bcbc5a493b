package org.sbc.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;

/** Keeps every event a step emits, for the test to read. */
public final class RecordingSink implements SecurityEventSink {

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void emit(SecurityEvent event) {
        events.add(event);
    }

    public List<SecurityEvent> events() {
        return events;
    }

    public List<SecurityEvent> ofType(SecurityEventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }
}
