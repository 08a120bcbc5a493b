package org.sbc.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

class IdleConnectionCloserTest {

    private final Counters counters = new Counters();
    private final List<Object> eventsAfter = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new IdleConnectionCloser(counters),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    eventsAfter.add(event);
                }
            });

    @Test
    void closesConnectionReportedIdleAndCountsIt() {
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.TCP_CONNECTIONS_IDLE_CLOSED));
        assertTrue(eventsAfter.isEmpty());
    }

    @Test
    void passesOtherEventsOnAndStaysOpen() {
        Object other = "not an idle event";

        channel.pipeline().fireUserEventTriggered(other);

        assertTrue(channel.isOpen());
        assertEquals(List.of(other), eventsAfter);
        assertEquals(0, counters.get(Counter.TCP_CONNECTIONS_IDLE_CLOSED));
    }

    @Test
    void keepsAConnectionOpenWhileARegistrationLivesOnIt() {
        channel.attr(IdleConnectionCloser.KEEP_OPEN_UNTIL).set(System.currentTimeMillis() + 60_000);

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertTrue(channel.isOpen());
        assertEquals(1, counters.get(Counter.TCP_CONNECTIONS_KEPT_FOR_REGISTRATION));
        assertEquals(0, counters.get(Counter.TCP_CONNECTIONS_IDLE_CLOSED));
    }

    @Test
    void closesItAtTheNextIdlePeriodOnceTheRegistrationHasExpired() {
        channel.attr(IdleConnectionCloser.KEEP_OPEN_UNTIL).set(System.currentTimeMillis() - 1);

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.TCP_CONNECTIONS_IDLE_CLOSED));
    }
}
