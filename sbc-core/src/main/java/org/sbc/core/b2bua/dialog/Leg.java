package org.sbc.core.b2bua.dialog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sbc.core.b2bua.Target;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.codec.SipUri;
import org.sbc.core.sip.SipSide;

/**
 * One side of a call: the dialog state the SBC keeps as a user agent towards one peer (RFC 3261
 * §12). The two legs of a call share nothing but the Call object that joins them: no Call-ID,
 * tag, Via, Contact or route of one leg ever appears on the other.
 */
public final class Leg {

    private final SipSide side;
    private final Target peer;
    private final String callId;
    private NameAddress localAddress;
    private NameAddress remoteAddress;
    private String localTag;
    private volatile String remoteTag;
    private long localCseq;
    private long lastInviteCseq;
    private SipUri remoteTarget;
    private List<NameAddress> routeSet = List.of();
    private String handle;

    public Leg(SipSide side, Target peer, String callId, NameAddress localAddress, String localTag,
            NameAddress remoteAddress, String remoteTag, long firstCseq) {
        this.side = side;
        this.peer = peer;
        this.callId = callId;
        this.localAddress = localAddress;
        this.localTag = localTag;
        this.remoteAddress = remoteAddress;
        this.remoteTag = remoteTag;
        this.localCseq = firstCseq;
    }

    public SipSide side() {
        return side;
    }

    /** Where requests to this leg's peer go: for phones, the flow they reached us on. */
    public Target peer() {
        return peer;
    }

    public String callId() {
        return callId;
    }

    public String localTag() {
        return localTag;
    }

    public void localTag(String tag) {
        this.localTag = tag;
    }

    public String remoteTag() {
        return remoteTag;
    }

    public void remoteTag(String tag) {
        this.remoteTag = tag;
    }

    public NameAddress localAddress() {
        return localAddress;
    }

    public NameAddress remoteAddress() {
        return remoteAddress;
    }

    public long nextCseq() {
        return ++localCseq;
    }

    public long localCseq() {
        return localCseq;
    }

    public long lastInviteCseq() {
        return lastInviteCseq;
    }

    public void lastInviteCseq(long cseq) {
        this.lastInviteCseq = cseq;
    }

    public SipUri remoteTarget() {
        return remoteTarget;
    }

    public void remoteTarget(SipUri target) {
        this.remoteTarget = target;
    }

    /**
     * Keeps the addresses, the remote target and the route set as text from now on, parsed again
     * when a request is built on this leg: for a confirmed call, which may send nothing more until
     * its BYE (issue 9: an established call keeps what its dialogs need, not parsed messages).
     */
    public void compact() {
        localAddress = localAddress.compacted();
        remoteAddress = remoteAddress.compacted();
        if (remoteTarget != null) {
            remoteTarget = remoteTarget.compacted();
        }
        if (!routeSet.isEmpty()) {
            routeSet = routeSet.stream().map(NameAddress::compacted).toList();
        }
    }

    public List<NameAddress> routeSet() {
        return routeSet;
    }

    /**
     * The route set from a message's Record-Route (RFC 3261 §12.1): in order when we are the
     * UAS of this leg, reversed when we are its UAC.
     */
    public void routeSetFrom(SipMessage message, boolean weAreUac) {
        List<NameAddress> recordRoutes = message.recordRoutes();
        if (recordRoutes.isEmpty()) {
            routeSet = List.of();
            return;
        }
        List<NameAddress> routes = new ArrayList<>(recordRoutes);
        if (weAreUac) {
            Collections.reverse(routes);
        }
        routeSet = List.copyOf(routes);
    }

    /** A route set known from elsewhere: a call rebuilt from its dialog handle. */
    public void routeSet(List<NameAddress> routes) {
        this.routeSet = List.copyOf(routes);
    }

    /**
     * The CSeq for a request relayed from one whose CSeq is {@code relayed}: the same number
     * when it is ahead of ours, so that a node that rebuilds this leg from a handle (knowing
     * nothing of the requests sent before) still sends a higher CSeq than those it never saw.
     */
    public long cseqFor(long relayed) {
        localCseq = relayed > localCseq ? relayed : localCseq + 1;
        return localCseq;
    }

    /** The dialog handle in our Contact on this leg, once one was given. */
    public String handle() {
        return handle;
    }

    public void handle(String handle) {
        this.handle = handle;
    }
}
