package org.sbc.core.edge.secfilter;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Re-reads the config file the server was started with and, if the whole file is valid,
 * publishes its secfilter section in one swap. If the file has any error, the lists in force stay
 * as they are and the errors are returned. Only {@code security.secfilter} is reloaded; every
 * other section needs a restart. Blocking (file I/O): call it off the event loops.
 */
public final class SecFilterReloader {

    private static final Logger LOGGER = System.getLogger(SecFilterReloader.class.getName());

    /** What a reload did. */
    public sealed interface Result {
        /** The new lists are in force. */
        record Reloaded(String summary) implements Result {}

        /** The file had errors; the old lists are still in force. */
        record Refused(List<ConfigError> errors) implements Result {}

        /** The server runs on the embedded defaults: there is no file to re-read. */
        record NoConfigFile() implements Result {}
    }

    private final Optional<Path> configFile;
    private final SecFilter filter;
    private final Counters counters;

    public SecFilterReloader(Optional<Path> configFile, SecFilter filter, Counters counters) {
        this.configFile = requireNonNull(configFile, "configFile");
        this.filter = requireNonNull(filter, "filter");
        this.counters = requireNonNull(counters, "counters");
    }

    /** Serialised: two reloads at once would race to publish. */
    public synchronized Result reload() {
        if (configFile.isEmpty()) {
            return new Result.NoConfigFile();
        }
        SbcConfig config;
        try {
            config = ConfigLoader.load(configFile.get());
        } catch (ConfigException e) {
            counters.increment(Counter.SECFILTER_RELOAD_FAILURES);
            LOGGER.log(Level.WARNING, "secfilter: reload refused, " + e.errors().size()
                    + " errors in " + configFile.get() + "; the lists in force stay");
            return new Result.Refused(e.errors());
        }
        filter.replace(config.security().secfilter());
        counters.increment(Counter.SECFILTER_RELOADS);
        String summary = filter.summary();
        LOGGER.log(Level.INFO, "secfilter: reloaded from " + configFile.get() + ": " + summary);
        return new Result.Reloaded(summary);
    }
}
