package org.sbc.core.edge.flood;

import java.util.List;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ModeField;
import org.sbc.core.config.yaml.RecordComplaint;
import org.sbc.policies.Mode;
import org.sbc.policies.yaml.YamlMapping;

/**
 * Stage 1 for {@code security.flood}. Each field is checked on its own with the widest range;
 * {@link FloodConfig}'s constructor then checks the prefix densities against the per-address one,
 * and its complaint lands at the key it names.
 */
public final class FloodSectionReader {

    public static final List<String> KEYS = List.of("mode", "sampling_seconds", "density", "density_per_24",
            "density_per_16", "density_per_64", "density_per_48", "max_entries", "global_density");

    private FloodSectionReader() {}

    public static FloodConfig read(YamlMapping section, ConfigErrors errors) {
        FloodConfig d = FloodConfig.DEFAULT;
        Mode mode = ModeField.read(section, d.mode(), errors);
        int sampling = section.integerOr("sampling_seconds", 1, 60, d.samplingSeconds());
        int density = section.integerOr("density", 1, 1_000_000, d.density());
        int per24 = section.integerOr("density_per_24", 0, 100_000_000, d.densityPer24());
        int per16 = section.integerOr("density_per_16", 0, 100_000_000, d.densityPer16());
        int per64 = section.integerOr("density_per_64", 0, 100_000_000, d.densityPer64());
        int per48 = section.integerOr("density_per_48", 0, 100_000_000, d.densityPer48());
        int maxEntries = section.integerOr("max_entries", 16, 10_000_000, d.maxEntries());
        int global = section.integerOr("global_density", 0, 1_000_000_000, Math.max(d.globalDensity(), density));
        return RecordComplaint.build(section, errors, d,
                () -> new FloodConfig(mode, sampling, density, per24, per16, per64, per48, maxEntries, global));
    }
}
