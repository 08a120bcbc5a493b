package org.sbc.core.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.policies.Mode;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestPeers;

/** The steps in their production order, from a framed message to what goes back on the wire. */
class EdgePipelineTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    /** Stands in for the B2BUA: records what passed every edge step. */
    private final List<ReceivedMessage> reachedCore = new ArrayList<>();

    EdgePipelineTest() {
        ChannelInboundHandlerAdapter core = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                reachedCore.add((ReceivedMessage) msg);
            }
        };
        new EdgePipeline(SbcConfig.defaults(), counters, new org.sbc.core.testing.RecordingBans(),
                org.sbc.core.events.SecurityEventSink.NONE, java.time.Clock.systemUTC(), core).appendTo(channel.pipeline());
    }

    /** The status the pipeline answers {@code message} with; 0 when it sends nothing. */
    private int statusFor(SipMessages message) {
        assertFalse(channel.writeInbound(new SipFrame(message.bytes(), SOURCE)), "nothing leaves the pipeline inbound");
        channel.checkException();
        if (channel.outboundMessages().isEmpty()) {
            return 0;
        }
        Sent sent = Sent.readFrom(channel);
        assertEquals(SOURCE.remote(), sent.recipient());
        assertNull(channel.readOutbound());
        return sent.response().getStatusCode();
    }

    @Test
    void answersOptionsToTheSbcWith200() {
        assertEquals(200, statusFor(SipMessages.options()));
        assertEquals(1, counters.get(Counter.OPTIONS_ANSWERED));
        assertEquals(1, counters.get(Counter.MESSAGES_RECEIVED));
    }

    @Test
    void answersOptionsWithoutMaxForwardsWith400BeforeTheOptionsStepSeesIt() {
        assertEquals(400, statusFor(SipMessages.options().without("Max-Forwards")));
        assertEquals(1, counters.get(Counter.SANITY_REJECTED));
    }

    @Test
    void passesOptionsForAnotherHostOnToTheB2bua() {
        assertEquals(0, statusFor(SipMessages.options().requestUri("sip:bob@198.51.100.9")));
        assertEquals(1, reachedCore.size());
        assertEquals("sip:bob@198.51.100.9", reachedCore.get(0).request().requestUri().toString());
    }

    @Test
    void answersMalformedRequestWith400() {
        assertEquals(400, statusFor(SipMessages.options().add("Contact", "<<<<")));
        assertEquals(1, counters.get(Counter.MALFORMED_ANSWERED));
    }

    @Test
    void dropsGarbageAndStrayResponsesSilently() {
        assertEquals(0, statusFor(SipMessages.options().startLine("HELLO THERE")));
        assertEquals(0, statusFor(SipMessages.response()));
        assertEquals(0, counters.get(Counter.RESPONSES_SENT));
        assertEquals(1, reachedCore.size(), "a response goes on to the B2BUA's transactions");
        assertFalse(channel.finish());
    }

    @Test
    void dropsScannerOptionsBeforeTheOptionsStepAnswersIt() {
        assertEquals(0, statusFor(SipMessages.options().add("User-Agent", "friendly-scanner")));
        assertEquals(1, counters.get(Counter.SECFILTER_DROPPED));
        assertEquals(0, counters.get(Counter.OPTIONS_ANSWERED));
    }

    @Test
    void challengesBeforeTheRequestReachesTheEndOfThePipeline() {
        EmbeddedChannel challenging = new EmbeddedChannel();
        SbcConfig config = SbcConfig.defaults().withSecurity(SbcConfig.defaults().security()
                .withAuth(org.sbc.core.edge.auth.DigestAuthenticatorTest.config(Mode.ENFORCE, "0.0.0.0/0")));
        new EdgePipeline(config, counters, new org.sbc.core.testing.RecordingBans(),
                org.sbc.core.events.SecurityEventSink.NONE, java.time.Clock.systemUTC(),
                new io.netty.channel.ChannelInboundHandlerAdapter()).appendTo(challenging.pipeline());

        challenging.writeInbound(new SipFrame(SipMessages.request("INVITE", "sip:200@127.0.0.1").bytes(), SOURCE));

        assertEquals(407, Sent.readFrom(challenging).response().getStatusCode());
        assertNull(challenging.readInbound(), "the challenged request went no further");
    }
}
