package org.sbc.media.sdp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sbc.feeds.IpLiteral;
import org.sbc.media.srtp.SdesCrypto;

/**
 * SDP offer/answer through the anchor (RFC 3264): reads where each stream of a peer's SDP wants
 * its media ({@link #peers}), and writes the SDP the other leg receives ({@link #rewrite}), in
 * which every address is the SBC's and every port one the relay holds for that leg.
 *
 * <p>Nothing that names the peer crosses: {@code o=} becomes {@code -} with the leg's own session
 * id and version ({@link SdpOrigin}), {@code s=} becomes {@code -}, {@code i=}, {@code u=},
 * {@code e=}, {@code p=}, {@code k=} go, and of the attributes only those the media needs cross
 * ({@link #KEPT_ATTRIBUTES}): no {@code a=tool}, no ICE (candidates and credentials describe the
 * far end's addresses; the anchor is the only candidate), no {@code a=ssrc} cname. Codecs,
 * {@code a=ptime}, {@code a=fmtp} and direction attributes stay as written.
 * A declined stream (port 0) stays declined; a stream on hold the old way ({@code c=0.0.0.0},
 * RFC 2543) keeps its null address, so the far end still sees the hold.
 */
public final class SdpAnchor {

    /** Where one stream of an SDP wants its media; both empty when declined or on hold. */
    public record StreamPeer(Optional<InetSocketAddress> rtp, Optional<InetSocketAddress> rtcp, boolean declined) {}

    /** The ports the relay holds for one stream on the leg that receives the SDP. */
    public record LocalPorts(int rtp, int rtcp) {}

    /**
     * How one RTP stream is secured on the leg that receives the SDP: the proto its m= line
     * names, and the SBC's SDES key for that leg, if it talks SRTP there.
     */
    public record Profile(String proto, Optional<SdesCrypto> key) {}

    private static final List<String> DROPPED_SESSION_LINES = List.of("i=", "u=", "e=", "p=", "k=", "c=");
    private static final List<String> DROPPED_MEDIA_LINES = List.of("v=", "o=", "s=", "i=", "u=", "e=", "p=", "k=", "c=");
    /**
     * The attributes that cross: what the media itself needs (codecs, packetisation, direction,
     * RTCP, fax, DTLS), none of which can name a host, a user or a product. SDES keys
     * ({@code a=crypto}) never cross: the relay terminates SRTP per leg and each leg gets the
     * SBC's own key ({@link #rewrite(Sdp, InetAddress, List, List, SdpOrigin)}). Anything else
     * (ICE, a=tool, a=ssrc's cname, which phones fill with user@address, vendor X- attributes)
     * goes: an allow-list, because a deny-list only stops the leaks someone thought of.
     */
    private static final Set<String> KEPT_ATTRIBUTES = Set.of(
            "rtpmap", "fmtp", "ptime", "maxptime", "sendrecv", "sendonly", "recvonly", "inactive", "rtcp",
            "rtcp-mux", "rtcp-rsize", "rtcp-fb", "mid", "group", "silencesupp", "framerate", "quality",
            "orient", "type", "charset", "sdplang", "lang", "imageattr", "content", "fingerprint", "setup",
            "connection", "extmap", "rid", "simulcast", "bundle-only", "maxprate", "fax");

    private SdpAnchor() {}

    /** Where each stream of {@code sdp}, in m= order, wants its RTP and RTCP. */
    public static List<StreamPeer> peers(Sdp sdp) {
        List<StreamPeer> peers = new ArrayList<>();
        Optional<String> sessionConnection = sdp.sessionConnection();
        for (MediaSection section : sdp.media()) {
            // RFC 8866 allows a host name in c=; it counts as no address, since resolving names
            // from a peer's body would let any caller make the anchor wait on a resolver it chose.
            Optional<InetAddress> address = section.connection().or(() -> sessionConnection)
                    .flatMap(IpLiteral::parse)
                    .filter(a -> !a.isAnyLocalAddress());
            if (section.declined() || address.isEmpty()) {
                peers.add(new StreamPeer(Optional.empty(), Optional.empty(), section.declined()));
                continue;
            }
            InetSocketAddress rtp = new InetSocketAddress(address.get(), section.port());
            // RTCP at RTP + 1 unless said otherwise; an RTP port of 65535 leaves none (RFC 3605 §2.1).
            int rtcpPort = section.rtcpPort().orElse(section.port() + 1);
            Optional<InetSocketAddress> rtcp = section.rtcpMux() ? Optional.of(rtp)
                    : rtcpPort <= 65535 ? Optional.of(new InetSocketAddress(address.get(), rtcpPort)) : Optional.empty();
            peers.add(new StreamPeer(Optional.of(rtp), rtcp, false));
        }
        return peers;
    }

    /**
     * The SDP the other leg receives, each stream with the proto it was written with and no
     * {@code a=crypto}: see {@link #rewrite(Sdp, InetAddress, List, List, SdpOrigin)}.
     */
    public static String rewrite(Sdp sdp, InetAddress local, List<Optional<LocalPorts>> ports, SdpOrigin origin) {
        return rewrite(sdp, local, ports, Collections.nCopies(ports.size(), Optional.empty()), origin);
    }

