package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The {@code media:} section: RTP and RTCP anchored through the SBC, so that a call has audio
 * whatever NAT the phones sit behind and neither side learns the other's address.
 *
 * @param anchor relay media through the SBC and rewrite every SDP to name it (the default); false
 *     leaves media to flow between the peers, and SDP to the topology-hiding sanitiser alone
 * @param portMin lowest UDP port of the relay's pool (RTP on even ports, RTCP on the next)
 * @param portMax highest UDP port of the pool
 * @param latching where the relay sends: {@code latch} learns each phone's real source from its
 *     first packets after the offer/answer (phones behind NAT), {@code strict} only ever the
 *     address in the SDP
 * @param relatch what a new source needs to take a latched leg over between offers and answers:
 *     {@code ssrc} continuing the latched stream (a phone whose NAT binding changed), or
 *     {@code never}
 * @param timeoutSeconds no packet in either direction for this long ends the call on both legs
 *     (a phone that vanished without BYE must not hold ports and a call slot for hours)
 * @param maxSessions calls with anchored media at once; a call beyond gets 503
 * @param maxSessionsPerSource calls with anchored media at once from one outside signalling source
 *     address; beyond, that source's new calls get 503 and everyone else's still get ports
 * @param threads the relay's I/O threads (each call's media lives on one); 0 is one per core
 * @param outside the outside leg's SRTP policy and media address
 * @param inside the inside leg's
 */
public record MediaConfig(boolean anchor, int portMin, int portMax, Latching latching, Relatch relatch,
        int timeoutSeconds, int maxSessions, int maxSessionsPerSource, int threads, MediaSide outside, MediaSide inside) {

    public static final MediaConfig DEFAULT = new MediaConfig(true, 20_000, 39_999, Latching.LATCH, Relatch.SSRC, 60,
            10_000, 100, 0, MediaSide.of(SrtpPolicy.OPTIONAL), MediaSide.of(SrtpPolicy.OFF));

    /**
     * One leg's media settings.
     *
     * @param srtp what the leg may or must speak: SRTP (RTP/SAVP with SDES keys) or RTP
     * @param address where the relay binds that leg's ports; empty: the side's first listen address
     * @param advertise the address the SDP names for that leg, when it differs from {@code address}
     *     (the SBC behind a 1:1 NAT); empty: {@code address}
     */
    public record MediaSide(SrtpPolicy srtp, Optional<InetAddress> address, Optional<InetAddress> advertise) {

        public MediaSide {
            requireNonNull(srtp, "srtp");
            requireNonNull(address, "address");
            requireNonNull(advertise, "advertise");
        }

        public static MediaSide of(SrtpPolicy srtp) {
            return new MediaSide(srtp, Optional.empty(), Optional.empty());
        }
    }

    public enum Latching { STRICT, LATCH }

    public enum Relatch { SSRC, NEVER }

    /**
     * SRTP on one leg. The SBC terminates SRTP per leg with its own keys, so each leg's policy is
     * its own: a phone talking SRTP outside reaches a PBX that speaks plain RTP inside.
     */
    public enum SrtpPolicy {
        /** Only RTP/SAVP: an offer of plain RTP from this leg gets 488, offers to it carry keys. */
        REQUIRED,
        /** What the peer offers: SRTP gets SRTP, RTP gets RTP; offers to it mirror the other leg's. */
        OPTIONAL,
        /** Only plain RTP: an offer of SRTP from this leg gets 488, offers to it carry no keys. */
        OFF
    }

    public MediaConfig {
        if (portMin < 1024 || portMax > 65535 || portMax < portMin + 3) {
            throw new IllegalArgumentException("ports: " + portMin + "-" + portMax
                    + " (expected: 1024..65535, room for two RTP/RTCP pairs)");
        }
        if (latching == null || relatch == null || timeoutSeconds < 1 || maxSessions < 1 || maxSessionsPerSource < 1 || threads < 0
                || outside == null || inside == null) {
            throw new IllegalArgumentException(
                    "media: latching, srtp, timeout and the session limits must be set and positive");
        }
    }

    public MediaConfig withAnchor(boolean anchor) {
        return new MediaConfig(anchor, portMin, portMax, latching, relatch, timeoutSeconds, maxSessions,
                maxSessionsPerSource, threads, outside, inside);
    }

    public MediaConfig withPorts(int portMin, int portMax) {
        return new MediaConfig(anchor, portMin, portMax, latching, relatch, timeoutSeconds, maxSessions,
                maxSessionsPerSource, threads, outside, inside);
    }

    public MediaConfig withSrtp(SrtpPolicy outsideSrtp, SrtpPolicy insideSrtp) {
        return new MediaConfig(anchor, portMin, portMax, latching, relatch, timeoutSeconds, maxSessions,
                maxSessionsPerSource, threads, new MediaSide(outsideSrtp, outside.address(), outside.advertise()),
                new MediaSide(insideSrtp, inside.address(), inside.advertise()));
    }

    public SrtpPolicy outsideSrtp() {
        return outside.srtp();
    }

    public SrtpPolicy insideSrtp() {
        return inside.srtp();
    }

    /** The relay's I/O threads, with 0 resolved to one per core. */
    public int relayThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
