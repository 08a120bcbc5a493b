package org.sbc.core.codec;

import gov.nist.javax.sip.header.SIPHeaderNamesCache;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Keeps JAIN-SIP's cache of lower-cased header names bounded.
 *
 * <p>JAIN-SIP lower-cases every header name it attaches to a message through a static map that
 * never forgets ({@code SIPHeaderNamesCache}): two entries for every name it has ever seen. A
 * sender that makes up a new header name per message (any {@code X-} name will do, each up to
 * the line limit) grows that map, and the heap, without limit, under every per-source limit the
 * edge has. The map is only a cache (a name missing from it is lower-cased again and put back),
 * so it is emptied whenever it passes {@link #MAX_ENTRIES}: the names every message carries are
 * back in it after the next few messages, and a made-up name holds its two entries only until
 * the next emptying.
 */
final class HeaderNameCacheBound {

    /** Entries (a name, and its lower-cased form): far above the 114 of the names JAIN-SIP registers. */
    static final int MAX_ENTRIES = 4_096;

    private static final Map<?, ?> NAMES = names();

    private HeaderNameCacheBound() {}

    /** After every parse: empties the cache when it has grown past the bound. */
    static void enforce() {
        if (NAMES.size() > MAX_ENTRIES) {
            NAMES.clear();
        }
    }

    /** The cache's current entries, for tests. */
    static int size() {
        return NAMES.size();
    }

    private static Map<?, ?> names() {
        try {
            Field field = SIPHeaderNamesCache.class.getDeclaredField("lowercaseMap");
            field.setAccessible(true);
            return (Map<?, ?>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The JAIN-SIP version is pinned; a build where the cache moved must not start unbounded.
            throw new IllegalStateException("cannot reach JAIN-SIP's header name cache to bound it", e);
        }
    }
}
