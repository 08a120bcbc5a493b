package org.sbc.core.cli.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts the TCP segments of a capture back into byte streams, one per direction of a connection,
 * and cuts each stream into SIP messages by their Content-Length (RFC 3261 §18.3), as the SBC's
 * own framer does. Segments are taken in capture order: a retransmission's new bytes are kept, a
 * gap (a segment the capture lost) drops what was pending and starts again after it.
 *
 * <p>Bounded: at most {@link #MAX_FLOWS} directions are followed (later ones are counted and
 * ignored), and a direction holds at most {@code maxMessageBytes} waiting for a message's end.
 */
public final class TcpStreams {

    static final int MAX_FLOWS = 10_000;

    private final int maxMessageBytes;
    private final Map<String, Flow> flows = new HashMap<>();
    private long ignoredFlows;
    private long discardedBytes;

    public TcpStreams(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The complete messages this segment finishes, in order. */
    public List<byte[]> accept(Segment segment) {
        String key = segment.source() + ">" + segment.destination();
        Flow flow = flows.get(key);
        if (flow == null) {
            if (flows.size() >= MAX_FLOWS) {
                ignoredFlows++;
                return List.of();
            }
            flow = new Flow();
            flows.put(key, flow);
        }
        return flow.accept(segment);
    }

    public long ignoredFlows() {
        return ignoredFlows;
    }

    /** Bytes dropped because a gap or an oversized message made them unreadable. */
    public long discardedBytes() {
        return discardedBytes;
    }

    private final class Flow {
        private long next = -1;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        List<byte[]> accept(Segment segment) {
            byte[] payload = segment.payload();
            long start = segment.syn() ? segment.sequence() + 1 : segment.sequence();
            if (next < 0) {
                next = start; // the capture began inside this connection
            }
            long skip = (next - start) & 0xffffffffL;
            if (skip > Integer.MAX_VALUE) { // start is after next: bytes were lost
                discardedBytes += pending.size();
                pending.reset();
                skip = 0;
            }
            if (skip < payload.length) {
                pending.write(payload, (int) skip, payload.length - (int) skip);
                next = (start + payload.length) & 0xffffffffL;
            }
            return cut();
        }

        private List<byte[]> cut() {
            List<byte[]> messages = new ArrayList<>();
            byte[] bytes = pending.toByteArray();
            int at = 0;
            while (true) {
                while (at < bytes.length && (bytes[at] == '\r' || bytes[at] == '\n')) {
                    at++; // keep-alives between messages
                }
                int headerEnd = indexOf(bytes, at);
                if (headerEnd < 0) {
                    break;
                }
                int bodyLength = contentLength(new String(bytes, at, headerEnd - at, StandardCharsets.ISO_8859_1));
                int end = headerEnd + 4 + bodyLength;
                if (bodyLength < 0 || end - at > maxMessageBytes) {
                    discardedBytes += bytes.length - at;
                    at = bytes.length;
                    break;
                }
                if (end > bytes.length) {
                    break;
                }
                messages.add(java.util.Arrays.copyOfRange(bytes, at, end));
                at = end;
            }
            if (bytes.length - at > maxMessageBytes) {
                discardedBytes += bytes.length - at;
                at = bytes.length;
            }
            pending.reset();
            pending.write(bytes, at, bytes.length - at);
            return messages;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The Content-Length (or its compact form {@code l}); 0 when absent, -1 when unreadable. */
    private static int contentLength(String header) {
        for (String line : header.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("l")) {
                try {
                    return Integer.parseInt(line.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return 0;
    }
}
