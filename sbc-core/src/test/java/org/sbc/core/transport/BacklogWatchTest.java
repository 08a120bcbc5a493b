package org.sbc.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sbc.core.sip.InboundBacklog;

class BacklogWatchTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final InboundBacklog backlog = new InboundBacklog(now::get);
    private final EmbeddedChannel channel = new EmbeddedChannel(new BacklogWatch(backlog, 3));

    @Test
    void aReadThatFillsItsBatchLeavesTheSocketBehindUntilAShortOne() {
        // EmbeddedChannel passes each message up and then ends the read, as one Netty read pass.
        channel.writeInbound("a", "b", "c");
        now.addAndGet(10);
        long due = now.get();
        assertFalse(backlog.readSince(due), "a full batch: more may wait");

        now.addAndGet(10);
        channel.writeInbound("d");
        assertTrue(backlog.readSince(due), "a short read emptied the socket");
        assertEquals("a", channel.readInbound(), "every datagram passes on");
    }

    @Test
    void aClosedSocketIsForgotten() {
        channel.writeInbound("a", "b", "c");
        now.addAndGet(10);
        assertFalse(backlog.readSince(now.get()));
        channel.close();
        assertTrue(backlog.readSince(now.get()));
    }
}
