package org.sbc.policies.internal;

import java.util.List;
import java.util.Locale;
import org.sbc.policies.yaml.YamlErrors;

/** A text field compared by one operator; holds when any of the field's values matches. */
public record TextCondition(Field field, String name, TextMatcher matcher) implements Condition {

    @Override
    public boolean test(Facts facts) {
        return match(facts) != null;
    }

    private Object match(Facts facts) {
        List<String> values = facts.text(field, name);
        for (int i = 0; i < values.size(); i++) {
            String value = field.foldsCase() ? values.get(i).toLowerCase(Locale.ROOT) : values.get(i);
            Object matched = matcher.firstMatch(value, facts);
            if (matched != null) {
                return matched;
            }
        }
        return null;
    }

    public String fieldKey() {
        return field.isNamed() ? field.key() + name : field.key();
    }

    @Override
    public String describe() {
        return fieldKey() + " " + matcher.operator() + " " + matcher.operands();
    }

    @Override
    public String explain(Facts facts) {
        Object matched = match(facts);
        if (matched == null) {
            return describe();
        }
        String shown = matched instanceof BoundedRegex regex ? YamlErrors.quote(regex.source()) : matched.toString();
        return fieldKey() + " " + matcher.operator() + " " + shown;
    }
}
