package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code topology_hiding:} section: how the SBC keeps what the outside must not see, and
 * where the state that lets it route in-dialog requests back lives.
 *
 * @param mode mask (state sealed in our own headers) or strip (state kept by the SBC)
 * @param outsideHost the host the outside sees where the inside named itself (From, To,
 *     Refer-To, identity headers, bodies); empty means the outside listen address
 * @param insideNames extra names, domains and addresses that must never leave; the PBX, the
 *     inside listen addresses and inside trunk targets are always added
 * @param outsideHeaders end-to-end headers allowed to reach the outside (lower case)
 * @param sdp rewrite puts the SBC's address in SDP o=/c=/a=rtcp; keep leaves the far end's
 * @param maskKey the current AEAD key (mask mode); no default, a secret is never shipped
 * @param maskPreviousKey the key before the last rotation, still accepted
 * @param store where strip mode keeps its mappings
 * @param redisUri the Redis of the strip store {@code redis}
 * @param maxEntries mappings the memory store holds
 */
public record TopologyConfig(
        TopologyMode mode,
        Optional<String> outsideHost,
        List<String> insideNames,
        List<String> outsideHeaders,
        SdpHandling sdp,
        Optional<Secret> maskKey,
        Optional<Secret> maskPreviousKey,
        StripStore store,
        Optional<String> redisUri,
        int maxEntries) {

    public enum TopologyMode { MASK, STRIP }

    /** The same config with the memory store holding at most {@code maxEntries} mappings. */
    public TopologyConfig withMaxEntries(int maxEntries) {
        return new TopologyConfig(mode, outsideHost, insideNames, outsideHeaders, sdp, maskKey, maskPreviousKey, store,
                redisUri, maxEntries);
    }

    public enum StripStore { MEMORY, REDIS }

    public enum SdpHandling { REWRITE, KEEP }

    /** Key material from the config: compared by value, never printed. */
    public record Secret(byte[] bytes) {

        public Secret {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Secret secret && java.security.MessageDigest.isEqual(bytes, secret.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Secret[" + bytes.length + " bytes]";
        }
    }

    /**
     * The end-to-end headers the B2BUA copies from leg to leg (RelayHeaders), and by default
     * the ones allowed to reach the outside.
     */
    public static final List<String> DEFAULT_OUTSIDE_HEADERS = List.of(
            "accept", "accept-encoding", "accept-language", "allow", "allow-events", "supported", "require",
            "unsupported", "session-expires", "min-se", "expires", "min-expires", "event", "subscription-state",
            "refer-to", "referred-by", "replaces", "reason", "priority", "subject", "retry-after", "rseq",
            "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate",
            "authentication-info", "content-disposition", "content-language", "content-encoding",
            "target-dialog", "timestamp");

    /**
     * Headers that carry one leg's own routing or the software behind it; each leg makes its
     * own, so letting the far leg's cross would hand the outside the inside's topology.
     */
    public static final List<String> NEVER_OUTSIDE = List.of(
            "via", "v", "route", "record-route", "contact", "m", "call-id", "i", "from", "f", "to", "t", "cseq",
            "max-forwards", "content-length", "l", "content-type", "c", "path", "service-route", "server",
            "user-agent", "organization", "rack");

    public static final TopologyConfig DEFAULT = new TopologyConfig(TopologyMode.STRIP, Optional.empty(), List.of(),
            DEFAULT_OUTSIDE_HEADERS, SdpHandling.REWRITE, Optional.empty(), Optional.empty(), StripStore.MEMORY,
            Optional.empty(), 200_000);

    /** The Redis URI's password never reaches a log. */
    @Override
    public String toString() {
        return "TopologyConfig[mode=" + mode + ", outsideHost=" + outsideHost + ", insideNames=" + insideNames
                + ", outsideHeaders=" + outsideHeaders + ", sdp=" + sdp + ", maskKey=" + maskKey
                + ", maskPreviousKey=" + maskPreviousKey + ", store=" + store + ", redisUri="
                + redisUri.map(u -> u.replaceAll("//[^@/]*@", "//***@")) + ", maxEntries=" + maxEntries + "]";
    }

    public TopologyConfig {
        requireNonNull(mode, "mode");
        requireNonNull(outsideHost, "outsideHost");
        insideNames = List.copyOf(insideNames);
        outsideHeaders = outsideHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        requireNonNull(sdp, "sdp");
        requireNonNull(maskKey, "maskKey");
        requireNonNull(maskPreviousKey, "maskPreviousKey");
        requireNonNull(store, "store");
        requireNonNull(redisUri, "redisUri");
        if (mode == TopologyMode.MASK && maskKey.isEmpty()) {
            throw new IllegalArgumentException("mask mode needs a key");
        }
        if (mode == TopologyMode.STRIP && store == StripStore.REDIS && redisUri.isEmpty()) {
            throw new IllegalArgumentException("the redis store needs a URI");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries " + maxEntries);
        }
        for (String header : outsideHeaders) {
            if (NEVER_OUTSIDE.contains(header)) {
                throw new IllegalArgumentException(header + " never crosses to the outside");
            }
        }
    }
}
