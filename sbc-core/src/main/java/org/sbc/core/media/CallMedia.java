package org.sbc.core.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.sbc.core.config.MediaConfig.SrtpPolicy;
import org.sbc.media.relay.RelaySession;
import org.sbc.media.relay.RelaySession.Leg;
import org.sbc.media.relay.StreamPorts;
import org.sbc.media.relay.StreamStats;
import org.sbc.media.sdp.MediaSection;
import org.sbc.media.sdp.Sdp;
import org.sbc.media.sdp.SdpAnchor;
import org.sbc.media.sdp.SdpAnchor.LocalPorts;
import org.sbc.media.sdp.SdpAnchor.Profile;
import org.sbc.media.sdp.SdpAnchor.StreamPeer;
import org.sbc.media.sdp.SdpOrigin;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.media.srtp.SrtpMasterKey;
import org.sbc.media.srtp.SrtpSuite;

/**
 * One call's media through the relay, driven by its offers and answers (RFC 3264). Each SDP that
 * crosses is rewritten to name the SBC's address and ports on the leg it goes to. What an offer
 * asks for is applied to the relay only when the answer comes, so an offer that is refused (a
 * 488 to a re-INVITE) leaves the media that was running as it was. Used on its call's shard
 * thread only.
 */
public final class CallMedia {

    /**
     * Every text a {@link Result#warning()} can hold: fixed, naming nothing of either side, so the
     * outside sanitizer may let exactly these through in the SBC's own Warning header.
     */
    public static final Set<String> WARNINGS = Set.of(SrtpTerms.REQUIRED, SrtpTerms.NOT_ACCEPTED,
            SrtpTerms.NO_USABLE_KEY, SrtpTerms.UNSUPPORTED_PROFILE);

    /** What became of one SDP. */
    public enum Outcome {
        /** Anchored: the rewritten SDP is in {@link Result#sdp()}. */
        ANCHORED,
        /** Not an SDP we can read: the request is refused with 488. */
        NOT_ACCEPTABLE,
        /** No ports for any of its streams: 503, the calls already up keep theirs. */
        NO_PORTS
    }

    /**
     * @param sdp the anchored SDP, when {@link Outcome#ANCHORED}
     * @param warning why an offer is {@link Outcome#NOT_ACCEPTABLE} when the SRTP policy refuses
     *     it, for the 488's Warning (RFC 3261 §20.43); null otherwise
     */
    public record Result(Outcome outcome, String sdp, String warning) {

        Result(Outcome outcome, String sdp) {
            this(outcome, sdp, null);
        }
    }

    /** An offer and what it set, kept until answered (and after, for a repeated answer: 183, then 200). */
    private record Negotiation(Leg offerer, List<StreamPeer> peers, boolean silent,
            List<Optional<SrtpTerms.Stream>> terms) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RelaySession session;
    /** The addresses each leg's SDP names (media.*.advertise, else where the relay binds). */
    private final InetAddress outside;
    private final InetAddress inside;
    /** Every address of the SBC's media, bound or advertised: never a destination. */
    private final Set<InetAddress> own;
    /** The relay binds on loopback on both sides (a lab, the tests): loopback peers are real then. */
    private final boolean onLoopback;
    /**
     * The inside address when no outside address shares it, else null: the one own address the
     * inside leg may be sent to (a call hairpinned through the PBX, see {@link #mayReceive}).
     */
    private final InetAddress insideOnly;
    private final SrtpPolicy outsideSrtp;
    private final SrtpPolicy insideSrtp;
    /** The relay's own port range (media.ports): never a destination on the SBC's own address. */
    private final int relayPortMin;
    private final int relayPortMax;
    /** The SBC's SRTP keys, per leg (A, B) and stream: what the relay protects with towards that leg. */
    private final SrtpMasterKey[][] ours = new SrtpMasterKey[2][RelaySession.MAX_STREAMS];
    /** Per leg (A, B) and stream: the last answered offer left that leg on SRTP. */
    private final boolean[][] secured = new boolean[2][RelaySession.MAX_STREAMS];
    private final SdpOrigin towardsOutside = SdpOrigin.of(RANDOM);
    private final SdpOrigin towardsInside = SdpOrigin.of(RANDOM);
    /** Streams the relay holds ports for; only those are signalled. */
    private final BitSet allocated = new BitSet();
    private Negotiation pending;
    /** The last offer that was answered, which a repeated answer (183, then 200) answers again. */
    private Negotiation agreed;
    /** What the last offer/answer agreed: no stream carries media (a hold). */
    private boolean silent;
    private boolean early;

