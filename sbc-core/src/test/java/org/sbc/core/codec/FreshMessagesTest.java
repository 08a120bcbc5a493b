package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An empty message from {@code fresh()} is what JAIN-SIP's constructor makes, and owns what is added to it. */
class FreshMessagesTest {

    @Test
    void aFreshMessageHoldsOnlyAContentLengthOfZero() {
        for (SIPMessage fresh : List.of(QuickAttachRequest.fresh(), QuickAttachResponse.fresh())) {
            SIPMessage constructed = fresh instanceof SIPRequest ? new SIPRequest() : new SIPResponse();
            assertEquals(names(constructed), names(fresh));
            assertEquals(0, fresh.getContentLength().getContentLength());
            assertNull(fresh.getCallId());
        }
    }

    @Test
    void whatIsAddedToOneFreshMessageStaysInIt() throws Exception {
        QuickAttachRequest first = QuickAttachRequest.fresh();
        first.setHeader(new CallID("one@192.0.2.1"));
        first.addUnparsed("X-Odd: (");
        QuickAttachRequest second = QuickAttachRequest.fresh();
        assertNotSame(first, second);
        assertNull(second.getCallId());
        assertFalse(second.getUnrecognizedHeaders().hasNext());
        assertTrue(first.getUnrecognizedHeaders().hasNext());

        QuickAttachResponse response = QuickAttachResponse.fresh();
        response.addUnparsed("X-Odd: (");
        assertFalse(QuickAttachResponse.fresh().getUnrecognizedHeaders().hasNext());
    }

    @Test
    void aCopyOfAMessageKeepsItsUnparsedLinesApart() {
        QuickAttachRequest original = QuickAttachRequest.fresh();
        original.addUnparsed("X-Odd: (");
        QuickAttachRequest copy = (QuickAttachRequest) original.clone();
        copy.addUnparsed("X-Other: )");
        assertEquals(List.of("X-Odd: ("), lines(original));
        assertEquals(List.of("X-Odd: (", "X-Other: )"), lines(copy));
    }

    private static List<String> names(SIPMessage message) {
        List<String> names = new ArrayList<>();
        message.getHeaders().forEachRemaining(header -> names.add(header.getName()));
        return names;
    }

    private static List<String> lines(SIPMessage message) {
        List<String> lines = new ArrayList<>();
        message.getUnrecognizedHeaders().forEachRemaining(lines::add);
        return lines;
    }
}
