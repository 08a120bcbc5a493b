package org.sbc.core.edge.flood;

import java.util.List;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ModeField;
import org.sbc.core.config.yaml.RecordComplaint;
import org.sbc.core.edge.flood.RateLimitConfig.Rate;
import org.sbc.policies.Mode;
import org.sbc.policies.yaml.YamlMapping;

/** Stage 1 for {@code security.rate_limit}: a bucket per method class, each checked where it is written. */
public final class RateLimitSectionReader {

    public static final List<String> KEYS = List.of("mode", "register", "invite", "other", "max_entries");
    static final List<String> RATE_KEYS = List.of("per_second", "burst");

    private RateLimitSectionReader() {}

    public static RateLimitConfig read(YamlMapping section, ConfigErrors errors) {
        RateLimitConfig d = RateLimitConfig.DEFAULT;
        Mode mode = ModeField.read(section, d.mode(), errors);
        Rate register = rate(section, "register", d.register(), errors);
        Rate invite = rate(section, "invite", d.invite(), errors);
        Rate other = rate(section, "other", d.other(), errors);
        int maxEntries = section.integerOr("max_entries", 16, 10_000_000, d.maxEntries());
        return RecordComplaint.build(section, errors, d, () -> new RateLimitConfig(mode, register, invite, other, maxEntries));
    }

    private static Rate rate(YamlMapping parent, String key, Rate byDefault, ConfigErrors errors) {
        return parent.mapping(key, RATE_KEYS).map(section -> {
            int perSecond = section.integerOr("per_second", 1, 1_000_000, byDefault.perSecond());
            int burst = section.integerOr("burst", 1, 10_000_000, byDefault.burst());
            return RecordComplaint.build(section, errors, byDefault, () -> new Rate(perSecond, burst));
        }).orElse(byDefault);
    }
}
