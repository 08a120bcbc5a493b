package org.sbc.core.codec;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the parser made of the lines one thread parsed lately, so that a line seen again is
 * copied instead of lexed again: the messages of one call repeat many of their lines (a
 * transaction's responses echo its Via, From and To; every INVITE towards one PBX names the same
 * Request-URI, Content-Type and Allow), and JAIN-SIP's lexer costs four to ten times a deep copy
 * of its result.
 *
 * <p>Only the text of a whole line is a key, and JAIN-SIP's parse of a line depends on nothing
 * else, so a copy is what parsing the line again would give. The stored results are never handed
 * out: every reader gets its own copy, which it may change. Two generations of at most
 * {@code generationSize} lines each bound the memory; a line read again in the older one moves to
 * the newer, so lines every message carries stay while one-off lines (a new call's tags and
 * branches) age out. Lines longer than {@value #MAX_LINE_CHARS} characters are not kept.
 * One instance per thread: it takes no locks.
 */
final class ParsedLines<T> {

    static final int MAX_LINE_CHARS = 256;

    private final int generationSize;
    private final UnaryOperator<T> copy;
    private Map<String, T> newer;
    private Map<String, T> older = Map.of();

    /** @param copy a deep copy of a parse result (JAIN-SIP's {@code clone}) */
    ParsedLines(int generationSize, UnaryOperator<T> copy) {
        this.generationSize = generationSize;
        this.copy = copy;
        this.newer = new HashMap<>(generationSize * 2);
    }

    /** A copy of what {@code line} parsed into, or null when it is not kept. */
    T copyOf(String line) {
        T kept = newer.get(line);
        if (kept == null) {
            kept = older.get(line);
            if (kept == null) {
                return null;
            }
            keep(line, kept);
        }
        return copy.apply(kept);
    }

    /** Keeps a copy of {@code parsed}, the parse of {@code line}; the caller keeps {@code parsed}. */
    void remember(String line, T parsed) {
        if (line.length() <= MAX_LINE_CHARS) {
            keep(line, copy.apply(parsed));
        }
    }

    private void keep(String line, T parsed) {
        if (newer.size() >= generationSize) {
            older = newer;
            newer = new HashMap<>(generationSize * 2);
        }
        newer.put(line, parsed);
    }

    int size() {
        return newer.size() + older.size();
    }
}
