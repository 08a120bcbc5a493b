package org.sbc.core.codec;

import gov.nist.core.Host;
import gov.nist.core.HostPort;
import gov.nist.core.NameValue;
import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.AddressParametersHeader;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.ParametersHeader;
import gov.nist.javax.sip.header.Protocol;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPObject;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.header.ViaList;
import java.text.ParseException;
import java.util.Set;
import javax.sip.InvalidArgumentException;

/**
 * JAIN-SIP's parse of a header or start line in the plain shape phones and PBXes send, built
 * without its lexer: a Via of one hop, a From, To or single Contact with a {@code sip:} or
 * {@code sips:} URI (in brackets, with or without a display name, or bare), a Call-ID, CSeq,
 * Max-Forwards or Content-Length without stray blanks, a request line for a SIP URI and a
 * status line; and, for a dialog's state kept as text, an address or URI of its own.
 *
 * <p>JAIN-SIP's lexer looks names up in keyword tables, copies every line into a character array
 * and makes a token object per step; this reads the characters once and calls the same
 * constructors and setters JAIN-SIP's parsers call, with the same arguments. It accepts a line only when every
 * part is in a character set that JAIN-SIP's parser reads the same way (ASCII only, no escapes,
 * no quoting inside a URI, no blanks but the single ones the shape has), and answers null for
 * anything else: that line then takes JAIN-SIP's own path, so what is accepted and refused, and
 * every parse, stays JAIN-SIP's ({@code PlainLineParserTest} compares the two field by field).
 */
final class PlainLineParser {

    /** The header shapes this reads. */
    enum Shape { VIA, FROM, TO, CONTACT, CALL_ID, CSEQ, MAX_FORWARDS, CONTENT_LENGTH }

