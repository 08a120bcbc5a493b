package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;

/** Any text is either a valid config or a list of positioned errors: never a crash. */
class ConfigLoaderProperties {

    private static final String EXAMPLE = """
            outside:
              listen: [udp:127.0.0.1:5060, tcp:127.0.0.1:5060]
            inside:
              listen: [udp:127.0.0.1:5070]
              pbx: sip:127.0.0.1:5080
            admin:
              listen: 127.0.0.1:8080
            limits:
              max_message_bytes: 16384
            """;

    @Property(tries = 2_000)
    void anyTextLoadsOrFailsWithPositionedErrors(@ForAll("configLikeText") String text) {
        try {
            ConfigLoader.parse(text, "fuzz.yaml");
        } catch (ConfigException e) {
            assertFalse(e.errors().isEmpty());
            for (ConfigError error : e.errors()) {
                assertFalse(error.line() < 1 || error.column() < 1, error.toString());
            }
        }
    }

    /** The example with characters replaced or inserted, plus arbitrary text. */
    @Provide
    Arbitrary<String> configLikeText() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().ascii(),
                Arbitraries.of(':', '[', ']', '-', ' ', '\n', '\t', '&', '*', '!', '{', '}', '"', '\'', '#', '0', '7'));
        Arbitrary<Integer> position = Arbitraries.integers().between(0, EXAMPLE.length() - 1);
        return Arbitraries.oneOf(
                position.flatMap(p -> chars.list().ofMinSize(1).ofMaxSize(6).map(cs -> splice(p, cs, true))),
                position.flatMap(p -> chars.list().ofMinSize(1).ofMaxSize(6).map(cs -> splice(p, cs, false))),
                Arbitraries.strings().ofMaxLength(300));
    }

    private static String splice(int at, java.util.List<Character> chars, boolean replace) {
        StringBuilder text = new StringBuilder(EXAMPLE);
        for (int i = 0; i < chars.size(); i++) {
            if (replace && at + i < text.length()) {
                text.setCharAt(at + i, chars.get(i));
            } else {
                text.insert(Math.min(at + i, text.length()), chars.get(i));
            }
        }
        return text.toString();
    }
}
