package org.sbc.core.config.yaml;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.util.Optional;
import org.sbc.policies.Mode;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.YamlMapping;

/** The {@code mode: enforce | monitor} key that every blocking step's section has. */
public final class ModeField {

    private ModeField() {}

    /** The mode under {@code mode}, or {@code byDefault} when absent or bad (a bad one is reported). */
    public static Mode read(YamlMapping section, Mode byDefault, ConfigErrors errors) {
        return section.string("mode").flatMap(word -> {
            Optional<Mode> mode = Mode.ofWord(word);
            if (mode.isEmpty()) {
                errors.add(section.value("mode").orElseThrow(), section.pathOf("mode"),
                        quote(word) + " (expected: enforce or monitor)");
            }
            return mode;
        }).orElse(byDefault);
    }

    /** The word as a {@link YamlMapping.ValueParser}, for {@code section.parsed("mode", ...)}. */
    public static Mode parse(String text) throws InvalidValueException {
        return Mode.ofWord(text).orElseThrow(() ->
                new InvalidValueException(quote(text) + " (expected: enforce or monitor)"));
    }
}
