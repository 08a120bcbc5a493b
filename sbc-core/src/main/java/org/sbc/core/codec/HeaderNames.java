package org.sbc.core.codec;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A fixed set of header names, found in any case of ASCII letters without lower-casing the name
 * looked up ({@link HeaderNameMap}, whose rules it follows). Immutable.
 */
public final class HeaderNames {

    private final HeaderNameMap<Boolean> names;

    private HeaderNames(HeaderNameMap<Boolean> names) {
        this.names = names;
    }

    /** @param names header names, in any case */
    public static HeaderNames of(Collection<String> names) {
        Map<String, Boolean> members = new HashMap<>();
        for (String name : names) {
            members.put(name.toLowerCase(Locale.ROOT), Boolean.TRUE);
        }
        return new HeaderNames(HeaderNameMap.of(members));
    }

    public boolean contains(String name) {
        return names.get(name) != null;
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
