package org.sbc.media.relay;

/**
 * The free RTP/RTCP port pairs of one local address: even RTP ports in [portMin, portMax], RTCP
 * on RTP + 1. A FIFO ring: a released pair goes to the back, so a port is reused as late as
 * possible and stray packets of an ended call are unlikely to reach the next session on it. A
 * pair that could not be bound (another process holds it) is {@linkplain #skip skipped}: it goes
 * to the back and is tried again later. Bounded by the range; thread-safe (control plane only,
 * never on the per-packet path).
 */
final class PortPool {

    private final int[] ring;
    private int head;
    private int size;

    PortPool(int portMin, int portMax) {
        int pairs = pairCount(portMin, portMax);
        ring = new int[pairs];
        int first = firstEven(portMin);
        for (int i = 0; i < pairs; i++) {
            ring[i] = first + 2 * i;
        }
        size = pairs;
    }

    /** How many even/odd pairs [portMin, portMax] holds. */
    static int pairCount(int portMin, int portMax) {
        int first = firstEven(portMin);
        return portMax < first + 1 ? 0 : (portMax - first - 1) / 2 + 1;
    }

    private static int firstEven(int portMin) {
        return (portMin & 1) == 0 ? portMin : portMin + 1;
    }

    /** The next free pair's RTP port, removed from the pool; -1 when none is free. */
    synchronized int take() {
        if (size == 0) {
            return -1;
        }
        int port = ring[head];
        head = (head + 1) % ring.length;
        size--;
        return port;
    }

    /** Returns a pair taken from this pool. */
    synchronized void release(int rtpPort) {
        if (size == ring.length) {
            throw new IllegalStateException("port pool overflow: " + rtpPort);
        }
        ring[(head + size) % ring.length] = rtpPort;
        size++;
    }

    /** Returns a pair that could not be bound; it is tried again after every other free pair. */
    void skip(int rtpPort) {
        release(rtpPort);
    }

    synchronized int freePairs() {
        return size;
    }

    int capacityPairs() {
        return ring.length;
    }
}
