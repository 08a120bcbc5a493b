package org.sbc.core.codec;

import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPObject;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.AllowParser;
import gov.nist.javax.sip.parser.AuthorizationParser;
import gov.nist.javax.sip.parser.CSeqParser;
import gov.nist.javax.sip.parser.CallIDParser;
import gov.nist.javax.sip.parser.ContactParser;
import gov.nist.javax.sip.parser.ContentLengthParser;
import gov.nist.javax.sip.parser.ContentTypeParser;
import gov.nist.javax.sip.parser.ExpiresParser;
import gov.nist.javax.sip.parser.FromParser;
import gov.nist.javax.sip.parser.HeaderParser;
import gov.nist.javax.sip.parser.MaxForwardsParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.ProxyAuthorizationParser;
import gov.nist.javax.sip.parser.RecordRouteParser;
import gov.nist.javax.sip.parser.RouteParser;
import gov.nist.javax.sip.parser.ServerParser;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.parser.SubjectParser;
import gov.nist.javax.sip.parser.SupportedParser;
import gov.nist.javax.sip.parser.ToParser;
import gov.nist.javax.sip.parser.UserAgentParser;
import gov.nist.javax.sip.parser.ViaParser;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.sip.InvalidArgumentException;
import org.sbc.core.codec.PlainLineParser.Shape;

/**
 * JAIN-SIP's message parser with the headers every call carries handed straight to their parser.
 *
 * <p>JAIN-SIP finds a header's parser by lower-casing the name through a shared cache and
 * calling the parser's constructor by reflection, for every header of every message: about a
 * sixth of the parse in a profile of the call benchmark. The parsers and their results are the
 * same here (the same class gets the same line), and any name not listed takes JAIN-SIP's own
 * path, so what is accepted and refused does not change.
 *
 * <p>A start line or header line this thread parsed lately is not parsed again: its kept parse is
 * copied ({@link ParsedLines}). A line that failed to parse is never kept, so it fails again, the
 * same way.
 */
final class DirectHeaderParsing extends StringMsgParser {

    /**
     * Header lines kept per thread and generation (start lines: an eighth of it): at most about
     * 1.5 MB per event loop (a kept line and its parse take about 1.3 KB), and enough for the lines a call's messages repeat
     * within milliseconds at thousands of calls a second.
     */
    private static final int KEPT_LINES = 512;

    private static final Named[][] BY_LENGTH = byLength(parsers());

    /** Each thread's recently parsed header lines (an event loop's, mostly) and start lines. */
    private static final FastThreadLocal<ParsedLines<SIPHeader>> HEADER_LINES = new FastThreadLocal<>() {
        @Override
        protected ParsedLines<SIPHeader> initialValue() {
            return new ParsedLines<>(KEPT_LINES, header -> (SIPHeader) header.clone());
        }
    };
    private static final FastThreadLocal<ParsedLines<SIPObject>> START_LINES = new FastThreadLocal<>() {
        @Override
        protected ParsedLines<SIPObject> initialValue() {
            return new ParsedLines<>(KEPT_LINES / 8, line -> (SIPObject) line.clone());
        }
    };

