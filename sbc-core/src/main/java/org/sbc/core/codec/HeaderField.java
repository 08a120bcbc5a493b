package org.sbc.core.codec;

import static java.util.Objects.requireNonNull;

/** A header the SBC adds to a message it builds: a name as RFC 3261 spells it, and its value. */
public record HeaderField(String name, String value) {

    public HeaderField {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("header " + name + ": a line break or colon would start another header");
        }
    }
}
