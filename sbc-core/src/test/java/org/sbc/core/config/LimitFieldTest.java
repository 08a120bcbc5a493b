package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stage 1 mirrors the ranges of the {@link Limits} constructor; this keeps the two in step. */
class LimitFieldTest {

    @ParameterizedTest
    @EnumSource(LimitField.class)
    void rangeMatchesTheLimitsRecord(LimitField field) {
        assertDoesNotThrow(() -> limitsWith(field, field.min()));
        assertDoesNotThrow(() -> limitsWith(field, field.max()));
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> limitsWith(field, field.min() - 1));
        // ConfigLoader.build positions a constructor failure by the key that starts the message.
        String message = below.getMessage();
        assertTrue(LimitField.ofKey(message.substring(0, message.indexOf(": "))).isPresent(), message);
        assertThrows(IllegalArgumentException.class, () -> limitsWith(field, field.max() + 1));
    }

    @ParameterizedTest
    @EnumSource(LimitField.class)
    void componentOrderMatchesTheLimitsRecord(LimitField field) {
        assertEquals(field.ordinal(), indexOfComponent(field));
    }

    private static int indexOfComponent(LimitField field) {
        var components = Limits.class.getRecordComponents();
        String camel = java.util.regex.Pattern.compile("_([a-z])").matcher(field.key())
                .replaceAll(match -> match.group(1).toUpperCase(java.util.Locale.ROOT));
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(camel)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Defaults widened so that only {@code field} can fail: the fields whose upper bound is
     * another field are given room.
     */
    private static Limits limitsWith(LimitField field, int value) {
        int[] values = new int[LimitField.values().length];
        for (LimitField f : LimitField.values()) {
            values[f.ordinal()] = f.valueOf(Limits.DEFAULT);
        }
        values[LimitField.MAX_MESSAGE_BYTES.ordinal()] = Limits.MAX_UDP_PAYLOAD;
        values[LimitField.TCP_CONNECTIONS_TOTAL.ordinal()] = LimitField.TCP_CONNECTIONS_TOTAL.max();
        values[LimitField.MAX_LINE_BYTES.ordinal()] = LimitField.MAX_LINE_BYTES.min();
        values[LimitField.TCP_CONNECTIONS_PER_SOURCE.ordinal()] = 1;
        values[field.ordinal()] = value;
        return new Limits(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                values[8], values[9], values[10], values[11], values[12], values[13]);
    }
}
