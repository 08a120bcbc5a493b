package org.sbc.core.edge.pressure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sbc.core.testing.SipMessages;

class RawNewRequestTest {

    @Test
    void readsANewInviteAndWhereItsHeaderBlockEnds() {
        String text = "\r\n" + SipMessages.request("INVITE", "sip:100@192.0.2.10").body("v=0\r\n").text();

        RawNewRequest request = RawNewRequest.read(bytes(text));

        assertNotNull(request);
        assertEquals(2, request.start(), "leading CRLF skipped, as the decoder does");
        assertEquals(text.indexOf("\r\n\r\n", 2) + 4, request.headerEnd());
        assertTrue(request.opensDialog());
    }

    @Test
    void subscribeOpensADialogAndRegisterDoesNot() {
        assertTrue(RawNewRequest.read(SipMessages.request("SUBSCRIBE", "sip:100@192.0.2.10").bytes()).opensDialog());
        assertFalse(RawNewRequest.read(SipMessages.request("REGISTER", "sip:192.0.2.10").bytes()).opensDialog());
    }

    @Test
    void aToTagInAnyFormMeansNotNew() {
        SipMessages invite = SipMessages.request("INVITE", "sip:100@192.0.2.10");
        assertNull(RawNewRequest.read(invite.header("To", "<sip:100@192.0.2.10>;tag=1").bytes()));
        assertNull(RawNewRequest.read(invite.header("To", "<sip:100@192.0.2.10> ; TAG = 1").bytes()));
        assertNull(RawNewRequest.read(SipMessages.request("INVITE", "sip:100@192.0.2.10").without("To")
                .line("t: <sip:100@192.0.2.10>;tag=1").bytes()), "the compact name");
        assertNull(RawNewRequest.read(SipMessages.request("INVITE", "sip:100@192.0.2.10").without("To")
                .line("To : <sip:100@192.0.2.10>\r\n ;tag=1").bytes()), "on a folded line");
    }

    @Test
    void aTagElsewhereIsNoMatter() {
        assertNotNull(RawNewRequest.read(SipMessages.request("INVITE", "sip:100@192.0.2.10")
                .line("Timestamp: 1").line("X-Tag: tag").bytes()));
    }

    @Test
    void otherMethodsResponsesAndIncompleteOrOddlyCasedRequestsAreNotReadAsNew() {
        assertNull(RawNewRequest.read(SipMessages.options().bytes()));
        assertNull(RawNewRequest.read(SipMessages.request("BYE", "sip:100@192.0.2.10").bytes()));
        assertNull(RawNewRequest.read(SipMessages.response().bytes()));
        assertNull(RawNewRequest.read(bytes("invite sip:100@192.0.2.10 SIP/2.0\r\nTo: <sip:a@b>\r\n\r\n")),
                "methods are case-sensitive");
        assertNull(RawNewRequest.read(bytes("INVITEX sip:100@192.0.2.10 SIP/2.0\r\n\r\n")));
        assertNull(RawNewRequest.read(bytes("INVITE sip:100@192.0.2.10 SIP/2.0\r\nTo: <sip:a@b>\r\n")), "no blank line");
        assertNull(RawNewRequest.read(bytes("")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
