package org.sbc.core.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.sbc.media.relay.RelaySession;
import org.sbc.media.relay.RelaySession.Leg;
import org.sbc.media.relay.StreamPorts;
import org.sbc.media.relay.StreamStats;
import org.sbc.media.sdp.MediaSection;
import org.sbc.media.sdp.Sdp;
import org.sbc.media.sdp.SdpAnchor;
import org.sbc.media.sdp.SdpAnchor.LocalPorts;
import org.sbc.media.sdp.SdpAnchor.StreamPeer;
import org.sbc.media.sdp.SdpOrigin;

/**
 * One call's media through the relay, driven by its offers and answers (RFC 3264). Each SDP that
 * crosses is rewritten to name the SBC's address and ports on the leg it goes to. What an offer
 * asks for is applied to the relay only when the answer comes, so an offer that is refused (a
 * 488 to a re-INVITE) leaves the media that was running as it was. Used on its call's shard
 * thread only.
 */
public final class CallMedia {

    /** What became of one SDP. */
    public enum Outcome {
        /** Anchored: the rewritten SDP is in {@link Result#sdp()}. */
        ANCHORED,
        /** Not an SDP we can read: the request is refused with 488. */
        NOT_ACCEPTABLE,
        /** No ports for any of its streams: 503, the calls already up keep theirs. */
        NO_PORTS
    }

    public record Result(Outcome outcome, String sdp) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RelaySession session;
    private final InetAddress outside;
    private final InetAddress inside;
    private final SdpOrigin towardsOutside = SdpOrigin.of(RANDOM);
    private final SdpOrigin towardsInside = SdpOrigin.of(RANDOM);
    /** Streams the relay holds ports for; only those are signalled. */
    private final BitSet allocated = new BitSet();
    private Leg pendingFrom;
    private List<StreamPeer> pendingPeers;
    private boolean pendingSilent;
    /** What the last offer/answer agreed: no stream carries media (a hold). */
    private boolean silent;
    private boolean early;

    CallMedia(RelaySession session, InetAddress outside, InetAddress inside) {
        this.session = session;
        this.outside = outside;
        this.inside = inside;
    }

    /** An offer from the outside ({@code fromOutside}) or the inside, in {@code text}. */
    public Result offer(boolean fromOutside, String text) {
        Leg from = MediaAnchoring.leg(fromOutside);
        Optional<Sdp> sdp = Sdp.parse(text);
        if (sdp.isEmpty()) {
            return new Result(Outcome.NOT_ACCEPTABLE, null);
        }
        Result result = rewriteFor(from, sdp.get());
        if (result.outcome() == Outcome.ANCHORED) {
            pendingFrom = from;
            pendingPeers = SdpAnchor.peers(sdp.get());
            pendingSilent = silent(sdp.get(), pendingPeers);
        }
        return result;
    }

    /**
     * The answer to the pending offer, from the other side; both take effect in the relay now.
     * {@code early}: the call is not answered yet (183 with SDP, PRACK): silence is no sign of a
     * vanished phone while it rings, so the media clock waits for {@link #confirmed()}.
     */
    public Result answer(boolean fromOutside, String text, boolean early) {
        Leg from = MediaAnchoring.leg(fromOutside);
        Optional<Sdp> sdp = Sdp.parse(text);
        if (sdp.isEmpty()) {
            return new Result(Outcome.NOT_ACCEPTABLE, null);
        }
        Result result = rewriteFor(from, sdp.get());
        if (result.outcome() != Outcome.ANCHORED) {
            return result;
        }
        List<StreamPeer> answered = SdpAnchor.peers(sdp.get());
        boolean offerSilent = false;
        if (pendingFrom != null && pendingFrom != from) {
            signal(pendingFrom, pendingPeers);
            offerSilent = pendingSilent;
        }
        signal(from, answered);
        silent = offerSilent || silent(sdp.get(), answered);
        this.early = early;
        session.hold(early || silent);
        pendingFrom = null;
        pendingPeers = null;
        return result;
    }

    /** The call is answered: from now on, silence that is not a hold ends it after the timeout. */
    public void confirmed() {
        early = false;
        session.hold(silent);
    }

