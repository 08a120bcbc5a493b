package org.sbc.core.codec;

import static java.util.Objects.requireNonNull;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sip.header.MaxForwardsHeader;
import org.sbc.core.sip.SecurityLabels;

/**
 * A SIP message as every part of the SBC outside {@code codec/} sees it: plain values (texts,
 * numbers, {@link SipUri}, {@link NameAddress}), never a parser's object model. This is the one
 * place that knows which parser reads SIP (JAIN-SIP today), so that how much of a message is
 * parsed, and when, can change here alone.
 *
 * <p>Header lookups take the full name as RFC 3261 spells it; a header received in its compact
 * form ({@code v}, {@code f}, {@code i}, ...) is found under its full name.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {

    final SIPMessage tree;

    SipMessage(SIPMessage tree) {
        this.tree = requireNonNull(tree, "tree");
    }

    public abstract boolean isRequest();

    /** The Call-ID, or {@code null} when the message has none (the sanity step drops those). */
    public String callId() {
        return tree.getCallId() == null ? null : tree.getCallId().getCallId();
    }

    /** The CSeq number; only meaningful when {@link #hasMandatoryHeaders()}. */
    public long cseq() {
        return tree.getCSeq().getSeqNumber();
    }

    /** The CSeq method; only meaningful when {@link #hasMandatoryHeaders()}. */
    public String cseqMethod() {
        return tree.getCSeq().getMethod();
    }

    /** Via, From, To, Call-ID and CSeq, the headers a response must echo, are all there. */
    public boolean hasMandatoryHeaders() {
        return tree.getTopmostVia() != null && tree.getFrom() != null && tree.getTo() != null
                && tree.getCallId() != null && tree.getCSeq() != null;
    }

    public Optional<NameAddress> from() {
        return Optional.ofNullable(tree.getFrom()).map(from -> NameAddress.of(from.getAddress(), from.getTag()));
    }

    public Optional<NameAddress> to() {
        return Optional.ofNullable(tree.getTo()).map(to -> NameAddress.of(to.getAddress(), to.getTag()));
    }

    /** The topmost Via, if any. */
    public Optional<ViaHop> topVia() {
        Via via = tree.getTopmostVia();
        if (via == null) {
            return Optional.empty();
        }
        return Optional.of(new ViaHop(via.getTransport(), via.getHost(), via.getPort(), via.hasParameter(Via.RPORT),
                Optional.ofNullable(via.getBranch())));
    }

    /** Max-Forwards, when present. */
    public OptionalInt maxForwards() {
        MaxForwardsHeader header = (MaxForwardsHeader) tree.getHeader(MaxForwardsHeader.NAME);
        return header == null ? OptionalInt.empty() : OptionalInt.of(header.getMaxForwards());
    }

    /** The value of the first header called {@code name}, as text. */
    public Optional<String> header(String name) {
        return tree.getHeader(name) instanceof SIPHeader header ? Optional.ofNullable(header.getHeaderValue())
                : Optional.empty();
    }

    /** The values of every header called {@code name}, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> headers = tree.getHeaders(name);
        while (headers != null && headers.hasNext()) {
            if (headers.next() instanceof SIPHeader header && header.getHeaderValue() != null) {
                values.add(header.getHeaderValue());
            }
        }
        return values;
    }

    /** The body as received; empty when there is none. */
    public byte[] body() {
        byte[] body = tree.getRawContent();
        return body == null ? new byte[0] : body;
    }

    /** What the edge steps decided about this message so far ({@link SecurityLabels#NONE} before any). */
    public SecurityLabels labels() {
        return tree.getApplicationData() instanceof SecurityLabels labels ? labels : SecurityLabels.NONE;
    }

    /**
     * Replaces the labels; by the edge steps, on the channel's event loop, before the message is
     * handed on (the hand-over publishes them).
     */
    public void labels(SecurityLabels labels) {
        tree.setApplicationData(requireNonNull(labels, "labels"));
    }

    /**
     * JAIN-SIP's object model of this message, for the B2BUA until it reads this type instead
     * (issue 9 moves it over, then this accessor goes). Nothing new may call it.
     */
    public SIPMessage jainTree() {
        return tree;
    }

    /**
     * The message of a JAIN-SIP tree the B2BUA built or holds, for the steps that read this
     * type; the counterpart of {@link #jainTree()}, and transitional like it.
     */
    public static SipMessage of(SIPMessage tree) {
        return tree instanceof gov.nist.javax.sip.message.SIPRequest request ? new SipRequest(request)
                : new SipResponse((gov.nist.javax.sip.message.SIPResponse) tree);
    }
}
