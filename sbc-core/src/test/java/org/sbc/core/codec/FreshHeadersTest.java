package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.Via;
import org.junit.jupiter.api.Test;

/** A fresh header is what its constructor makes, and filling one leaves the next untouched. */
class FreshHeadersTest {

    @Test
    void aFreshHeaderFilledEncodesLikeANewOneFilledTheSameWay() throws Exception {
        assertEquals(filled(new Via()).encode(), filled(FreshHeaders.via()).encode());
        assertEquals(filled(new From()).encode(), filled(FreshHeaders.from()).encode());
        assertEquals(filled(new Contact()).encode(), filled(FreshHeaders.contact()).encode());
        CallID callId = FreshHeaders.callId();
        callId.setCallId("abc@192.0.2.3");
        assertEquals(new CallID("abc@192.0.2.3").encode(), callId.encode());
        CSeq cseq = FreshHeaders.cseq();
        cseq.setSeqNumber(7);
        cseq.setMethod("INVITE");
        assertEquals(new CSeq(7, "INVITE").encode(), cseq.encode());
        MaxForwards maxForwards = FreshHeaders.maxForwards();
        maxForwards.setMaxForwards(70);
        assertEquals(new MaxForwards(70).encode(), maxForwards.encode());
        ContentLength contentLength = FreshHeaders.contentLength();
        contentLength.setContentLength(129);
        assertEquals(new ContentLength(129).encode(), contentLength.encode());
    }

    @Test
    void fillingAFreshHeaderLeavesTheNextOneEmpty() throws Exception {
        Via via = FreshHeaders.via();
        via.setTransport("TCP");
        via.setHost("192.0.2.1");
        via.setPort(5070);
        via.setBranch("z9hG4bK-one");
        via.setParameter("rport", "5070");
        Via next = FreshHeaders.via();
        assertNotSame(via, next);
        assertNull(next.getHost());
        assertNull(next.getBranch());
        assertEquals(-1, next.getRPort());

        From from = FreshHeaders.from();
        AddressImpl address = new AddressImpl();
        SipUri uri = new SipUri();
        uri.setUser("alice");
        uri.setHost("192.0.2.2");
        address.setURI(uri);
        from.setAddress(address);
        from.setTag("t1");
        From nextFrom = FreshHeaders.from();
        assertNull(nextFrom.getAddress());
        assertNull(nextFrom.getTag());
        assertTrue(!nextFrom.hasParameters());

        Contact contact = FreshHeaders.contact();
        contact.setParameter("expires", "60");
        assertTrue(!FreshHeaders.contact().hasParameters());

        CSeq cseq = FreshHeaders.cseq();
        cseq.setSeqNumber(7);
        cseq.setMethod("INVITE");
        assertNull(FreshHeaders.cseq().getMethod());

        CallID callId = FreshHeaders.callId();
        callId.setCallId("abc@192.0.2.3");
        assertEquals(new CallID().getCallId(), FreshHeaders.callId().getCallId());
    }

    private static Via filled(Via via) throws Exception {
        via.setTransport("UDP");
        via.setHost("192.0.2.1");
        via.setPort(5060);
        via.setBranch("z9hG4bK-1");
        via.setParameter("rport", null);
        return via;
    }

    private static <T extends gov.nist.javax.sip.header.AddressParametersHeader> T filled(T header) throws Exception {
        AddressImpl address = new AddressImpl();
        SipUri uri = new SipUri();
        uri.setUser("alice");
        uri.setHost("192.0.2.2");
        address.setURI(uri);
        address.setDisplayName("Alice");
        header.setAddress(address);
        header.setParameter("tag", "t1");
        header.setParameter("x", "y");
        return header;
    }
}
