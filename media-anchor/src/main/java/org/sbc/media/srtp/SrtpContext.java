package org.sbc.media.srtp;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * SRTP for one direction of one RTP session under one master key (RFC 3711 §3.3): a sender
 * protects, a receiver unprotects, in place, returning a {@link SrtpStatus}.
 *
 * <p>One context per direction, keyed inside by SSRC: RFC 3711 §3.2.3 identifies a cryptographic
 * context by SSRC, and SDES binds SSRCs late (RFC 4568 §6.4.1), so each SSRC seen gets its own
 * rollover counter, highest sequence number and replay window ({@link SrtpLimits}) while the
 * session keys, derived once from the master key (§4.3), are shared. A receiver adds an SSRC only
 * once a packet of it authenticates. The sender starts each SSRC at ROC 0 (RFC 4568 §6.4).
 *
 * <p>Replay protection is always on, for both roles (§3.3.2): a receiver drops an index it has
 * accepted or that lags behind the window; a sender refuses to protect an index twice, which would
 * reuse keystream (§9.1). Tags are compared in constant time. MKIs are not supported.
 *
 * <p>Per packet: no exception for any input, and no allocation but the JCA's (see
 * {@link PacketTransform}). Not thread-safe: confine a context to its channel's event loop.
 */
public final class SrtpContext {

    private final SrtpSuite suite;
    private final boolean sender;
    private final PacketTransform transform;
    private final int tagLength;
    private final StreamTable streams;
    private final long maxPackets;
    private long packets;

    /** Also for the RFC 7714 vectors, which give session keys rather than a master key. */
    SrtpContext(SrtpSuite suite, PacketTransform transform, boolean sender, SrtpLimits limits, long maxPackets) {
        this.suite = requireNonNull(suite, "suite");
        this.transform = requireNonNull(transform, "transform");
        this.sender = sender;
        this.tagLength = transform.tagLength();
        this.streams = new StreamTable(requireNonNull(limits, "limits"));
        this.maxPackets = maxPackets;
    }

    private static SrtpContext create(SrtpMasterKey masterKey, boolean sender, SrtpLimits limits) {
        requireNonNull(masterKey, "masterKey");
        return new SrtpContext(masterKey.suite(), PacketTransform.srtp(masterKey), sender, limits,
                masterKey.lifetime().orElse(SrtpSuite.MAX_SRTP_PACKETS));
    }

    /** A context that protects what we send under {@code masterKey}, with {@link SrtpLimits#DEFAULT}. */
    public static SrtpContext sender(SrtpMasterKey masterKey) {
        return create(masterKey, true, SrtpLimits.DEFAULT);
    }

    public static SrtpContext sender(SrtpMasterKey masterKey, SrtpLimits limits) {
        return create(masterKey, true, limits);
    }

    /** A context that unprotects what the peer sends under {@code masterKey}, with {@link SrtpLimits#DEFAULT}. */
    public static SrtpContext receiver(SrtpMasterKey masterKey) {
        return create(masterKey, false, SrtpLimits.DEFAULT);
    }

    public static SrtpContext receiver(SrtpMasterKey masterKey, SrtpLimits limits) {
        return create(masterKey, false, limits);
    }

    /**
     * Encrypts the payload of the RTP packet in {@code packet} and appends the tag (RFC 3711 §3.3,
     * sender steps 1 to 8); on {@link SrtpStatus#OK} the length grew by {@link SrtpSuite#srtpTagLength()}.
     *
     * @throws IllegalStateException on a receiving context (a bug, not a packet's fault)
     */
    public SrtpStatus protect(PacketBuffer packet) {
        requireNonNull(packet, "packet");
        if (!sender) {
            throw new IllegalStateException("protect on a receiving SrtpContext");
        }
        byte[] b = packet.array();
        int offset = packet.offset();
        int length = packet.length();
        int headerLength = RtpHeader.length(b, offset, length);
        if (headerLength < 0) {
            return SrtpStatus.MALFORMED;
        }
        if (packet.room() < tagLength) {
            return SrtpStatus.NO_ROOM;
        }
        if (packets >= maxPackets) {
            return SrtpStatus.KEY_EXPIRED;
        }
        int ssrc = RtpHeader.ssrc(b, offset);
        ReplayWindow window = streams.find(ssrc);
        if (window == null) {
            if (streams.isFull()) {
                return SrtpStatus.STREAM_LIMIT;
            }
            window = streams.add(ssrc);
        }
        long index = PacketIndex.estimate(window.top(), RtpHeader.sequenceNumber(b, offset));
        if (index >= SrtpSuite.MAX_SRTP_PACKETS) {
            return SrtpStatus.KEY_EXPIRED;
        }
        if (index < 0 || !window.isFresh(index)) {
            return SrtpStatus.REPLAY_FAIL;
        }
        transform.protectRtp(b, offset, offset + headerLength, length - headerLength, ssrc, index);
        window.accept(index);
        packets++;
        packet.length(length + tagLength);
        return SrtpStatus.OK;
    }

    /**
     * Checks the SRTP packet in {@code packet} against replay and its tag, then decrypts it in place
     * (RFC 3711 §3.3, receiver steps 1 to 8); on {@link SrtpStatus#OK} the length shrank by the tag.
     *
     * @throws IllegalStateException on a sending context (a bug, not a packet's fault)
     */
    public SrtpStatus unprotect(PacketBuffer packet) {
        requireNonNull(packet, "packet");
        if (sender) {
            throw new IllegalStateException("unprotect on a sending SrtpContext");
        }
        byte[] b = packet.array();
        int offset = packet.offset();
        int length = packet.length() - tagLength;
        int headerLength = length < 0 ? -1 : RtpHeader.length(b, offset, length);
        if (headerLength < 0) {
            return SrtpStatus.MALFORMED;
        }
        if (packets >= maxPackets) {
            return SrtpStatus.KEY_EXPIRED;
        }
        int ssrc = RtpHeader.ssrc(b, offset);
        int seq = RtpHeader.sequenceNumber(b, offset);
        ReplayWindow window = streams.find(ssrc);
        long index;
        if (window == null) {
            if (streams.isFull()) {
                return SrtpStatus.STREAM_LIMIT;
            }
            index = seq; // RFC 3711 §3.3.1: ROC 0, s_l := SEQ of the first packet, once it authenticates
        } else {
            index = PacketIndex.estimate(window.top(), seq);
            if (index >= SrtpSuite.MAX_SRTP_PACKETS) {
                return SrtpStatus.KEY_EXPIRED;
            }
            if (index < 0 || !window.isFresh(index)) {
                return SrtpStatus.REPLAY_FAIL;
            }
        }
        if (!transform.unprotectRtp(b, offset, offset + headerLength, length - headerLength, ssrc, index)) {
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

    /** The rollover counter of {@code ssrc} (RFC 3711 §3.2.1); empty before its first packet. */
    public OptionalLong rolloverCounter(int ssrc) {
        ReplayWindow window = streams.find(ssrc);
        return window == null ? OptionalLong.empty() : OptionalLong.of(window.top() >>> 16);
    }

    /** SSRCs this context holds state for. */
    public int streams() {
        return streams.size();
    }

    /** Packets protected or unprotected so far, against the key's lifetime. */
    public long packets() {
        return packets;
    }

    @Override
    public String toString() {
        return "SrtpContext[" + suite + ", " + (sender ? "sender" : "receiver")
                + ", streams=" + streams.size() + "/" + streams.capacity() + ", packets=" + packets + "]";
    }
}
