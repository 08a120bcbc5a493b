package org.sbc.core.sip;

import gov.nist.javax.sip.header.Server;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Builds the responses the SBC generates itself (statelessly, like Kamailio's {@code sl}).
 *
 * <p>The To-tag is derived from the request, so a retransmitted request gets a byte-identical
 * answer; the per-process salt keeps tags from revealing anything about the request. No Server
 * header is added unless one is configured: a default one would tell a scanner what to attack.
 */
public final class Responses {

    private final Optional<String> serverHeader;
    private final String tagSalt;

    public Responses(Optional<String> serverHeader) {
        this.serverHeader = serverHeader;
        byte[] salt = new byte[4];
        new SecureRandom().nextBytes(salt);
        this.tagSalt = HexFormat.of().formatHex(salt);
    }

    public SIPResponse create(SIPRequest request, int status, String reasonPhrase) {
        SIPResponse response = request.createResponse(status, reasonPhrase);
        try {
            To to = (To) response.getTo();
            if (status > 100 && to.getTag() == null) {
                to.setTag(tagFor(request));
            }
            if (serverHeader.isPresent()) {
                Server server = new Server();
                server.addProductToken(serverHeader.get());
                response.setHeader(server);
            }
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a " + status + " response", e);
        }
        return response;
    }

    private String tagFor(SIPRequest request) {
        String fromTag = request.getFrom().getTag();
        String branch = request.getTopmostVia().getBranch();
        int hash = 31 * (31 * request.getCallId().getCallId().hashCode()
                + (fromTag == null ? 0 : fromTag.hashCode()))
                + (branch == null ? 0 : branch.hashCode());
        return tagSalt + Integer.toHexString(hash);
    }
}
