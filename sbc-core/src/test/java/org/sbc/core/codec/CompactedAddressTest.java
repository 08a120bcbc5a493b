package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A compacted address or URI is the same value, kept as text: what a confirmed call's legs hold. */
class CompactedAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "<sip:alice@192.168.1.20:5062>",
        "\"Alice\" <sip:alice@caller.example>",
        "\"J\u00fcrgen M\u00fcller\" <sip:j%C3%BCrgen@example.com;transport=tcp>",
        "<sips:bob@[2001:db8::1]:5061;lr>",
        "<sip:+4930123@gw.example;user=phone?Subject=hi>",
        "<tel:+1-201-555-0123>",
    })
    void anAddressKeepsItsTextDisplayNameUriAndTag(String text) {
        NameAddress parsed = NameAddress.parse(text);
        NameAddress compact = parsed.compacted();
        assertEquals(parsed.encode(), compact.encode());
        assertEquals(parsed.displayName(), compact.displayName());
        assertEquals(parsed.uri().map(SipUri::toString), compact.uri().map(SipUri::toString));
        assertEquals(parsed, compact);
        assertEquals(parsed.encode(), compact.compacted().encode(), "compacting twice is compacting once");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sip:alice@192.168.1.20:5062",
        "sips:bob@[2001:db8::1]:5061;transport=tls",
        "sip:j%C3%BCrgen@example.com;maddr=10.0.0.1",
        "tel:+1-201-555-0123",
    })
    void aUriKeepsItsTextAndParts(String text) {
        SipUri parsed = SipUri.parse(text);
        SipUri compact = parsed.compacted();
        assertEquals(parsed.toString(), compact.toString());
        assertEquals(parsed.user(), compact.user());
        assertEquals(parsed.host(), compact.host());
        assertEquals(parsed.port(), compact.port());
        assertEquals(parsed.telNumber(), compact.telNumber());
        assertEquals(parsed, compact);
    }
}
