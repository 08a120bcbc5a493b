package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;

/** Whatever bytes arrive, the decoder returns a result: it never throws, never loops. */
class SipMessageDecoderProperties {

    private static final SipMessageDecoder DECODER = new SipMessageDecoder(Limits.DEFAULT, new Counters());
    private static final Peer UDP_PEER = new Peer(Transport.UDP,
            new InetSocketAddress("127.0.0.2", 5060), new InetSocketAddress("127.0.0.1", 5060));
    private static final Peer TCP_PEER = new Peer(Transport.TCP,
            new InetSocketAddress("127.0.0.2", 40000), new InetSocketAddress("127.0.0.1", 5060));

    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\n";

    static final String VALID = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK776asdhds;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: \"Bob\" <sip:bob@127.0.0.1>\r\n"
            + "From: \"Alice\" <sip:alice@127.0.0.2>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710@127.0.0.2\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:alice@127.0.0.2:5060>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n"
            + SDP;

    @Property(tries = 3_000)
    void anyBytesDecodeToAResult(@ForAll @Size(max = 2_000) byte[] bytes) {
        assertIsResult(DECODER.decode(new SipFrame(bytes, UDP_PEER)));
        assertIsResult(DECODER.decode(new SipFrame(bytes, TCP_PEER)));
    }

    @Property(tries = 5_000)
    void mutatedValidMessagesDecodeToAResult(@ForAll("mutatedMessages") byte[] bytes) {
        assertIsResult(DECODER.decode(new SipFrame(bytes, UDP_PEER)));
    }

    @Property(tries = 200)
    void theValidMessageIsAccepted() {
        Object result = DECODER.decode(new SipFrame(VALID.getBytes(StandardCharsets.US_ASCII), UDP_PEER));
        assertTrue(result instanceof ReceivedMessage, String.valueOf(result));
    }

    /** The valid INVITE with a few bytes overwritten, inserted or cut away. */
    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        byte[] valid = VALID.getBytes(StandardCharsets.US_ASCII);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, valid.length - 1);
        Arbitrary<Byte> value = Arbitraries.oneOf(
                Arbitraries.bytes(),
                Arbitraries.of((byte) '\r', (byte) '\n', (byte) 0, (byte) ':', (byte) ';', (byte) '<', (byte) '"', (byte) ' '));
        return Arbitraries.oneOf(
                position.flatMap(p -> value.list().ofMinSize(1).ofMaxSize(8).map(vs -> overwrite(valid, p, vs))),
                position.map(p -> java.util.Arrays.copyOf(valid, p)),
                position.flatMap(p -> value.list().ofMinSize(1).ofMaxSize(64).map(vs -> insert(valid, p, vs))));
    }

    private static byte[] overwrite(byte[] base, int at, java.util.List<Byte> values) {
        byte[] copy = base.clone();
        for (int i = 0; i < values.size() && at + i < copy.length; i++) {
            copy[at + i] = values.get(i);
        }
        return copy;
    }

    private static byte[] insert(byte[] base, int at, java.util.List<Byte> values) {
        byte[] copy = new byte[base.length + values.size()];
        System.arraycopy(base, 0, copy, 0, at);
        for (int i = 0; i < values.size(); i++) {
            copy[at + i] = values.get(i);
        }
        System.arraycopy(base, at, copy, at + values.size(), base.length - at);
        return copy;
    }

    private static void assertIsResult(Object result) {
        assertTrue(result instanceof ReceivedMessage || result instanceof MalformedMessage, String.valueOf(result));
    }
}