    /**
     * JAIN-SIP's {@code parseSIPMessage} walking the lines {@code scan} indexed (a header block
     * that ends, so every line ends in CRLF): the same line strings reach the same parsers, without
     * a second search for the line ends or a copy of the header block.
     */
    SIPMessage parse(byte[] bytes, HeaderBlockScan scan, ParseExceptionListener listener) throws ParseException {
        int start = scan.start();
        if (bytes[start] < 0x20) {
            // JAIN-SIP squeezes such octets off the front (every octet above 0x7F too, its bytes
            // being signed): its own loop, on a copy of the block, keeps that exactly.
            return parseSIPMessage(Arrays.copyOfRange(bytes, start, scan.headerEnd()), false, false, listener);
        }
        SIPMessage message = null;
        String header = null;
        int size = scan.headerEnd() - start;
        for (int k = 0; k < scan.lines(); k++) {
            int lineStart = scan.lineStart(k);
            String line = trimEndOfLine(new String(bytes, lineStart, scan.lineEnd(k) - lineStart, StandardCharsets.UTF_8));
            if (line.isEmpty()) {
                // A line of blanks ends JAIN-SIP's header block, as the blank line does.
                size = scan.lineEnd(k) + 2 - start;
                break;
            }
            if (k == 0) {
                message = processFirstLine(line, listener, bytes);
            } else if (line.charAt(0) == '\t' || line.charAt(0) == ' ') {
                if (header == null) {
                    throw new ParseException("Bad header continuation.", 0);
                }
                header += line.substring(1);
            } else {
                if (header != null && message != null) {
                    processHeader(header, message, listener, bytes);
                }
                header = line;
            }
        }
        if (header != null && message != null) {
            processHeader(header, message, listener, bytes);
        }
        if (message == null) {
            throw new ParseException("Bad message", 0);
        }
        message.setSize(size);
        return message;
    }

    @Override
    protected SIPMessage processFirstLine(String firstLine, ParseExceptionListener listener, byte[] raw)
            throws ParseException {
        SIPObject line = PlainLineParser.startLine(firstLine);
        ParsedLines<SIPObject> kept = START_LINES.get();
        if (line == null) {
            line = kept.copyOf(firstLine);
        }
        if (line instanceof RequestLine requestLine) {
            SIPRequest request = QuickAttachRequest.fresh();
            request.setRequestLine(requestLine);
            return request;
        }
        if (line instanceof StatusLine statusLine) {
            SIPResponse response = QuickAttachResponse.fresh();
            response.setStatusLine(statusLine);
            return response;
        }
        SIPMessage message = super.processFirstLine(firstLine, listener, raw);
        if (message instanceof SIPRequest request && request.getRequestLine() != null) {
            kept.remember(firstLine, request.getRequestLine());
        } else if (message instanceof SIPResponse response && response.getStatusLine() != null) {
            kept.remember(firstLine, response.getStatusLine());
        }
        return message;
    }

