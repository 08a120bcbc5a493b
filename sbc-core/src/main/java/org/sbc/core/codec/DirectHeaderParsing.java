package org.sbc.core.codec;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
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
import java.text.ParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * JAIN-SIP's message parser with the headers every call carries handed straight to their parser.
 *
 * <p>JAIN-SIP finds a header's parser by lower-casing the name through a shared cache and
 * calling the parser's constructor by reflection, for every header of every message: about a
 * sixth of the parse in a profile of the call benchmark. The parsers and their results are the
 * same here (the same class gets the same line), and any name not listed takes JAIN-SIP's own
 * path, so what is accepted and refused does not change.
 */
final class DirectHeaderParsing extends StringMsgParser {

    private static final Map<String, Function<String, HeaderParser>> PARSERS = parsers();

    @Override
    protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener, byte[] raw)
            throws ParseException {
        Function<String, HeaderParser> known = header == null ? null : parserFor(header);
        if (known == null) {
            super.processHeader(header, message, listener, raw);
            return;
        }
        try {
            SIPHeader parsed = known.apply(header + "\n").parse();
            message.attachHeader(parsed, false);
        } catch (ParseException e) {
            // As JAIN-SIP's own path: the listener hears of it and the header is left out.
            listener.handleException(e, message, null, header, null);
        }
    }

    private static Function<String, HeaderParser> parserFor(String header) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = header.substring(0, colon).trim();
        Function<String, HeaderParser> parser = PARSERS.get(name);
        return parser != null ? parser : PARSERS.get(name.toLowerCase(Locale.ROOT));
    }

    private static Map<String, Function<String, HeaderParser>> parsers() {
        Map<String, Function<String, HeaderParser>> parsers = new HashMap<>();
        add(parsers, ViaParser::new, "Via", "v");
        add(parsers, FromParser::new, "From", "f");
        add(parsers, ToParser::new, "To", "t");
        add(parsers, CallIDParser::new, "Call-ID", "i");
        add(parsers, CSeqParser::new, "CSeq");
        add(parsers, ContactParser::new, "Contact", "m");
        add(parsers, MaxForwardsParser::new, "Max-Forwards");
        add(parsers, ContentLengthParser::new, "Content-Length", "l");
        add(parsers, ContentTypeParser::new, "Content-Type", "c");
        add(parsers, RecordRouteParser::new, "Record-Route");
        add(parsers, RouteParser::new, "Route");
        add(parsers, UserAgentParser::new, "User-Agent");
        add(parsers, ServerParser::new, "Server");
        add(parsers, SubjectParser::new, "Subject", "s");
        add(parsers, ExpiresParser::new, "Expires");
        add(parsers, AllowParser::new, "Allow");
        add(parsers, SupportedParser::new, "Supported", "k");
        add(parsers, AuthorizationParser::new, "Authorization");
        add(parsers, ProxyAuthorizationParser::new, "Proxy-Authorization");
        return Map.copyOf(parsers);
    }

    /** Each name as written most often, and lower-cased: other spellings are lower-cased first. */
    private static void add(Map<String, Function<String, HeaderParser>> parsers,
            Function<String, HeaderParser> parser, String... names) {
        for (String name : names) {
            parsers.put(name, parser);
            parsers.put(name.toLowerCase(Locale.ROOT), parser);
        }
    }
}
