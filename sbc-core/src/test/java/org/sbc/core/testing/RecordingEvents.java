package org.sbc.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;

/** A sink that keeps every event, for tests that assert what a step reported. */
public final class RecordingEvents implements SecurityEventSink {

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void emit(SecurityEvent event) {
        events.add(event);
    }

    public List<SecurityEvent> events() {
        return List.copyOf(events);
    }
}