    @Override
    protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener, byte[] raw)
            throws ParseException {
        Parser known = header == null ? null : parserFor(header);
        if (known == null) {
            super.processHeader(header, message, listener, raw);
            return;
        }
        if (known.shape() == Shape.CONTENT_LENGTH && setContentLength(header, message)) {
            return;
        }
        SIPHeader plain = known.shape() == null ? null : PlainLineParser.header(known.shape(), header);
        if (plain != null) {
            message.attachHeader(plain, false);
            return;
        }
        ParsedLines<SIPHeader> kept = known.keep() ? HEADER_LINES.get() : null;
        SIPHeader copy = kept == null ? null : kept.copyOf(header);
        if (copy != null) {
            message.attachHeader(copy, false);
            return;
        }
        try {
            SIPHeader parsed = known.parser().apply(header + "\n").parse();
            if (kept != null) {
                kept.remember(header, parsed);
            }
            message.attachHeader(parsed, false);
        } catch (ParseException e) {
            // As JAIN-SIP's own path: the listener hears of it and the header is left out.
            listener.handleException(e, message, null, header, null);
        }
    }

    /**
     * A plain Content-Length line sets the length of the header every JAIN-SIP message is made
     * with, which is all that attaching a parsed one does (a second header of a name already
     * there only updates the length): no header object, no name interned, no table lookups. False
     * for any other shape of line, which JAIN-SIP's path reads.
     */
    private static boolean setContentLength(String header, SIPMessage message) {
        int value = PlainLineParser.contentLengthValue(header);
        if (value < 0 || !(message.getContentLength() instanceof ContentLength length)) {
            return false;
        }
        try {
            length.setContentLength(value);
        } catch (InvalidArgumentException e) {
            return false;
        }
        return true;
    }

    /**
     * A header's parser, and whether its parse is kept: for headers whose parse costs well more
     * than finding and copying a kept one (addresses, Via, lists), where JAIN-SIP's {@code clone}
     * copies everything a reader could change (Server's clone shares its product list); not for
     * credentials, which never repeat, nor for a number or a single token, which lexes about as
     * fast as it is looked up.
     */
    private record Parser(Function<String, HeaderParser> parser, boolean keep, Shape shape) {}

    /**
     * The parser for the name before the colon, matched in place: a substring of the name and a
     * hash of it for every header of every message showed in the profile.
     */
    private static Parser parserFor(String header) {
        int colon = header.indexOf(':');
        int end = colon;
        while (end > 0 && (header.charAt(end - 1) == ' ' || header.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end <= 0 || end >= BY_LENGTH.length) {
            return null;
        }
        for (Named named : BY_LENGTH[end]) {
            if (HeaderNameMap.spells(header, 0, named.name())) {
                return named.parser();
            }
        }
        return null;
    }

    private record Named(String name, Parser parser) {}

    /** The parsers by the length of their header's name. */
    private static Named[][] byLength(Map<String, Parser> parsers) {
        int longest = parsers.keySet().stream().mapToInt(String::length).max().orElse(0);
        Named[][] byLength = new Named[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            int size = length;
            byLength[length] = parsers.entrySet().stream()
                    .filter(entry -> entry.getKey().length() == size)
                    .map(entry -> new Named(entry.getKey(), entry.getValue()))
                    .toArray(Named[]::new);
        }
        return byLength;
    }

    private static Map<String, Parser> parsers() {
        Map<String, Parser> parsers = new HashMap<>();
        add(parsers, ViaParser::new, true, Shape.VIA, "Via", "v");
        add(parsers, FromParser::new, true, Shape.FROM, "From", "f");
        add(parsers, ToParser::new, true, Shape.TO, "To", "t");
        add(parsers, CallIDParser::new, false, Shape.CALL_ID, "Call-ID", "i");
        add(parsers, CSeqParser::new, false, Shape.CSEQ, "CSeq");
        add(parsers, ContactParser::new, true, Shape.CONTACT, "Contact", "m");
        add(parsers, MaxForwardsParser::new, false, Shape.MAX_FORWARDS, "Max-Forwards");
        add(parsers, ContentLengthParser::new, false, Shape.CONTENT_LENGTH, "Content-Length", "l");
        add(parsers, ContentTypeParser::new, true, "Content-Type", "c");
        add(parsers, RecordRouteParser::new, true, "Record-Route");
        add(parsers, RouteParser::new, true, "Route");
        add(parsers, UserAgentParser::new, true, "User-Agent");
        add(parsers, ServerParser::new, false, "Server");
        add(parsers, SubjectParser::new, false, "Subject", "s");
        add(parsers, ExpiresParser::new, false, "Expires");
        add(parsers, AllowParser::new, true, "Allow");
        add(parsers, SupportedParser::new, true, "Supported", "k");
        add(parsers, AuthorizationParser::new, false, "Authorization");
        add(parsers, ProxyAuthorizationParser::new, false, "Proxy-Authorization");
        return parsers;
    }

    /** Each name lower-cased: a header's name matches it in any case. */
    private static void add(Map<String, Parser> parsers, Function<String, HeaderParser> parser, boolean keep,
            String... names) {
        add(parsers, parser, keep, null, names);
    }

    /** As above, for a header whose plain shape {@link PlainLineParser} reads. */
    private static void add(Map<String, Parser> parsers, Function<String, HeaderParser> parser, boolean keep,
            Shape shape, String... names) {
        for (String name : names) {
            parsers.put(name.toLowerCase(Locale.ROOT), new Parser(parser, keep, shape));
        }
    }
}
