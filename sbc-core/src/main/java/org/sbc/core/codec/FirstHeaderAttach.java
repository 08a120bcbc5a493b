package org.sbc.core.codec;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderNamesCache;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.message.ListMap;
import gov.nist.javax.sip.message.SIPMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Attaches the first header of a name to a JAIN-SIP message in one lookup of its header table
 * instead of five ({@link QuickAttachRequest}, {@link QuickAttachResponse}).
 *
 * <p>{@code SIPMessage.attachHeader} lower-cases the name through its cache twice, asks the table
 * twice whether the name is there and looks the header up once more to unlink an earlier one,
 * for every header a message is parsed or built with (about 5 % of the call benchmark's samples).
 * When the name is not in the table yet, which is every header of a plain message, all of that
 * ends in the same steps, taken here: the header goes into the table and the list, and the typed
 * field of its kind is set. The fields are {@code SIPMessage}'s own (protected), reached through
 * variable handles so that the request and the response share this one copy of the steps.
 */
final class FirstHeaderAttach {

    private static final VarHandle TABLE;
    private static final VarHandle LIST;
    private static final VarHandle FROM;
    private static final VarHandle TO;
    private static final VarHandle CSEQ;
    private static final VarHandle CALL_ID;
    private static final VarHandle CONTENT_LENGTH;
    private static final VarHandle MAX_FORWARDS;

    static {
        try {
            MethodHandles.Lookup message = MethodHandles.privateLookupIn(SIPMessage.class, MethodHandles.lookup());
            TABLE = message.findVarHandle(SIPMessage.class, "headerTable", Map.class);
            LIST = message.findVarHandle(SIPMessage.class, "headers", ConcurrentLinkedQueue.class);
            FROM = message.findVarHandle(SIPMessage.class, "fromHeader", From.class);
            TO = message.findVarHandle(SIPMessage.class, "toHeader", To.class);
            CSEQ = message.findVarHandle(SIPMessage.class, "cSeqHeader", CSeq.class);
            CALL_ID = message.findVarHandle(SIPMessage.class, "callIdHeader", CallID.class);
            CONTENT_LENGTH = message.findVarHandle(SIPMessage.class, "contentLengthHeader", ContentLength.class);
            MAX_FORWARDS = message.findVarHandle(SIPMessage.class, "maxForwardsHeader", MaxForwards.class);
        } catch (ReflectiveOperationException e) {
            // The JAIN-SIP version is pinned; a build where these moved must fail at once, not parse wrongly.
            throw new ExceptionInInitializerError(e);
        }
    }

    private FirstHeaderAttach() {}

    /**
     * Attaches {@code header} when no header of its name is in {@code message} yet and JAIN-SIP
     * would not wrap it in a list first, exactly as {@code attachHeader} would; false, with
     * nothing changed, otherwise (JAIN-SIP's own path then runs).
     */
    @SuppressWarnings("unchecked")
    static boolean attached(SIPMessage message, SIPHeader header) {
        // hasList: a single header JAIN-SIP wraps in a list of its kind first (never true of a list).
        if (header == null || ListMap.hasList(header)) {
            return false;
        }
        String name = SIPHeaderNamesCache.toLowerCase(header.getName());
        if (((Map<String, SIPHeader>) TABLE.get(message)).putIfAbsent(name, header) != null) {
            return false;
        }
        // Each handle is called with exactly its own types (the cast names the return type):
        // anything looser goes through a generic adapter on every call.
        ((ConcurrentLinkedQueue<SIPHeader>) LIST.get(message)).add(header);
        if (header instanceof From from) {
            FROM.set(message, from);
        } else if (header instanceof ContentLength length) {
            CONTENT_LENGTH.set(message, length);
        } else if (header instanceof To to) {
            TO.set(message, to);
        } else if (header instanceof CSeq cseq) {
            CSEQ.set(message, cseq);
        } else if (header instanceof CallID callId) {
            CALL_ID.set(message, callId);
        } else if (header instanceof MaxForwards maxForwards) {
            MAX_FORWARDS.set(message, maxForwards);
        }
        return true;
    }
}
