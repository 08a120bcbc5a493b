package org.sbc.core.cli;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.json.JsonText;

/**
 * {@code sbc bans list|add|remove|why}: the ban table of a running SBC, through its admin API.
 * Prints what the API answers in lines a person reads; the exit code says how it went.
 */
public final class BansCommand {

    static final int OK = 0;
    /** The SBC refused the request (400, 409, 415): the message says why. */
    static final int REFUSED = 1;
    static final int USAGE = 2;
    /** The admin API could not be reached, or answered something unexpected. */
    static final int UNREACHABLE = 3;
    /** {@code why} or {@code remove} of something with no ban. */
    static final int NOT_BANNED = 4;

    static final String DEFAULT_ADMIN = "http://127.0.0.1:8080";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    static final String HELP = """
            Usage: sbc bans list [--admin URL] [--token-file FILE]
                   sbc bans add ADDRESS [--seconds N] [--note TEXT] [--admin URL] [--token-file FILE]
                   sbc bans remove ADDRESS [--admin URL] [--token-file FILE]
                   sbc bans why ADDRESS [--admin URL] [--token-file FILE]

            The ban table of a running SBC, through its admin API (default http://127.0.0.1:8080).
            ADDRESS is an IP literal or a network (ADDRESS/LENGTH, no host bits set).

              list     every active ban: target, reason, expiry, hits
              add      ban ADDRESS for N seconds (default: security.ban.seconds); trusted and
                       allowed networks are refused
              remove   lift the ban of exactly ADDRESS
              why      the bans that cover ADDRESS, with their evidence, and any exemption

            Exit codes: 0 ok, 1 refused by the SBC (or no token it accepts), 2 usage error,
            3 admin API unreachable, 4 not banned (why, remove).

            """ + AdminTokenSource.USAGE;

