package org.sbc.fuzz;

import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.header.AddressParametersHeader;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sip.address.Address;

/**
 * Bugs the fuzz targets found that are not fixed yet, each recognised exactly, so that the
 * targets keep looking for everything else. Each has a seed named {@code known-issue-*} in its
 * target's corpus; when the bug is fixed, its exemption here goes and the seed stays.
 */
final class KnownIssues {

    private KnownIssues() {}

    /**
     * Found by {@code MessageDecodingFuzzTest#udpDatagram} (seed
     * {@code known-issue-unquoted-display-name}): JAIN-SIP accepts an unquoted display name that
     * is no token ({@code From: ,J Rosenberg \\\"" <sip:...>}), and writes it back between quotes
     * without escaping, so the message the SBC would relay is one its own decoder refuses
     * ({@code 400 Malformed Header Value}). RFC 3261 §25.1 allows only tokens and LWS unquoted;
     * the decoder should refuse such a name on the way in.
     */
    static boolean displayNameReencodedUnquotable(SIPMessage message) {
        List<Address> addresses = new ArrayList<>();
        addAddress(addresses, message.getFrom());
        addAddress(addresses, message.getTo());
        for (Iterator<?> it = message.getHeaders("Contact"); it.hasNext(); ) {
            addAddress(addresses, it.next());
        }
        for (Address address : addresses) {
            String name = address.getDisplayName();
            if (name != null && !isQuotedStringContent(name)) {
                return true;
            }
        }
        return false;
    }

    private static void addAddress(List<Address> addresses, Object header) {
        if (header instanceof AddressParametersHeader h && h.getAddress() instanceof AddressImpl a) {
            addresses.add(a);
        }
    }

    /** RFC 3261 §25.1: *(qdtext / quoted-pair), i.e. no bare {@code "} and no {@code \} at the end. */
    private static boolean isQuotedStringContent(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (++i >= text.length()) {
                    return false;
                }
            } else if (c == '"') {
                return false;
            }
        }
        return true;
    }
}