    /** The pending offer was refused: the media already running stays as it is. */
    public void rejected() {
        pendingFrom = null;
        pendingPeers = null;
    }

    public void close() {
        session.close();
    }

    /** {@code sdp} from {@code from}, as the other leg receives it: its ports, its address. */
    private Result rewriteFor(Leg from, Sdp sdp) {
        Leg to = from == Leg.A ? Leg.B : Leg.A;
        List<Optional<LocalPorts>> ports = new ArrayList<>();
        boolean wanted = false;
        boolean got = false;
        for (int i = 0; i < sdp.media().size(); i++) {
            if (sdp.media().get(i).declined()) {
                ports.add(Optional.empty());
                continue;
            }
            wanted = true;
            Optional<StreamPorts> stream = session.stream(i);
            got |= stream.isPresent();
            allocated.set(i, stream.isPresent());
            ports.add(stream.map(p -> to == Leg.A
                    ? new LocalPorts(p.rtpA().getPort(), p.rtcpA().getPort())
                    : new LocalPorts(p.rtpB().getPort(), p.rtcpB().getPort())));
        }
        if (wanted && !got) {
            return new Result(Outcome.NO_PORTS, null);
        }
        String rewritten = SdpAnchor.rewrite(sdp, to == Leg.A ? outside : inside, ports,
                to == Leg.A ? towardsOutside : towardsInside);
        return new Result(Outcome.ANCHORED, rewritten);
    }

    private void signal(Leg leg, List<StreamPeer> peers) {
        for (int i = 0; i < peers.size(); i++) {
            if (!allocated.get(i)) {
                continue; // declined, or no ports for it when offered
            }
            StreamPeer peer = peers.get(i);
            InetSocketAddress rtp = peer.rtp().filter(this::mayReceive).orElse(null);
            session.peer(i, leg, rtp, rtp == null ? null : peer.rtcp().filter(this::mayReceive).orElse(null));
        }
    }

    /**
     * Whether the relay may send media where an SDP says: never to the SBC's own media addresses
     * (a loop through the relay), multicast or link-local; to loopback only when the SBC's media
     * is on loopback itself. Anything else that an SDP names would let a caller aim the relay's
     * packets at a service on the SBC's own host.
     */
    private boolean mayReceive(InetSocketAddress to) {
        InetAddress address = to.getAddress();
        if (address == null || address.equals(outside) || address.equals(inside) || address.isMulticastAddress()
                || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
            return false;
        }
        return !address.isLoopbackAddress() || (outside.isLoopbackAddress() && inside.isLoopbackAddress());
    }

    /**
     * No stream of {@code sdp} will carry media: each is declined, inactive (at its own level or
     * the session's) or pointed at no address (a hold, RFC 3264 §8.4). Silence is then agreed, and
     * must not end the call as a vanished phone would.
     */
    private static boolean silent(Sdp sdp, List<StreamPeer> peers) {
        boolean sessionInactive = sdp.sessionLines().contains("a=inactive");
        for (int i = 0; i < peers.size(); i++) {
            MediaSection section = sdp.media().get(i);
            if (section.declined()) {
                continue;
            }
            boolean inactive = section.lines().contains("a=inactive") || (sessionInactive
                    && section.lines().stream().noneMatch(l -> DIRECTIONS.contains(l)));
            if (!inactive && peers.get(i).rtp().isPresent()) {
                return false;
            }
        }
        return true;
    }

    private static final List<String> DIRECTIONS = List.of("a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive");

    /** What each stream the relay holds for this call carried so far, in m= order (declined ones empty). */
    public List<StreamStats> stats() {
        List<StreamStats> stats = new ArrayList<>();
        for (int i = allocated.nextSetBit(0); i >= 0; i = allocated.nextSetBit(i + 1)) {
            stats.add(session.stats(i));
        }
        return stats;
    }

    /** For tests: where the relay receives stream {@code index} from each side. */
    public Optional<InetSocketAddress> relayAddress(int index, boolean outsideLeg) {
        return session.stream(index).map(p -> outsideLeg ? p.rtpA() : p.rtpB());
    }
}
