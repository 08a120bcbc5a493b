package org.sbc.core.cli;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.json.JsonText;

/**
 * {@code sbc fraud list|reset USER}: the fraud limits' accounts of a running SBC, through its
 * admin API. {@code reset} lifts every block of a user (or trunk) at once.
 */
final class FraudCommand {

    static final int NOT_FOUND = 4;

    static final String HELP = """
            Usage: sbc fraud list [--admin URL] [--token-file FILE]
                   sbc fraud reset USER [--admin URL] [--token-file FILE]

            The fraud counts of a running SBC (the fraud: limits of its policy), through its admin
            API (default http://127.0.0.1:8080).

              list     every user and trunk counted: calls this minute and hour, calls up,
                       international and high-cost minutes today, and what blocks it
              reset    forget USER's counts (a user or a trunk name), lifting its blocks

            Exit codes: 0 ok, 1 refused by the SBC, 2 usage error, 3 admin API unreachable,
            4 no counts for USER (reset).

            """ + AdminTokenSource.USAGE;

    private FraudCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).print(HELP);
            return args.isEmpty() ? Main.USAGE : Main.OK;
        }
        try {
            CliOptions options = CliOptions.parse(args.subList(1, args.size()), Set.of("--admin", "--token-file"), Set.of());
            Optional<URI> base = AdminClient.base(options.value("--admin").orElse(AdminClient.DEFAULT_ADMIN));
            if (base.isEmpty()) {
                throw new CliOptions.UsageException("--admin: expected a URL like " + AdminClient.DEFAULT_ADMIN);
            }
            Optional<String> token;
            try {
                token = AdminTokenSource.find(options.value("--token-file"), System.getenv());
            } catch (IllegalArgumentException e) {
                throw new CliOptions.UsageException(e.getMessage());
            }
            AdminClient client = new AdminClient(base.get(), token, err, "sbc fraud");
            return switch (args.get(0)) {
                case "list" -> {
                    if (!options.positional().isEmpty()) {
                        throw new CliOptions.UsageException("list takes no USER");
                    }
                    yield list(client, out);
                }
                case "reset" -> {
                    if (options.positional().size() != 1) {
                        throw new CliOptions.UsageException("reset needs one USER");
                    }
                    yield reset(client, options.positional().get(0), out);
                }
                default -> throw new CliOptions.UsageException("unknown fraud command '" + args.get(0) + "'");
            };
        } catch (CliOptions.UsageException e) {
            err.println("sbc fraud: " + e.getMessage());
            err.print(HELP);
            return Main.USAGE;
        }
    }

    private static int list(AdminClient client, PrintStream out) {
        Optional<AdminClient.Reply> reply = client.send(HttpRequest.newBuilder(client.uri("/api/fraud")).GET());
        if (reply.isEmpty()) {
            return BansCommand.UNREACHABLE;
        }
        if (reply.get().status() != 200 || !(reply.get().json().get("accounts") instanceof List<?> accounts)) {
            return unexpected(client, reply.get());
        }
        out.printf("%-24s %-24s %6s %6s %4s %6s %6s %s%n", "LIMIT", "USER", "MIN", "HOUR", "UP", "INTL", "COST", "BLOCKED BY");
        for (Object item : accounts) {
            Map<?, ?> a = (Map<?, ?>) item;
            out.printf("%-24s %-24s %6s %6s %4s %6s %6s %s%n", a.get("limit"), a.get("subject"), a.get("calls_this_minute"),
                    a.get("calls_this_hour"), a.get("concurrent"), a.get("international_minutes_today"),
                    a.get("high_cost_minutes_today"), a.get("blocked_by") == null ? "-" : a.get("blocked_by"));
        }
        return Main.OK;
    }

    private static int reset(AdminClient client, String user, PrintStream out) {
        Optional<AdminClient.Reply> reply = client.send(HttpRequest.newBuilder(client.uri("/api/fraud/reset"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonText.object("user", user))));
        if (reply.isEmpty()) {
            return BansCommand.UNREACHABLE;
        }
        return switch (reply.get().status()) {
            case 200 -> {
                out.println("reset " + reply.get().json().get("reset") + " fraud accounts of " + user);
                yield Main.OK;
            }
            case 404 -> {
                out.println("no fraud counts for " + user);
                yield NOT_FOUND;
            }
            case 400 -> {
                client.err().println("sbc fraud: refused: " + reply.get().json().get("error"));
                yield Main.INVALID;
            }
            default -> unexpected(client, reply.get());
        };
    }

    private static int unexpected(AdminClient client, AdminClient.Reply reply) {
        client.err().println("sbc fraud: unexpected answer from " + client.base() + ": HTTP " + reply.status());
        return BansCommand.UNREACHABLE;
    }
}
