package org.sbc.core.cli;

import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.events.SecurityEvents;
import org.sbc.core.log.AsyncLogHandler;
import org.sbc.core.log.LogLineFormatter;

/**
 * The command line: {@code sbc run [--config FILE]}, {@code sbc check-config FILE},
 * {@code sbc bans ...} ({@link BansCommand}), help.
 */
public final class Main {

    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;
    static final int CANNOT_START = 3;

    private static final String USAGE_TEXT = """
            Usage: sbc COMMAND [OPTIONS]

            A security-focused SIP Session Border Controller.

            Commands:
              run [--config FILE]   start the SBC in the foreground (embedded defaults without --config)
              check-config FILE     validate a config file; print every problem as FILE:LINE:COLUMN
              bans list|add|remove|why
                                    the ban table of a running SBC, through its admin API
              policy test|replay    run the config's security policy offline on a message file or a capture
              fraud list|reset      the fraud-limit counts of a running SBC, through its admin API
              help                  show this text
              --version             print the version and exit

            Run 'sbc COMMAND --help' for more on a command.
            """;

    private static final String RUN_HELP = """
            Usage: sbc run [--config FILE]

            Starts the SBC in the foreground. Without --config it runs on the embedded defaults:
            outside udp+tcp 127.0.0.1:5060, inside udp 127.0.0.1:5070, PBX sip:127.0.0.1:5080,
            admin http://127.0.0.1:8080 (GET /health, GET /metrics). Ctrl-C or SIGTERM stops it.
            With --config, POST /api/secfilter/reload re-reads FILE and swaps in its secfilter lists;
            the policy files of policy.files are reloaded on SIGHUP, on POST /api/policy/reload and
            when one of them changes on disk (a broken file leaves the policy in force).
            """;

    private static final String CHECK_HELP = """
            Usage: sbc check-config FILE

            Validates FILE, and the policy files its policy.files names, without opening a socket.
            Exit 0 with a one-line summary when valid (unreachable policy rules are printed as
            'FILE:LINE:COLUMN: warning: ...' lines); exit 1 with one 'FILE:LINE:COLUMN: path: problem'
            line per problem, in whichever file it is, when not.
            """;

    /** Log records waiting for the writer thread; past it they are dropped and counted. */
    private static final int LOG_QUEUE_RECORDS = 16_384;

    /** Netty's switch for its buffer leak detector: {@code -Dio.netty.leakDetection.level=simple} turns it on. */
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private Main() {}

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LogLineFormatter.FORMAT);
        }
        // Netty's leak detector records a stack trace for one buffer in 128: 1 % of the event
        // loops' CPU on the call path. Off in the server unless asked for; the tests keep it on.
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (args[0]) {
            case "help", "--help", "-h" -> {
                out.print(USAGE_TEXT);
                yield OK;
            }
            case "--version", "version" -> {
                out.println("sbc " + SecurityEvents.version());
                yield OK;
            }
            case "run" -> rest.contains("--help") ? help(out, RUN_HELP) : runServer(rest, out, err);
            case "check-config" -> rest.contains("--help") ? help(out, CHECK_HELP) : checkConfig(rest, out, err);
            case "bans" -> BansCommand.run(rest, out, err);
            case "policy" -> PolicyCommand.run(rest, out, err);
            case "fraud" -> FraudCommand.run(rest, out, err);
            default -> {
                err.println("sbc: unknown command '" + args[0] + "'");
                err.print(USAGE_TEXT);
                yield USAGE;
            }
        };
    }

    private static int help(PrintStream out, String text) {
        out.print(text);
        return OK;
    }

    static int checkConfig(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            err.print(CHECK_HELP);
            return USAGE;
        }
        Path file = Path.of(args.get(0));
        try {
            SbcConfig config = ConfigLoader.load(file);
            // Warnings (unreachable policy rules) do not stop a config; they are printed as errors are.
            config.policy().loaded().ifPresent(loaded -> loaded.warnings().forEach(err::println));
            out.println(file + ": OK: " + ConfigSummary.of(config));
            return OK;
        } catch (ConfigException e) {
            printErrors(e, err);
            return INVALID;
        }
    }

    private static int runServer(List<String> args, PrintStream out, PrintStream err) {
        SbcConfig config;
        Optional<Path> configFile = Optional.empty();
        if (args.isEmpty()) {
            config = SbcConfig.defaults();
        } else if (args.size() == 2 && args.get(0).equals("--config")) {
            try {
                configFile = Optional.of(Path.of(args.get(1)));
                config = ConfigLoader.load(configFile.get());
            } catch (ConfigException e) {
                printErrors(e, err);
                return INVALID;
            }
        } else {
            err.print(RUN_HELP);
            return USAGE;
        }
        SbcServer server;
        // Log lines (one per ended call, security events) are written off the event loops.
        AsyncLogHandler.installOnRoot(LOG_QUEUE_RECORDS);
        try {
            server = SbcServer.start(config, configFile);
        } catch (Exception e) {
            err.println("sbc: cannot start: " + describe(e));
            return CANNOT_START;
        }
        server.policy().ifPresent(PolicySignal::reloadOnHangup);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("sbc: stopping");
            server.close();
            stopped.countDown();
        }, "sbc-shutdown"));
        out.println("sbc: running (" + server.ioDescription() + "): " + ConfigSummary.of(config));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static void printErrors(ConfigException e, PrintStream err) {
        for (ConfigError error : e.errors()) {
            err.println(error);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof BindException || e.getCause() instanceof BindException) {
            return e.getMessage() + " (is another process listening on that address and port?)";
        }
        return e.toString();
    }
}
