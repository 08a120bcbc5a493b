package org.sbc.core.events;

/**
 * Writes an event as the payload a SIEM parses. Implementations encode every field for their
 * own syntax, so that no field value can end the line, start another event or pose as another
 * field.
 */
public interface EventFormat {

    /** One line: never a CR, LF, NEL, U+2028 or U+2029, whatever the event's fields hold. */
    String format(SecurityEvent event);
}
