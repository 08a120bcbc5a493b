package org.sbc.core.sip;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.sbc.core.codec.HeaderField;
import org.sbc.core.codec.PreparedHeader;
import org.sbc.core.codec.RawAnswer;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;

/**
 * Builds the responses the SBC generates itself (statelessly, like Kamailio's {@code sl}).
 *
 * <p>The To-tag is derived from the request, so a retransmitted request gets a byte-identical
 * answer; the per-process salt keeps tags from revealing anything about the request. No Server
 * header is added unless one is configured: a default one would tell a scanner what to attack.
 */
public final class Responses {

    private final Optional<PreparedHeader> serverHeader;
    private final String tagSalt;

    public Responses(Optional<String> serverHeader) {
        this.serverHeader = serverHeader.map(server -> PreparedHeader.of(new HeaderField("Server", server)));
        byte[] salt = new byte[4];
        new SecureRandom().nextBytes(salt);
        this.tagSalt = HexFormat.of().formatHex(salt);
    }

    public SipResponse create(SipRequest request, int status, String reasonPhrase) {
        SipResponse response = request.response(status, reasonPhrase);
        if (status > 100) {
            response.tagToIfAbsent(tagFor(request));
        }
        serverHeader.ifPresent(response::setHeader);
        return response;
    }

    /** The To-tag for an answer built from a request's raw lines: salted, the same for its retransmissions. */
    public String tagFor(RawAnswer raw) {
        return tagSalt + Integer.toHexString(raw.requestHash());
    }

    private String tagFor(SipRequest request) {
        String fromTag = request.from().map(from -> from.tag()).orElse(null);
        String branch = request.topVia().flatMap(via -> via.branch()).orElse(null);
        int hash = 31 * (31 * request.callId().hashCode()
                + (fromTag == null ? 0 : fromTag.hashCode()))
                + (branch == null ? 0 : branch.hashCode());
        return tagSalt + Integer.toHexString(hash);
    }
}