    private static final String SIP_VERSION = "SIP/2.0";
    private static final String[] COMMON_PARAMETERS = {"tag", "branch", "rport", "received", "lr", "transport"};
    /**
     * The methods read here. JAIN-SIP's lexer takes a method name that is also a header keyword
     * (a compact form such as {@code O}, or {@code TO}) for that keyword and refuses the line.
     */
    private static final Set<String> METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
            "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE", "INFO", "REFER", "UPDATE");
    private static final byte HOST = 1;
    private static final byte URI = 2;
    private static final byte TOKEN = 4;
    private static final byte DISPLAY_TOKEN = 8;
    private static final byte QUOTABLE = 16;
    /** What each ASCII character may be part of here; nothing above ASCII is read here at all. */
    private static final byte[] CLASSES = classes();
    /** The closer of a URI outside brackets in a header, whose parameters belong to the header. */
    private static final char BARE = 0;
    /** The closer of a URI or address that is a text of its own: the end of the text. */
    private static final char WHOLE = 1;
    private static final int MAX_NUMBER_DIGITS = 9;
    private static final int MAX_PORT_DIGITS = 5;

    private final String line;
    private final int end;
    private int at;

    private PlainLineParser(String line, int from) {
        this.line = line;
        this.end = line.length();
        this.at = from;
    }

    /** The header's parse, or null when the line is not in its plain shape. */
    static SIPHeader header(Shape shape, String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return null;
        }
        PlainLineParser in = new PlainLineParser(line, colon + 1);
        in.skipBlanks();
        try {
            return switch (shape) {
                case VIA -> in.via();
                case FROM -> in.addressed(FreshHeaders.from());
                case TO -> in.addressed(new To());
                case CONTACT -> in.contact();
                case CALL_ID -> in.callId();
                case CSEQ -> in.cseq();
                case MAX_FORWARDS -> in.maxForwards();
                case CONTENT_LENGTH -> in.contentLength();
            };
        } catch (ParseException | InvalidArgumentException | IllegalArgumentException e) {
            // A value a setter refuses (a Max-Forwards above 255): JAIN-SIP's path reports it.
            return null;
        }
    }

    /** The value of a Content-Length line in its plain shape (digits alone), or -1. */
    static int contentLengthValue(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return -1;
        }
        PlainLineParser in = new PlainLineParser(line, colon + 1);
        in.skipBlanks();
        return in.numberToTheEnd();
    }

    /** The start line's parse (a {@link RequestLine} or {@link StatusLine}), or null. */
    static SIPObject startLine(String line) {
        PlainLineParser in = new PlainLineParser(line, 0);
        try {
            return line.startsWith(SIP_VERSION) ? in.statusLine() : in.requestLine();
        } catch (ParseException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What JAIN-SIP's address factory makes of {@code text} (an address as a dialog keeps it, its
     * own encoding), or null when the text is not in the plain shape.
     */
    static AddressImpl address(String text) {
        PlainLineParser in = new PlainLineParser(text, 0);
        try {
            AddressImpl address = in.address(WHOLE);
            return address != null && in.at == in.end ? address : null;
        } catch (ParseException | IllegalArgumentException e) {
            return null;
        }
    }

    /** What JAIN-SIP's address factory makes of the URI {@code text}, or null as above. */
    static SipUri uri(String text) {
        PlainLineParser in = new PlainLineParser(text, 0);
        try {
            return in.sipUri(WHOLE);
        } catch (ParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private StatusLine statusLine() {
        at = SIP_VERSION.length();
        if (!take(' ')) {
            return null;
        }
        int codeStart = at;
        int code = digits(3);
        if (code < 0 || at - codeStart != 3 || (at < end && !take(' '))) {
            return null;
        }
        StatusLine status = new StatusLine();
        status.setSipVersion(SIP_VERSION);
        status.setStatusCode(code);
        status.setReasonPhrase(line.substring(at).trim());
        return status;
    }

    private RequestLine requestLine() throws ParseException {
        int method = at;
        while (at < end && isUpper(line.charAt(at))) {
            at++;
        }
        if (at == method || !take(' ')) {
            return null;
        }
        String methodName = line.substring(method, at - 1);
        if (!METHODS.contains(methodName)) {
            return null;
        }
        SipUri uri = sipUri(' ');
        if (uri == null || !take(' ') || !line.startsWith(SIP_VERSION, at) || at + SIP_VERSION.length() != end) {
            return null;
        }
        RequestLine request = new RequestLine();
        request.setMethod(methodName);
        request.setUri(uri);
        request.setSipVersion(SIP_VERSION);
        return request;
    }

    private SIPHeader via() throws ParseException {
        if (!line.startsWith("SIP/2.0/", at)) {
            return null;
        }
        at += "SIP/2.0/".length();
        int transport = at;
        while (at < end && isAsciiLetter(line.charAt(at))) {
            at++;
        }
        if (at == transport || at >= end || line.charAt(at) != ' ') {
            return null;
        }
        String transportName = line.substring(transport, at);
        at++;
        HostPort sentBy = hostPort();
        if (sentBy == null) {
            return null;
        }
        Via via = FreshHeaders.via();
        Protocol protocol = new Protocol();
        protocol.setProtocolName("SIP");
        protocol.setProtocolVersion("2.0");
        protocol.setTransport(transportName);
        via.setSentProtocol(protocol);
        via.setSentBy(sentBy);
        if (!headerParameters(via) || at != end) {
            return null;
        }
        ViaList vias = new ViaList();
        vias.add(via);
        return vias;
    }

    private SIPHeader contact() throws ParseException {
        if (at < end && line.charAt(at) == '*') {
            return null; // a wildcard, or what JAIN-SIP would take for one
        }
        Contact contact = FreshHeaders.contact();
        if (addressed(contact) == null) {
            return null;
        }
        ContactList contacts = new ContactList();
        contacts.add(contact);
        return contacts;
    }

    /** An address (see {@link #address(char)}), then header parameters, the end of the line. */
    private SIPHeader addressed(AddressParametersHeader header) throws ParseException {
        AddressImpl address = address(BARE);
        if (address == null) {
            return null;
        }
        header.setAddress(address);
        return headerParameters(header) && at == end ? header : null;
    }

    /**
     * An optional display name and a bracketed SIP URI, or a SIP URI without brackets, whose
     * parameters belong to the header ({@code unbracketed} is {@link #BARE}) or to the URI
     * ({@link #WHOLE}, a text of its own).
     */
    private AddressImpl address(char unbracketed) throws ParseException {
        AddressImpl address = new AddressImpl();
        if (line.startsWith("sip:", at) || line.startsWith("sips:", at)) {
            SipUri uri = sipUri(unbracketed);
            if (uri == null) {
                return null;
            }
            address.setAddressType(AddressImpl.ADDRESS_SPEC);
            address.setURI(uri);
            return address;
        }
        address.setAddressType(AddressImpl.NAME_ADDR);
        if (at < end && line.charAt(at) == '"') {
            int close = at + 1;
            while (close < end && is(line.charAt(close), QUOTABLE)) {
                close++;
            }
            if (close >= end || line.charAt(close) != '"') {
                return null;
            }
            address.setDisplayName(line.substring(at + 1, close).trim());
            at = close + 1;
            skipBlanks();
        } else if (at < end && line.charAt(at) != '<') {
            int name = at;
            while (at < end && is(line.charAt(at), DISPLAY_TOKEN)) {
                at++;
            }
            if (at >= end || line.charAt(at) != '<') {
                return null;
            }
            address.setDisplayName(line.substring(name, at).trim());
        }
        if (!take('<')) {
            return null;
        }
        SipUri uri = sipUri('>');
        if (uri == null || !take('>')) {
            return null;
        }
        address.setURI(uri);
        return address;
    }

    /**
     * A {@code sip:} or {@code sips:} URI ending at {@code closer} ({@link #BARE}: at a {@code ;}
     * or the end of the line, without parameters; {@link #WHOLE}: at the end of the text): an
     * optional user, a host, an optional port, parameters. A user is read only when the first
     * character outside the plain user characters is its {@code @}; an {@code @} anywhere else
     * before the closer could be a password's or an escaped one's, so such a URI is left to
     * JAIN-SIP.
     */
    private SipUri sipUri(char closer) throws ParseException {
        String scheme;
        if (line.startsWith("sip:", at)) {
            scheme = "sip";
            at += 4;
        } else if (line.startsWith("sips:", at)) {
            scheme = "sips";
            at += 5;
        } else {
            return null;
        }
        int uriEnd = closer == BARE || closer == WHOLE ? end : line.indexOf(closer, at);
        if (uriEnd < 0) {
            return null;
        }
        int atSign = line.indexOf('@', at);
        SipUri uri = new SipUri();
        uri.setScheme(scheme);
        if (atSign >= 0 && atSign < uriEnd) {
            int user = at;
            while (at < end && is(line.charAt(at), URI)) {
                at++;
            }
            if (at != atSign || at == user) {
                return null;
            }
            uri.setUser(line.substring(user, at));
            at++;
        }
        HostPort hostPort = hostPort();
        if (hostPort == null) {
            return null;
        }
        uri.setHostPort(hostPort);
        if (closer == BARE) {
            return at == end || line.charAt(at) == ';' ? uri : null;
        }
        while (at < end && line.charAt(at) == ';') {
            at++;
            String name = uriParameterPart();
            if (name.isEmpty()) {
                return null;
            }
            if (take('=')) {
                String value = uriParameterPart();
                if (value.isEmpty()) {
                    return null;
                }
                uri.setUriParameter(new NameValue(name, value, false));
            } else {
                uri.setUriParameter(new NameValue(name, "", true));
            }
        }
        if (closer == WHOLE) {
            return at == end ? uri : null;
        }
        return at < end && line.charAt(at) == closer ? uri : null;
    }

    /**
     * A host name or IPv4 address and an optional port, as JAIN-SIP's host parser reads them: a
     * host it would take for IPv6 (two colons before the parameters) is not read here.
     */
    private HostPort hostPort() {
        if (jainSeesIpv6()) {
            return null;
        }
        int host = at;
        while (at < end && is(line.charAt(at), HOST)) {
            at++;
        }
        if (at == host) {
            return null;
        }
        HostPort hostPort = new HostPort();
        hostPort.setHost(new Host(line.substring(host, at)));
        if (take(':')) {
            int port = digits(MAX_PORT_DIGITS);
            if (port < 0) {
                return null;
            }
            hostPort.setPort(port);
        }
        if (at < end) {
            char next = line.charAt(at);
            if (next != ';' && next != '>' && next != ' ') {
                return null;
            }
        }
        return hostPort;
    }

    /** JAIN-SIP's test for an IPv6 host, on the rest of the line from here, as it makes it. */
    private boolean jainSeesIpv6() {
        int segmentEnd = line.indexOf(',', at);
        if (segmentEnd < 0) {
            segmentEnd = end;
        }
        int question = indexBefore('?', segmentEnd);
        int semicolon = indexBefore(';', segmentEnd);
        int hostEnd = question;
        if (hostEnd < 0 || (semicolon >= 0 && hostEnd > semicolon)) {
            hostEnd = semicolon;
        }
        if (hostEnd < 0) {
            hostEnd = segmentEnd;
        }
        int first = indexBefore(':', hostEnd);
        int second = first < 0 ? -1 : line.indexOf(':', first + 1);
        return second >= 0 && second < hostEnd;
    }

    private int indexBefore(char c, int limit) {
        int found = line.indexOf(c, at);
        return found >= 0 && found < limit ? found : -1;
    }

    /**
     * {@code ;name} or {@code ;name=token} to the end, as JAIN-SIP's name-value parser reads them;
     * its Via parser has a reader of its own, which lower-cases the name and gives a flag a null
     * value where the other gives an empty one.
     */
    private boolean headerParameters(ParametersHeader header) {
        boolean via = header instanceof Via;
        while (at < end && line.charAt(at) == ';') {
            at++;
            String name = parameterName();
            if (name.isEmpty()) {
                return false;
            }
            if (via) {
                // As JAIN-SIP does, in the default locale: the same call gives the same name.
                name = name.toLowerCase();
            }
            NameValue parameter;
            if (take('=')) {
                String value = token();
                if (value.isEmpty()) {
                    return false;
                }
                parameter = via ? new NameValue(name, value) : new NameValue(name, value, false);
            } else if (via) {
                if (name.equals(Via.BRANCH)) {
                    return false; // JAIN-SIP refuses a branch without a value
                }
                parameter = new NameValue(name, null);
            } else {
                parameter = new NameValue(name, "", true);
            }
            header.setParameter(parameter);
        }
        return true;
    }

    /**
     * A parameter's name as {@link #token} reads it, the same string constant each time for the
     * names in nearly every message: no copy, and a hash already known to the parameter map
     * (which lowercases and hashes every name it is given).
     */
    private String parameterName() {
        int start = at;
        skipToken();
        int length = at - start;
        for (String common : COMMON_PARAMETERS) {
            if (length == common.length() && line.regionMatches(start, common, 0, length)) {
                return common;
            }
        }
        return line.substring(start, at);
    }

    private String token() {
        int start = at;
        skipToken();
        return line.substring(start, at);
    }

    private void skipToken() {
        while (at < end && is(line.charAt(at), TOKEN)) {
            at++;
        }
    }

    private SIPHeader callId() throws ParseException {
        int value = at;
        while (at < end && line.charAt(at) > ' ' && line.charAt(at) < 0x7F) {
            at++;
        }
        if (at == value || at != end) {
            return null;
        }
        CallID callId = FreshHeaders.callId();
        callId.setCallId(line.substring(value));
        return callId;
    }

    private SIPHeader cseq() throws InvalidArgumentException, ParseException {
        int number = digits(MAX_NUMBER_DIGITS);
        if (number < 0 || !take(' ')) {
            return null;
        }
        int method = at;
        while (at < end && isUpper(line.charAt(at))) {
            at++;
        }
        String methodName = line.substring(method);
        if (at != end || !METHODS.contains(methodName)) {
            return null;
        }
        CSeq cseq = FreshHeaders.cseq();
        cseq.setSeqNumber(number);
        cseq.setMethod(methodName); // kept as JAIN-SIP's constant for the name, an interned literal
        return cseq;
    }

    private SIPHeader maxForwards() throws InvalidArgumentException {
        int value = numberToTheEnd();
        if (value < 0) {
            return null;
        }
        MaxForwards maxForwards = FreshHeaders.maxForwards();
        maxForwards.setMaxForwards(value);
        return maxForwards;
    }

    private SIPHeader contentLength() throws InvalidArgumentException {
        int value = numberToTheEnd();
        if (value < 0) {
            return null;
        }
        ContentLength contentLength = FreshHeaders.contentLength();
        contentLength.setContentLength(value);
        return contentLength;
    }

    /** The rest of the line as a number of up to nine digits, or -1. */
    private int numberToTheEnd() {
        int value = digits(MAX_NUMBER_DIGITS);
        return at == end ? value : -1;
    }

    /** One to {@code max} ASCII digits as a number, or -1. */
    private int digits(int max) {
        int start = at;
        int value = 0;
        while (at < end && at - start < max && line.charAt(at) >= '0' && line.charAt(at) <= '9') {
            value = value * 10 + (line.charAt(at) - '0');
            at++;
        }
        if (at == start || (at < end && line.charAt(at) >= '0' && line.charAt(at) <= '9')) {
            return -1;
        }
        return value;
    }

    private String uriParameterPart() {
        int start = at;
        while (at < end && is(line.charAt(at), URI)) {
            at++;
        }
        return line.substring(start, at);
    }

    private boolean take(char c) {
        if (at < end && line.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skipBlanks() {
        while (at < end && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
            at++;
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static byte[] classes() {
        byte[] classes = new byte[128];
        for (char c = 0; c < 128; c++) {
            boolean alphaDigit = isAsciiLetter(c) || (c >= '0' && c <= '9');
            int of = 0;
            if (alphaDigit || c == '-' || c == '.' || c == '_') {
                of |= HOST;
            }
            // RFC 3261's unreserved and +: JAIN-SIP's user and URI parameter readers take them as they are.
            if (alphaDigit || "-_.!~*'()+".indexOf(c) >= 0) {
                of |= URI;
            }
            if (alphaDigit || "-.!%*_+`'~".indexOf(c) >= 0) {
                of |= TOKEN | DISPLAY_TOKEN;
            }
            if (c == ' ') {
                of |= DISPLAY_TOKEN;
            }
            // Inside a quoted display name: printable ASCII but the quote and the escape.
            if (c >= ' ' && c < 0x7F && c != '"' && c != '\\') {
                of |= QUOTABLE;
            }
            classes[c] = (byte) of;
        }
        return classes;
    }

    private static boolean is(char c, byte of) {
        return c < 128 && (CLASSES[c] & of) != 0;
    }
}
