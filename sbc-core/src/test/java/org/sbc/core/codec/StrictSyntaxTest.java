package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.config.Limits;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.core.testing.SipMessages;

class StrictSyntaxTest {

    private static Problem check(SipMessages message) {
        byte[] bytes = message.bytes();
        HeaderBlockScan scan = new HeaderBlockScanner(Limits.DEFAULT).scan(bytes);
        assertNull(scan.problem(), "the scanner lets these through: the checks here are what it does not see");
        return StrictSyntax.check(bytes, scan);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "Call-ID | multi01.98asdh@192.0.2.2", // RFC 4475 §3.3.8 (multi01)
        "i       | multi01.98asdh@192.0.2.2",
        "From    | sip:caller@example.net;tag=2923420123",
        "t       | sip:other@example.net",
        "CSeq    | 59 OPTIONS",
        "Max-Forwards | 70",
        "CALL-ID | another@192.0.2.2",   // header names are case-insensitive (RFC 3261 §7.3.1)
        "I       | another@192.0.2.2",
        "fRoM    | sip:caller@example.net;tag=2",
        "cseq    | 60 OPTIONS",
        "MAX-FORWARDS | 69"})
    void refusesASingleValuedHeaderTwice(String name, String value) {
        assertEquals(Problem.DUPLICATE_HEADER, check(SipMessages.options().add(name.strip(), value.strip())));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Contact", "Via", "Route"})
    void acceptsListHeadersTwice(String name) {
        assertNull(check(SipMessages.options().add(name, "<sip:a@example.com>").add(name, "<sip:b@example.com>")
                .header("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK1")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "sip:user@example.com?Route=%3Csip:example.com%3E", // RFC 4475 escruri
        "sip:2001:db8::10", // RFC 5118 ipv6-bad
        "sip:user@[2001:db8:::192.0.2.1]", // RFC 5118 ipv6-bug-abnf-3-colons
        "sip:user@[192.0.2.1]"})
    void refusesRequestUri(String uri) {
        assertEquals(Problem.BAD_REQUEST_URI, check(SipMessages.options().requestUri(uri)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sip:user@[2001:db8::192.0.2.1]", "sip:[2001:db8::10:5070]", "sip:[2001:db8::10]:5070",
        "sip:sips%3Auser%40example.com@example.net", "sip:user;par=u%40example.net@example.com", "tel:+1555?x",
        "sip:127.0.0.1:5060;transport=udp"})
    void acceptsRequestUri(String uri) {
        assertNull(check(SipMessages.options().requestUri(uri)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "Contact | sip:user@example.com?Route=%3Csip:sip.example.com%3E", // RFC 4475 regbadct
        "To      | \"Watson, Thomas\" < sip:t.watson@example.org >", // RFC 4475 badaspec
        "To      | Watson, Thomas <sip:t.watson@example.org>", // RFC 4475 baddn
        "From    | Bell, Alexander <sip:a.g.bell@example.com>;tag=43",
        "From    | \"Bell\" sip:a@example.com;tag=1",
        "Contact | <sip:a@example.com>, sip:b@example.com?x=y"})
    void refusesAddress(String header, String value) {
        assertEquals(Problem.MALFORMED_ADDRESS, check(SipMessages.options().header(header.strip(), value.strip())));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "To      | \"Watson, Thomas\" <sip:t.watson@example.org>",
        "From    | \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>;tag=98asjd8",
        "From    | J\u00fcrgen M\u00fcller <sip:j@example.com>;tag=1",
        "To      | sip:user@example.com ;   tag    = 1918181833n",
        "To      | isbn:2983792873",
        "Contact | <sip:user@example.com?Route=%3Csip:sip.example.com%3E>",
        "Contact | \"Quoted, Name\" <sip:a@example.com>;expires=1, <sip:b@example.com>",
        "Contact | *"})
    void acceptsAddress(String header, String value) {
        assertNull(check(SipMessages.options().header(header.strip(), value.strip())));
    }
}