    CallMedia(RelaySession session, MediaAddresses addresses, SrtpPolicy outsideSrtp, SrtpPolicy insideSrtp,
            int relayPortMin, int relayPortMax) {
        this.session = session;
        this.relayPortMin = relayPortMin;
        this.relayPortMax = relayPortMax;
        this.outside = addresses.outsideAdvertised();
        this.inside = addresses.insideAdvertised();
        this.own = addresses.all();
        this.onLoopback = addresses.boundOnLoopback();
        this.insideOnly = addresses.insideOnly();
        this.outsideSrtp = outsideSrtp;
        this.insideSrtp = insideSrtp;
    }

    /**
     * An offer from the outside ({@code fromOutside}) or the inside, in {@code text}. The other
     * leg is offered SRTP or RTP per its own policy, with the SBC's own key.
     */
    public Result offer(boolean fromOutside, String text) {
        Leg from = MediaAnchoring.leg(fromOutside);
        Leg to = other(from);
        Optional<Sdp> sdp = Sdp.parse(text);
        if (sdp.isEmpty()) {
            return new Result(Outcome.NOT_ACCEPTABLE, null);
        }
        SrtpTerms.Offer terms = SrtpTerms.offer(sdp.get(), policy(from), policy(to), secured[to.ordinal()]);
        if (terms.refused()) {
            return new Result(Outcome.NOT_ACCEPTABLE, null, terms.refusal());
        }
        List<Optional<Profile>> profiles = new ArrayList<>();
        for (int i = 0; i < terms.streams().size(); i++) {
            MediaSection section = sdp.get().media().get(i);
            Optional<SrtpTerms.Stream> stream = i < RelaySession.MAX_STREAMS ? terms.streams().get(i)
                    : Optional.empty(); // beyond the relay's streams: declined, no key to make
            if (stream.isPresent() && echoes(from, i, stream.get().offererKey())) {
                return new Result(Outcome.NOT_ACCEPTABLE, null, SrtpTerms.NO_USABLE_KEY);
            }
            profiles.add(stream.isEmpty() ? Optional.empty() : Optional.of(offered(to, i, section, stream.get())));
        }
        Result result = rewriteFor(from, sdp.get(), List.of(), profiles);
        if (result.outcome() == Outcome.ANCHORED) {
            List<StreamPeer> peers = SdpAnchor.peers(sdp.get());
            pending = new Negotiation(from, peers, silent(sdp.get(), peers), terms.streams());
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
        Negotiation offer = pending != null ? pending : agreed;
        if (offer != null && offer.offerer() == from) {
            offer = null; // an "answer" from the offerer's own side answers nothing
        }
        int count = sdp.get().media().size();
        List<Optional<Profile>> profiles = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        SrtpMasterKey[] answererKeys = new SrtpMasterKey[count];
        for (int i = 0; i < count; i++) {
            Optional<SrtpTerms.Stream> terms = offer == null || i >= offer.terms().size()
                    || i >= RelaySession.MAX_STREAMS ? Optional.empty() : offer.terms().get(i);
            if (terms.isEmpty()) {
                profiles.add(Optional.empty());
                continue;
            }
            SrtpTerms.Stream t = terms.get();
            MediaSection section = sdp.get().media().get(i);
            if (t.answererSecure() && !section.declined()) {
                Optional<SdesCrypto> key = SrtpTerms.answerKey(section, t);
                if (key.isEmpty() || echoes(from, i, key.get())) {
                    failed.add(i); // offered SRTP, answered without a key we can use: not carried
                } else {
                    answererKeys[i] = key.get().masterKey();
                }
            }
            profiles.add(Optional.of(answered(offer.offerer(), i, t)));
        }
        Result result = rewriteFor(from, sdp.get(), failed, profiles);
        if (result.outcome() != Outcome.ANCHORED) {
            return result;
        }
        if (offer != null) {
            key(offer, from, answererKeys, failed);
        }
        List<StreamPeer> answered = SdpAnchor.peers(sdp.get());
        boolean offerSilent = false;
        if (offer != null) {
            signal(offer.offerer(), offer.peers(), failed);
            offerSilent = offer.silent();
        }
        signal(from, answered, failed);
        clock(sdp.get());
        silent = offerSilent || silent(sdp.get(), answered);
        this.early = early;
        session.hold(early || silent);
        if (offer != null) {
            agreed = offer;
        }
        pending = null;
        return result;
    }

    /** The call is answered: from now on, silence that is not a hold ends it after the timeout. */
    public void confirmed() {
        early = false;
        session.hold(silent);
    }

    /** The pending offer was refused: the media already running stays as it is. */
    public void rejected() {
        pending = null;
    }

    public void close() {
        session.close();
    }

    /**
     * {@code sdp} from {@code from}, as the other leg receives it: its ports, its address, each
     * stream's profile and key; the streams in {@code declined} are declined (port 0).
     */
    private Result rewriteFor(Leg from, Sdp sdp, List<Integer> declined, List<Optional<Profile>> profiles) {
        Leg to = other(from);
        List<Optional<LocalPorts>> ports = new ArrayList<>();
        boolean wanted = false;
        boolean got = false;
        for (int i = 0; i < sdp.media().size(); i++) {
            if (sdp.media().get(i).declined() || declined.contains(i)) {
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
        String rewritten = SdpAnchor.rewrite(sdp, to == Leg.A ? outside : inside, ports, profiles,
                to == Leg.A ? towardsOutside : towardsInside);
        return new Result(Outcome.ANCHORED, rewritten);
    }

    /** How stream {@code index} is offered to leg {@code to}: SRTP with our key for it, or plain RTP. */
    private Profile offered(Leg to, int index, MediaSection section, SrtpTerms.Stream terms) {
        return new Profile(section.proto(terms.answererSecure()), terms.answererSecure()
                ? Optional.of(SdesCrypto.of(SrtpTerms.OFFER_TAG, ours(to, index, terms.suite())))
                : Optional.empty());
    }

    /**
     * How stream {@code index} is answered to the offerer's leg: the proto it offered, and, when
     * it offered a key we took, ours under its tag (RFC 4568 §5.1.2).
     */
    private Profile answered(Leg offerer, int index, SrtpTerms.Stream terms) {
        return new Profile(terms.offerProto(), terms.offererSecure()
                ? Optional.of(SdesCrypto.of(terms.offererKey().tag(), ours(offerer, index, terms.suite())))
                : Optional.empty());
    }

    /**
     * The relay's SRTP keys for every stream of an answered offer: on each leg, what its peer
     * protects with (inbound) and ours towards it (outbound); none for plain RTP. A key that
     * did not change keeps its contexts (rollover counter, replay window).
     */
    private void key(Negotiation offer, Leg answerer, SrtpMasterKey[] answererKeys, List<Integer> failed) {
        for (int i = 0; i < offer.terms().size(); i++) {
            if (!allocated.get(i) || failed.contains(i)) {
                continue;
            }
            Optional<SrtpTerms.Stream> terms = offer.terms().get(i);
            SrtpTerms.Stream t = terms.orElse(null);
            boolean offererSecure = t != null && t.offererSecure();
            boolean answererSecure = t != null && t.answererSecure() && i < answererKeys.length
                    && answererKeys[i] != null;
            session.srtp(i, offer.offerer(), offererSecure ? t.offererKey().masterKey() : null,
                    offererSecure ? ours(offer.offerer(), i, t.suite()) : null);
            session.srtp(i, answerer, answererSecure ? answererKeys[i] : null,
                    answererSecure ? ours(answerer, i, t.suite()) : null);
            secured[offer.offerer().ordinal()][i] = offererSecure;
            secured[answerer.ordinal()][i] = answererSecure;
        }
    }

    /** The SBC's key towards {@code leg} on stream {@code index}: kept across re-offers while the suite holds. */
    private SrtpMasterKey ours(Leg leg, int index, SrtpSuite suite) {
        SrtpMasterKey key = ours[leg.ordinal()][index];
        if (key == null || key.suite() != suite) {
            key = SrtpMasterKey.generate(suite, RANDOM);
            ours[leg.ordinal()][index] = key;
        }
        return key;
    }

    /**
     * A peer that sends back the key we gave it: its packets and ours would share one keystream,
     * and ours reflected back to us would authenticate. Never from an honest peer.
     */
    private boolean echoes(Leg leg, int index, SdesCrypto key) {
        return key != null && index < RelaySession.MAX_STREAMS && key.masterKey().equals(ours[leg.ordinal()][index]);
    }

    /** Each carried stream's RTP clock, from the answer's first format, so jitter reads in real time. */
    private void clock(Sdp answer) {
        for (int i = 0; i < answer.media().size() && i < RelaySession.MAX_STREAMS; i++) {
            OptionalInt hertz = answer.media().get(i).clockRate();
            if (allocated.get(i) && hertz.isPresent() && hertz.getAsInt() >= 1000 && hertz.getAsInt() <= 192_000) {
                session.clockRate(i, hertz.getAsInt());
            }
        }
    }

    private SrtpPolicy policy(Leg leg) {
        return leg == Leg.A ? outsideSrtp : insideSrtp;
    }

    private static Leg other(Leg leg) {
        return leg == Leg.A ? Leg.B : Leg.A;
    }

    private void signal(Leg leg, List<StreamPeer> peers, List<Integer> failed) {
        for (int i = 0; i < peers.size(); i++) {
            if (!allocated.get(i) || failed.contains(i)) {
                continue; // declined, no ports for it when offered, or not carried
            }
            StreamPeer peer = peers.get(i);
            InetSocketAddress rtp = peer.rtp().filter(to -> mayReceive(leg, to)).orElse(null);
            session.peer(i, leg, rtp, rtp == null ? null : peer.rtcp().filter(to -> mayReceive(leg, to)).orElse(null));
        }
    }

    /**
     * Whether the relay may send media where an SDP says: never to the SBC's own media addresses
     * (a loop through the relay), multicast or link-local; to loopback only when the SBC's media
     * is on loopback itself. Anything else that an SDP names would let a caller aim the relay's
     * packets at a service on the SBC's own host.
     *
     * <p>On loopback every loopback port is a destination anyway, so the SBC's own address adds
     * nothing to refuse there but the relay's own ports (the loop); and IPv6 has one loopback
     * address, {@code ::1}, which an SBC on loopback shares with every peer it talks to.
     *
     * <p>One exception: the inside leg may be sent to the inside address when that is not also an
     * outside one. A call from one outside phone to another through the PBX (a registrar) is two
     * calls through the SBC, and the PBX hands each the other's inside SDP: leg B of one sends to
     * leg B of the other. That cannot loop: a packet entering a leg B port leaves by that session's
     * leg A, whose peer is never an own address. Only the PBX's SDP sets leg B's peer.
     */
    private boolean mayReceive(Leg leg, InetSocketAddress to) {
        InetAddress address = to.getAddress();
        if (address == null || address.isMulticastAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()) {
            return false;
        }
        if (leg == Leg.B && address.equals(insideOnly)) {
            return true;
        }
        if (own.contains(address)) {
            return onLoopback && address.isLoopbackAddress()
                    && (to.getPort() < relayPortMin || to.getPort() > relayPortMax);
        }
        return !address.isLoopbackAddress() || onLoopback;
    }

    /**
     * No stream of {@code sdp} is owed media both ways: each is declined, pointed at no address
     * (the old hold, RFC 2543), or not {@code sendrecv} at its own level or the session's
     * ({@code sendonly}, {@code recvonly}: a hold, RFC 3264 §8.4 and RFC 6337 §5.1; or
     * {@code inactive}). Silence is then agreed: the holder may play music, but most send nothing,
     * and that must not end the call as a vanished phone would.
     */
    private static boolean silent(Sdp sdp, List<StreamPeer> peers) {
        String sessionDirection = direction(sdp.sessionLines()).orElse("a=sendrecv");
        for (int i = 0; i < peers.size(); i++) {
            MediaSection section = sdp.media().get(i);
            if (section.declined()) {
                continue;
            }
            boolean bothWays = direction(section.lines()).orElse(sessionDirection).equals("a=sendrecv");
            if (bothWays && peers.get(i).rtp().isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** The first direction attribute among {@code lines}; none means sendrecv (RFC 3264 §5.1). */
    private static Optional<String> direction(List<String> lines) {
        return lines.stream().filter(DIRECTIONS::contains).findFirst();
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
