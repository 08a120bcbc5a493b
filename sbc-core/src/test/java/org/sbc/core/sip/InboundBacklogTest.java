package org.sbc.core.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InboundBacklogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final InboundBacklog backlog = new InboundBacklog(now::get);

    @Test
    void nothingWaitsWhileNoReadWasFull() {
        InboundBacklog.Socket socket = backlog.watch();
        assertTrue(backlog.readSince(now.get()), "no read yet");
        socket.readEnded(false);
        now.addAndGet(10);
        assertTrue(backlog.readSince(now.get()));
    }

    @Test
    void aFullReadHoldsUntilALaterReadEmptiesTheSocket() {
        InboundBacklog.Socket busy = backlog.watch();
        InboundBacklog.Socket idle = backlog.watch();
        idle.readEnded(false);
        busy.readEnded(true);
        now.addAndGet(5);
        long due = now.get();
        assertFalse(backlog.readSince(due), "the busy socket may hold what arrived before now");

        now.addAndGet(5);
        busy.readEnded(true);
        assertFalse(backlog.readSince(due), "still full: not emptied since");

        now.addAndGet(5);
        busy.readEnded(false);
        assertTrue(backlog.readSince(due), "emptied after the moment asked about");
    }

    @Test
    void aSocketEmptiedAfterTheMomentButFullAgainDoesNotHold() {
        InboundBacklog.Socket socket = backlog.watch();
        socket.readEnded(true);
        long due = now.get();
        now.addAndGet(5);
        socket.readEnded(false);
        now.addAndGet(5);
        socket.readEnded(true);
        assertTrue(backlog.readSince(due), "what had arrived by then was read when it emptied");
        assertFalse(backlog.readSince(now.get()), "but not what arrived since");
    }

    @Test
    void aForgottenSocketHoldsNothing() {
        InboundBacklog.Socket socket = backlog.watch();
        socket.readEnded(true);
        now.addAndGet(5);
        assertFalse(backlog.readSince(now.get()));
        backlog.forget(socket);
        assertTrue(backlog.readSince(now.get()));
    }
}
