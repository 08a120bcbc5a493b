package org.sbc.core.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * What the JSON writer escapes beyond the quote and the backslash, always as a lower-case
 * {@code \}{@code uXXXX} except for {@code \n}, {@code \r} and {@code \t}. Output stays plain
 * ASCII where it matters: a record pasted into a terminal, a log or a page cannot end a line,
 * move the cursor or open a tag.
 */
final class JsonEscapes extends CharacterEscapes {

    /**
     * Admin answers, call records, ban files: every C0 control and DEL, {@code < > &} (an answer
     * shown in a page cannot open a tag), U+2028/U+2029 (line ends to JavaScript) and each half of
     * a surrogate pair (a reader that splits text by UTF-16 unit never sees half a character).
     */
    static final JsonEscapes HTML_SAFE = new JsonEscapes(true);

    /**
     * Security events (RFC 8259 plus what breaks a SIEM's line handling): every C0 and C1
     * control, DEL and U+2028/U+2029; all else, {@code <} included, is written as it is.
     */
    static final JsonEscapes EVENT = new JsonEscapes(false);

    private final boolean htmlSafe;
    private final int[] ascii;

    private JsonEscapes(boolean htmlSafe) {
        this.htmlSafe = htmlSafe;
        int[] codes = standardAsciiEscapesForJSON();
        // \b and \f as short escapes are legal JSON, but some log tools do not know them.
        codes['\b'] = ESCAPE_STANDARD;
        codes['\f'] = ESCAPE_STANDARD;
        codes[0x7f] = ESCAPE_STANDARD;
        if (htmlSafe) {
            codes['<'] = ESCAPE_STANDARD;
            codes['>'] = ESCAPE_STANDARD;
            codes['&'] = ESCAPE_STANDARD;
        }
        this.ascii = codes;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
        boolean escape = c == '\u2028' || c == '\u2029'
                || (htmlSafe ? Character.isSurrogate((char) c) : c >= 0x80 && c <= 0x9f);
        return escape ? new SerializedString(String.format("\\u%04x", c)) : null;
    }
}
