package org.sbc.core.events;

/**
 * Where security events go. Called from event loops: an implementation must not block (queue
 * and write elsewhere) and must stay bounded under a flood of events.
 */
@FunctionalInterface
public interface SecurityEventSink {

    /** Discards every event; for tests of steps that do not assert their events. */
    SecurityEventSink NONE = event -> {};

    void emit(SecurityEvent event);
}
