package org.sbc.topology.scrub;

import java.util.Collection;

/**
 * The names that must never leave: inside IP addresses (IPv4, IPv6) and host names or domains
 * (a domain covers its subdomains). Finds and replaces whole host tokens, case-insensitively,
 * never a prefix of a longer one (127.0.0.2 is not inside 127.0.0.20).
 */
public final class InsideNames {

    public InsideNames(Collection<String> names) {
        throw new UnsupportedOperationException("not yet");
    }

    public boolean isInside(String host) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@code text} with every inside host token (with its :port, if any) replaced by {@code replacement}. */
    public String scrub(String text, String replacement) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether any inside name appears in {@code text}, plainly or percent-encoded. */
    public boolean appearsIn(String text) {
        throw new UnsupportedOperationException("not yet");
    }
}
