package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sbc.core.json.JsonException;
import org.sbc.core.json.JsonText;

/**
 * The admin API's JSON reader takes request bodies from whoever reaches the admin port: any
 * text is a value or a JsonException, never another exception; any string survives quoting.
 */
class JsonProperties {

    @Property(tries = 5_000)
    void anyTextParsesOrFailsCleanly(@ForAll("jsonLikeText") String text) {
        try {
            JsonText.parse(text);
        } catch (JsonException e) {
            // the only allowed failure
        }
    }

    @Property(tries = 2_000)
    void anyStringSurvivesQuoting(@ForAll String value) throws Exception {
        assertEquals(value, JsonText.parse(JsonText.write(json -> json.writeString(value))));
    }

    @Provide
    Arbitrary<String> jsonLikeText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("{}[]:,\"\\ntruefalsn0123456789-.eE uU").ofMaxLength(60),
                Arbitraries.strings().ofMaxLength(60));
    }
}