    /**
     * The SDP the other leg receives.
     *
     * @param local the SBC's media address on that leg
     * @param ports per stream, in m= order: the relay's ports on that leg; empty declines it
     * @param profiles per stream, in m= order: its proto and the SBC's one {@code a=crypto} for
     *     that leg; empty keeps the proto as written, with no key. The peer's own {@code a=crypto}
     *     lines never cross.
     * @param origin that leg's o= state
     */
    public static String rewrite(Sdp sdp, InetAddress local, List<Optional<LocalPorts>> ports,
            List<Optional<Profile>> profiles, SdpOrigin origin) {
        if (ports.size() != sdp.media().size() || profiles.size() != sdp.media().size()) {
            throw new IllegalArgumentException("ports, profiles: " + ports.size() + ", " + profiles.size()
                    + " (expected: one per m= line, " + sdp.media().size() + ")");
        }
        String addrtype = local instanceof Inet6Address ? "IP6" : "IP4";
        String address = IpLiteral.format(local);
        StringBuilder body = new StringBuilder(256);
        boolean connectionWritten = false;
        for (String line : sdp.sessionLines()) {
            // a=rtcp belongs to a stream (RFC 3605 §2.1); at session level it would carry the
            // peer's address across unrewritten.
            if (line.startsWith("v=") || line.startsWith("o=") || dropped(line, DROPPED_SESSION_LINES)
                    || !keptAttribute(line) || isRtcpAttribute(line)) {
                continue;
            }
            if (line.startsWith("s=")) {
                body.append("s=-\r\n");
                continue;
            }
            if (!connectionWritten && !line.startsWith("s=")) {
                body.append("c=IN ").append(addrtype).append(' ').append(address).append("\r\n");
                connectionWritten = true;
            }
            body.append(line).append("\r\n");
        }
        if (!connectionWritten) {
            body.append("c=IN ").append(addrtype).append(' ').append(address).append("\r\n");
        }
        Optional<String> sessionConnection = sdp.sessionConnection();
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaSection section = sdp.media().get(i);
            Optional<LocalPorts> held = section.declined() ? Optional.empty() : ports.get(i);
            Optional<Profile> profile = held.isPresent() ? profiles.get(i) : Optional.empty();
            Optional<SdesCrypto> key = profile.flatMap(Profile::key);
            body.append("m=").append(section.media()).append(' ').append(held.map(LocalPorts::rtp).orElse(0))
                    .append(' ').append(profile.map(Profile::proto).orElse(section.proto()));
            if (!section.formats().isEmpty()) {
                body.append(' ').append(section.formats());
            }
            body.append("\r\n");
            boolean onHold = section.connection().or(() -> sessionConnection).flatMap(IpLiteral::parse)
                    .map(InetAddress::isAnyLocalAddress).orElse(false);
            if (onHold && held.isPresent()) {
                body.append("c=IN ").append(addrtype).append(' ').append(addrtype.equals("IP6") ? "::" : "0.0.0.0")
                        .append("\r\n");
            }
            for (String line : section.lines()) {
                // Lines that name the peer never cross, also where RFC 8866 does not put them.
                if (dropped(line, DROPPED_MEDIA_LINES) || !keptAttribute(line)) {
                    continue;
                }
                if (isRtcpAttribute(line)) {
                    if (held.isPresent()) {
                        body.append("a=rtcp:").append(held.get().rtcp()).append(" IN ").append(addrtype).append(' ')
                                .append(address).append("\r\n");
                    }
                    continue;
                }
                body.append(line).append("\r\n");
            }
            key.ifPresent(crypto -> body.append("a=crypto:").append(crypto.format()).append("\r\n"));
        }
        return "v=0\r\n" + origin.line(addrtype, address, body.toString()) + "\r\n" + body;
    }

    /** True for every line that is not an attribute, and for the attributes that cross. */
    private static boolean keptAttribute(String line) {
        if (!line.startsWith("a=")) {
            return true;
        }
        int colon = line.indexOf(':');
        String name = (colon < 0 ? line.substring(2) : line.substring(2, colon)).toLowerCase(Locale.ROOT);
        // T.38 (ITU-T T.38 Annex D): T38FaxVersion, T38MaxBitRate, T38FaxRateManagement, ...
        return KEPT_ATTRIBUTES.contains(name) || name.startsWith("t38");
    }

    /**
     * {@code a=rtcp:} in any case, or a bare {@code a=rtcp} without a value: {@link #keptAttribute}
     * matches attribute names ignoring case, so {@code a=RTCP:} must be rewritten like
     * {@code a=rtcp:}, not copied with the peer's address, and a valueless one is the SBC's to
     * write or not, never the peer's.
     */
    private static boolean isRtcpAttribute(String line) {
        return line.regionMatches(true, 0, "a=rtcp:", 0, 7)
                || (line.length() == 6 && line.regionMatches(true, 0, "a=rtcp", 0, 6));
    }

    private static boolean dropped(String line, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
