package org.sbc.core.b2bua.dialog;

import gov.nist.javax.sip.header.RecordRoute;
import gov.nist.javax.sip.header.RecordRouteList;
import gov.nist.javax.sip.header.Route;
import gov.nist.javax.sip.header.RouteList;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sip.address.Address;
import javax.sip.address.URI;
import org.sbc.core.b2bua.SipSide;
import org.sbc.core.b2bua.Target;

/**
 * One side of a call: the dialog state the SBC keeps as a user agent towards one peer (RFC 3261
 * §12). The two legs of a call share nothing but the Call object that joins them: no Call-ID,
 * tag, Via, Contact or route of one leg ever appears on the other.
 */
public final class Leg {

    private final SipSide side;
    private final Target peer;
    private final String callId;
    private final Address localAddress;
    private final Address remoteAddress;
    private String localTag;
    private volatile String remoteTag;
    private long localCseq;
    private long lastInviteCseq;
    private URI remoteTarget;
    private List<Route> routeSet = List.of();
    private String handle;

    public Leg(SipSide side, Target peer, String callId, Address localAddress, String localTag,
            Address remoteAddress, String remoteTag, long firstCseq) {
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

    public Address localAddress() {
        return localAddress;
    }

    public Address remoteAddress() {
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

    public URI remoteTarget() {
        return remoteTarget;
    }

    public void remoteTarget(URI target) {
        this.remoteTarget = target;
    }

    public List<Route> routeSet() {
        return routeSet;
    }

    /**
     * The route set from a message's Record-Route (RFC 3261 §12.1): in order when we are the
     * UAS of this leg, reversed when we are its UAC.
     */
    public void routeSetFrom(SIPMessage message, boolean weAreUac) {
        RecordRouteList recordRoutes = message.getRecordRouteHeaders();
        if (recordRoutes == null || recordRoutes.isEmpty()) {
            routeSet = List.of();
            return;
        }
        List<Route> routes = new ArrayList<>();
        for (RecordRoute recordRoute : recordRoutes) {
            Route route = new Route();
            route.setAddress((Address) recordRoute.getAddress().clone());
            routes.add(route);
        }
        if (weAreUac) {
            Collections.reverse(routes);
        }
        routeSet = List.copyOf(routes);
    }

    /** A route set known from elsewhere: a call rebuilt from its dialog handle. */
    public void routeSet(List<Route> routes) {
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

    public RouteList routeHeaders() {
        RouteList list = new RouteList();
        for (Route route : routeSet) {
            list.add((Route) route.clone());
        }
        return list;
    }
}
