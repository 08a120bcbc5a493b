package org.sbc.media.srtp;

import static java.util.Objects.requireNonNull;

/**
 * SRTCP for one direction of one RTP session under one master key (RFC 3711 §3.4; RFC 7714 §9 for
 * GCM): a sender protects compound RTCP packets, a receiver unprotects them, in place, returning a
 * {@link SrtpStatus}.
 *
 * <p>Keyed inside by the sender SSRC of the first RTCP packet (octets 4 to 7), like
 * {@link SrtpContext}. Each SSRC has its own 31-bit SRTCP index, which the sender starts at 0 and
 * increments per packet (§3.4) and refuses to wrap (§9.2), and its own replay window (§3.3.2),
 * always on. The sender always encrypts and sets E (RFC 4568 §6.3.2: E MUST be set unless
 * UNENCRYPTED_SRTCP was negotiated, which {@link SdesCrypto} refuses); the receiver accepts E clear
 * too, since E is authenticated. The tag is 80 bits for both AES-CM suites (RFC 4568 §6.2), 16
 * octets for GCM. MKIs are not supported.
 *
 * <p>Per packet: no exception for any input. Not thread-safe: confine a context to its channel's
 * event loop.
 */
public final class SrtcpContext {

    /** The RTCP header and sender SSRC, never encrypted (RFC 3711 §3.4). */
    private static final int CLEAR_PREFIX = 8;

    private final SrtpSuite suite;
    private final boolean sender;
    private final PacketTransform transform;
    private final int overhead;
    private final StreamTable streams;
    private final long maxPackets;
    private long packets;

    /** Also for the RFC 7714 vectors, which give session keys rather than a master key. */
    SrtcpContext(SrtpSuite suite, PacketTransform transform, boolean sender, SrtpLimits limits, long maxPackets) {
        this.suite = requireNonNull(suite, "suite");
        this.transform = requireNonNull(transform, "transform");
        this.sender = sender;
        this.overhead = 4 + transform.tagLength();
        this.streams = new StreamTable(requireNonNull(limits, "limits"));
        this.maxPackets = maxPackets;
    }

    private static SrtcpContext create(SrtpMasterKey masterKey, boolean sender, SrtpLimits limits) {
        requireNonNull(masterKey, "masterKey");
        return new SrtcpContext(masterKey.suite(), PacketTransform.srtcp(masterKey), sender, limits,
                masterKey.lifetime().orElse(SrtpSuite.MAX_SRTCP_PACKETS));
    }

    public static SrtcpContext sender(SrtpMasterKey masterKey) {
        return create(masterKey, true, SrtpLimits.DEFAULT);
    }

    public static SrtcpContext sender(SrtpMasterKey masterKey, SrtpLimits limits) {
        return create(masterKey, true, limits);
    }

    public static SrtcpContext receiver(SrtpMasterKey masterKey) {
        return create(masterKey, false, SrtpLimits.DEFAULT);
    }

    public static SrtcpContext receiver(SrtpMasterKey masterKey, SrtpLimits limits) {
        return create(masterKey, false, limits);
    }

    /**
     * Encrypts the compound RTCP packet in {@code packet} from its ninth octet on and appends E,
     * the SRTCP index and the tag; on {@link SrtpStatus#OK} the length grew by
     * {@link SrtpSuite#srtcpOverhead()}.
     *
     * @throws IllegalStateException on a receiving context
     */
    public SrtpStatus protect(PacketBuffer packet) {
        return protect(packet, true);
    }

    /** With {@code encrypt} false: authenticated only, E clear (RFC 3711 §3.4); for test vectors. */
    SrtpStatus protect(PacketBuffer packet, boolean encrypt) {
        requireNonNull(packet, "packet");
        if (!sender) {
            throw new IllegalStateException("protect on a receiving SrtcpContext");
        }
        byte[] b = packet.array();
        int offset = packet.offset();
        int length = packet.length();
        if (!isRtcp(b, offset, length)) {
            return SrtpStatus.MALFORMED;
        }
        if (packet.room() < overhead) {
            return SrtpStatus.NO_ROOM;
        }
        if (packets >= maxPackets) {
            return SrtpStatus.KEY_EXPIRED;
        }
        int ssrc = RtpHeader.readInt(b, offset + 4);
        ReplayWindow window = streams.find(ssrc);
        if (window == null) {
            if (streams.isFull()) {
                return SrtpStatus.STREAM_LIMIT;
            }
            window = streams.add(ssrc);
        }
        long index = window.top() + 1;
        if (index >= SrtpSuite.MAX_SRTCP_PACKETS) {
            return SrtpStatus.KEY_EXPIRED;
        }
        transform.protectRtcp(b, offset, length, ssrc, (int) index, encrypt);
        window.accept(index);
        packets++;
        packet.length(length + overhead);
        return SrtpStatus.OK;
    }

    /**
     * Checks the SRTCP packet in {@code packet} against replay and its tag, then decrypts it in
     * place if E is set; on {@link SrtpStatus#OK} the length shrank by the trailer.
     *
     * @throws IllegalStateException on a sending context
     */
    public SrtpStatus unprotect(PacketBuffer packet) {
        requireNonNull(packet, "packet");
        if (sender) {
            throw new IllegalStateException("unprotect on a sending SrtcpContext");
        }
        byte[] b = packet.array();
        int offset = packet.offset();
        int protectedLength = packet.length();
        int length = protectedLength - overhead;
        if (!isRtcp(b, offset, length)) {
            return SrtpStatus.MALFORMED;
        }
        if (packets >= maxPackets) {
            return SrtpStatus.KEY_EXPIRED;
        }
        int word = RtpHeader.readInt(b, offset + transform.rtcpIndexWordAt(protectedLength));
        boolean encrypted = word < 0;
        int index = word & 0x7fffffff;
        int ssrc = RtpHeader.readInt(b, offset + 4);
        ReplayWindow window = streams.find(ssrc);
        if (window == null) {
            if (streams.isFull()) {
                return SrtpStatus.STREAM_LIMIT;
            }
        } else if (!window.isFresh(index)) {
            return SrtpStatus.REPLAY_FAIL;
        }
        if (!transform.unprotectRtcp(b, offset, length, ssrc, index, encrypted)) {
            return SrtpStatus.AUTH_FAIL;
        }
        if (window == null) {
            window = streams.add(ssrc);
        }
        window.accept(index);
        packets++;
        packet.length(length);
        return SrtpStatus.OK;
    }

    public SrtpSuite suite() {
        return suite;
    }

    public boolean isSender() {
        return sender;
    }

    public int streams() {
        return streams.size();
    }

    public long packets() {
        return packets;
    }

    /**
     * RTCP version 2 with at least the header and sender SSRC (RFC 3550 §6.4.1). The length fields
     * are not read: SRTCP does not need them, and the RTCP parser checks the compound packet after
     * decryption, when all of it is readable. (The RFC 7714 §17 vectors carry a first length one
     * word longer than their packet, and libSRTP accepts them likewise.)
     */
    private static boolean isRtcp(byte[] b, int offset, int length) {
        return length >= CLEAR_PREFIX && (b[offset] & 0xc0) == 0x80;
    }

    @Override
    public String toString() {
        return "SrtcpContext[" + suite + ", " + (sender ? "sender" : "receiver")
                + ", streams=" + streams.size() + "/" + streams.capacity() + ", packets=" + packets + "]";
    }
}
