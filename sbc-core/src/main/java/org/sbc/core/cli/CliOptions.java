package org.sbc.core.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command's {@code --name VALUE} options, {@code --flag}s and positional arguments, parsed once. */
final class CliOptions {

    /** Why the arguments were refused: printed with the command's usage. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final List<String> flags = new ArrayList<>();
    private final List<String> positional = new ArrayList<>();

    private CliOptions() {}

    static CliOptions parse(List<String> args, Set<String> withValue, Set<String> flags) throws UsageException {
        CliOptions options = new CliOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (withValue.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                if (options.values.put(arg, args.get(++i)) != null) {
                    throw new UsageException(arg + " given twice");
                }
            } else if (flags.contains(arg)) {
                options.flags.add(arg);
            } else if (arg.startsWith("--")) {
                throw new UsageException("unknown option " + arg);
            } else {
                options.positional.add(arg);
            }
        }
        return options;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) throws UsageException {
        return value(name).orElseThrow(() -> new UsageException(name + " is required"));
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    List<String> positional() {
        return List.copyOf(positional);
    }
}