    private BansCommand() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** As {@link #run(List, PrintStream, PrintStream)}, with the environment given (tests). */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).print(HELP);
            return args.isEmpty() ? USAGE : OK;
        }
        String admin = DEFAULT_ADMIN;
        Optional<String> seconds = Optional.empty();
        Optional<String> note = Optional.empty();
        Optional<String> tokenFile = Optional.empty();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (arg) {
                case "--admin", "--seconds", "--note", "--token-file" -> {
                    if (!hasValue) {
                        return usage(err, arg + " needs a value");
                    }
                    String value = args.get(++i);
                    if (arg.equals("--admin")) {
                        admin = value;
                    } else if (arg.equals("--token-file")) {
                        tokenFile = Optional.of(value);
                    } else if (arg.equals("--seconds")) {
                        seconds = Optional.of(value);
                    } else {
                        note = Optional.of(value);
                    }
                }
                default -> {
                    if (arg.startsWith("--")) {
                        return usage(err, "unknown option " + arg);
                    }
                    positional.add(arg);
                }
            }
        }
        URI base;
        try {
            base = new URI(admin.endsWith("/") ? admin.substring(0, admin.length() - 1) : admin);
            if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
                return usage(err, "--admin: expected a URL like " + DEFAULT_ADMIN);
            }
        } catch (URISyntaxException e) {
            return usage(err, "--admin: expected a URL like " + DEFAULT_ADMIN);
        }
        String command = args.get(0);
        int expected = command.equals("list") ? 0 : 1;
        if (!List.of("list", "add", "remove", "why").contains(command)) {
            return usage(err, "unknown bans command '" + command + "'");
        }
        if (positional.size() != expected) {
            return usage(err, command + (expected == 0 ? " takes no address" : " needs one ADDRESS"));
        }
        if (!command.equals("add") && (seconds.isPresent() || note.isPresent())) {
            return usage(err, "--seconds and --note go with add");
        }
        Optional<String> token;
        try {
            token = AdminTokenSource.find(tokenFile, env);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        Client client = new Client(base, token, out, err);
        return switch (command) {
            case "list" -> client.list();
            case "add" -> client.add(positional.get(0), seconds, note);
            case "remove" -> client.remove(positional.get(0));
            default -> client.why(positional.get(0));
        };
    }

    private static int usage(PrintStream err, String problem) {
        err.println("sbc bans: " + problem);
        err.print(HELP);
        return USAGE;
    }

    /** One command's conversation with the admin API. */
    private record Client(URI base, Optional<String> token, PrintStream out, PrintStream err) {

        int list() {
            Optional<AdminClient.Reply> reply = send(HttpRequest.newBuilder(uri("")).GET());
            if (reply.isEmpty()) {
                return UNREACHABLE;
            }
            if (reply.get().status() != 200 || !(reply.get().json().get("bans") instanceof List<?> bans)) {
                return unexpected(reply.get());
            }
            if (bans.isEmpty()) {
                out.println("no active bans");
                return OK;
            }
            out.printf("%-43s %-8s %-24s %10s %s%n", "TARGET", "REASON", "EXPIRES", "HITS", "RULE");
            for (Object ban : bans) {
                Map<?, ?> b = (Map<?, ?>) ban;
                Map<?, ?> evidence = (Map<?, ?>) b.get("evidence");
                out.printf("%-43s %-8s %-24s %10s %s%n", b.get("target"), b.get("reason"), b.get("expires"),
                        b.get("hits"), evidence == null ? "" : evidence.get("rule"));
            }
            return OK;
        }

        int add(String address, Optional<String> seconds, Optional<String> note) {
            if (seconds.isPresent() && !seconds.get().matches("[0-9]{1,10}")) {
                err.println("sbc bans: --seconds: expected a whole number of seconds");
                return USAGE;
            }
            String body = JsonText.write(json -> {
                json.writeStartObject();
                json.writeStringField("address", address);
                if (seconds.isPresent()) {
                    json.writeNumberField("seconds", Long.parseLong(seconds.get()));
                }
                if (note.isPresent()) {
                    json.writeStringField("note", note.get());
                }
                json.writeEndObject();
            });
            Optional<AdminClient.Reply> reply = send(HttpRequest.newBuilder(uri(""))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            if (reply.isEmpty()) {
                return UNREACHABLE;
            }
            if (reply.get().status() == 201 && reply.get().json().get("ban") instanceof Map<?, ?> ban) {
                out.println("banned " + ban.get("target") + " until " + ban.get("expires")
                        + ("monitor".equals(reply.get().json().get("mode")) ? " (ban mode monitor: not enforced)" : ""));
                return OK;
            }
            return refusedOrUnexpected(reply.get());
        }

        int remove(String address) {
            Optional<AdminClient.Reply> reply = send(HttpRequest.newBuilder(uri(address)).DELETE());
            if (reply.isEmpty()) {
                return UNREACHABLE;
            }
            if (reply.get().status() == 200) {
                out.println("removed the ban of " + reply.get().json().get("removed"));
                return OK;
            }
            if (reply.get().status() == 404) {
                out.println(reply.get().json().get("error"));
                return NOT_BANNED;
            }
            return refusedOrUnexpected(reply.get());
        }

        int why(String address) {
            Optional<AdminClient.Reply> reply = send(HttpRequest.newBuilder(uri(address)).GET());
            if (reply.isEmpty()) {
                return UNREACHABLE;
            }
            Map<?, ?> json = reply.get().json();
            if ((reply.get().status() != 200 && reply.get().status() != 404) || !(json.get("bans") instanceof List<?> bans)) {
                return refusedOrUnexpected(reply.get());
            }
            Object exempt = json.get("exempt");
            out.println(json.get("target") + ": " + (Boolean.TRUE.equals(json.get("banned")) ? "banned"
                    : bans.isEmpty() ? "not banned" : "covered by a ban but " + exempt + ", so it passes")
                    + (exempt != null && bans.isEmpty() ? " (" + exempt + ": never banned)" : "")
                    + ("monitor".equals(json.get("mode")) && !bans.isEmpty() ? " (ban mode monitor: not enforced)" : ""));
            for (Object item : bans) {
                Map<?, ?> ban = (Map<?, ?>) item;
                Map<?, ?> evidence = (Map<?, ?>) ban.get("evidence");
                out.println("  ban of " + ban.get("target") + ": " + ban.get("reason") + ", offence " + ban.get("offences")
                        + ", from " + ban.get("created") + " until " + ban.get("expires"));
                out.println("    step: " + evidence.get("step") + "; rule: " + evidence.get("rule"));
                if (evidence.get("counters") instanceof Map<?, ?> counters && !counters.isEmpty()) {
                    out.println("    counters: " + counters);
                }
                out.println("    evidence first seen " + evidence.get("first_seen") + ", last seen " + evidence.get("last_seen"));
                out.println("    refused since: " + ban.get("hits") + " (last " + Optional.ofNullable(ban.get("last_hit")).orElse("never") + ")");
                if (ban.get("note") != null) {
                    out.println("    note: " + ban.get("note"));
                }
            }
            return bans.isEmpty() ? NOT_BANNED : OK;
        }

        private URI uri(String target) {
            String path = target.isEmpty() ? "/api/bans" : "/api/bans/" + URLEncoder.encode(target, StandardCharsets.UTF_8);
            return URI.create(base + path);
        }

        private Optional<AdminClient.Reply> send(HttpRequest.Builder request) {
            return new AdminClient(base, token, err, "sbc bans").send(request);
        }

        private int refusedOrUnexpected(AdminClient.Reply reply) {
            if (reply.status() == 401 || reply.status() == 403) {
                return notAllowed(reply);
            }
            if (reply.status() == 400 || reply.status() == 409 || reply.status() == 415) {
                err.println("sbc bans: refused: " + reply.json().get("error"));
                return REFUSED;
            }
            return unexpected(reply);
        }

        private int notAllowed(AdminClient.Reply reply) {
            err.println("sbc bans: the admin API refused " + (reply.status() == 401
                    ? "the request: it wants a token (" + (token.isEmpty() ? "none given" : "the one given is not in its tokens file") + ")"
                    : "the request: this token may only read"));
            return REFUSED;
        }

        private int unexpected(AdminClient.Reply reply) {
            if (reply.status() == 401 || reply.status() == 403) {
                return notAllowed(reply);
            }
            err.println("sbc bans: unexpected answer from " + base + ": HTTP " + reply.status());
            return UNREACHABLE;
        }
    }
}
