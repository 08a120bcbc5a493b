package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.sbc.core.codec.RawAnswer;
import org.sbc.core.codec.SipRequest;

/**
 * A message that failed framing or parsing. It is not an error of the channel: it is a result
 * that the next step answers (with the status its {@link Problem} names, when {@code answerable}
 * or {@code rawAnswer} is present) or drops.
 *
 * @param problem what was wrong, in our words (never the attacker's bytes)
 * @param answerable the request as far as it parsed, present only when it carries the Via,
 *     From, To, Call-ID and CSeq that a response must echo, and is not an ACK
 * @param rawAnswer when {@code answerable} is empty: an answer built from the raw header lines,
 *     present when those lines are there even though the parser could not read them
 */
public record MalformedMessage(Problem problem, Optional<SipRequest> answerable, Optional<RawAnswer> rawAnswer,
        Peer peer) {

    public MalformedMessage {
        requireNonNull(problem, "problem");
        requireNonNull(answerable, "answerable");
        requireNonNull(rawAnswer, "rawAnswer");
        requireNonNull(peer, "peer");
    }

    /** A message answered from its parsed request, or not at all. */
    public MalformedMessage(Problem problem, Optional<SipRequest> answerable, Peer peer) {
        this(problem, answerable, Optional.empty(), peer);
    }

    /** Whether the sender can be told what was wrong. */
    public boolean isAnswerable() {
        return answerable.isPresent() || rawAnswer.isPresent();
    }

    /** Why a message was refused. The reason phrase goes on the wire, so it is ours, fixed. */
    public enum Problem {
        TOO_LARGE(513, "Message Too Large"),
        NO_HEADER_END(400, "Incomplete Header"),
        LINE_TOO_LONG(400, "Header Line Too Long"),
        TOO_MANY_HEADERS(400, "Too Many Headers"),
        CONTROL_CHARACTER(400, "Control Character In Header"),
        /** Octets above 0x7F that are not well-formed UTF-8 (RFC 3629). */
        INVALID_UTF8(400, "Invalid UTF-8 In Header"),
        BAD_CONTENT_LENGTH(400, "Bad Content-Length"),
        MISSING_CONTENT_LENGTH(400, "Missing Content-Length"),
        CONTENT_LENGTH_MISMATCH(400, "Content-Length Mismatch"),
        HEADER_WITHOUT_COLON(400, "Header Line Without Colon"),
        MALFORMED_HEADER(400, "Malformed Header Value"),
        /** Call-ID, From, To, CSeq or Max-Forwards more than once (RFC 4475 §3.3.8). */
        DUPLICATE_HEADER(400, "Duplicate Header"),
        /** Headers in a SIP Request-URI, an IPv6 host outside brackets, a bracketed non-address. */
        BAD_REQUEST_URI(400, "Bad Request-URI"),
        /** From, To or Contact against RFC 3261 §20.10 (brackets, display name). */
        MALFORMED_ADDRESS(400, "Malformed Address"),
        VERSION_NOT_SUPPORTED(505, "Version Not Supported"),
        /** The start line or the line structure itself: nothing more specific can be said. */
        UNPARSEABLE(400, "Bad Request");

        private final int status;
        private final String reasonPhrase;

        Problem(int status, String reasonPhrase) {
            this.status = status;
            this.reasonPhrase = reasonPhrase;
        }

        /** The status a request with this problem is answered with, when it can be answered. */
        public int status() {
            return status;
        }

        public String reasonPhrase() {
            return reasonPhrase;
        }
    }
}
