package org.sbc.core.codec;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import java.text.ParseException;

/**
 * Parses a bounded, CRLF-terminated header block with JAIN-SIP's message parser ({@link DirectHeaderParsing}).
 *
 * <p>The parse is lenient on purpose: a header that fails to parse is recorded and skipped, so
 * that a message with one bad header still yields the Via, From, To, Call-ID and CSeq needed to
 * answer it with 400. Whether the result is acceptable is the caller's decision, from
 * {@link Result#wellFormed()}.
 */
final class SipParser {

    /** A parsed message (null when nothing usable came out) and whether every line parsed. */
    record Result(SIPMessage message, boolean wellFormed) {}

    static {
        SilentJainSipLogger.install();
    }

    private SipParser() {}

    /** Parses the header block of {@code bytes} that {@code scan} (of the same bytes) found. */
    static Result parse(byte[] bytes, HeaderBlockScan scan) {
        try {
            return parseOnce(bytes, scan);
        } finally {
            HeaderNameCacheBound.enforce();
        }
    }

    private static Result parseOnce(byte[] bytes, HeaderBlockScan scan) {
        ErrorRecorder errors = new ErrorRecorder();
        try {
            SIPMessage message = new DirectHeaderParsing().parse(bytes, scan, errors);
            if (message instanceof SIPRequest request && request.getRequestLine() == null) {
                return new Result(null, false);
            }
            return new Result(message, !errors.seen);
        } catch (ParseException | RuntimeException e) {
            // JAIN-SIP signals some malformations with unchecked exceptions; all of them are
            // properties of the input, not bugs of ours, so they become a parse failure.
            return new Result(null, false);
        }
    }

    private static final class ErrorRecorder implements ParseExceptionListener {
        boolean seen;

        @Override
        public void handleException(
                ParseException ex, SIPMessage message, Class headerClass, String header, String text) {
            seen = true;
        }
    }
}
