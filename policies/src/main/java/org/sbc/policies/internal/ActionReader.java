package org.sbc.policies.internal;

import static org.sbc.policies.yaml.YamlErrors.quote;
import static org.sbc.policies.yaml.YamlMapping.describe;
import static org.sbc.policies.yaml.YamlMapping.isNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sbc.policies.Action;
import org.sbc.policies.HeaderEdit;
import org.sbc.policies.PolicyEvaluator;
import org.sbc.policies.RateLimit;
import org.sbc.policies.Verdict;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a rule's {@code action} (or the policy's {@code default}) into an {@link Action}. */
public final class ActionReader {

    /** A year: a longer ban is a permanent block, which belongs in a CIDR set rule. */
    public static final long MAX_BAN_SECONDS = 365L * 24 * 3600;
    static final int MAX_REASON_CHARS = 64;
    static final int MAX_HEADER_VALUE_CHARS = 256;
    static final int MAX_EDITS = 16;

    private static final List<String> VERDICTS = List.of("allow", "reject", "drop", "challenge", "ban", "route");
    private static final List<String> KEYS = List.of("allow", "reject", "drop", "challenge", "ban", "route",
            "rate_limit", "set_header", "rewrite_header", "remove_header", "tag");
    private static final List<String> REJECT_KEYS = List.of("code", "reason");
    private static final List<String> RATE_KEYS = List.of("key", "rate", "per", "burst", "digits", "reject");
    private static final List<String> RATE_KEY_NAMES = List.of("source", "user", "trunk", "destination_prefix");
    private static final List<String> PERIODS = List.of("second", "minute", "hour");
    private static final List<String> REWRITE_KEYS = List.of("regex", "replace");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern TRUNK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]+");

    /**
     * Headers the B2BUA and the transaction layer own, long and compact forms (RFC 3261 §7.3.3):
     * a policy that edited them would break calls or forge credentials.
     */
    static final Set<String> PROTECTED_HEADERS = Set.of("via", "v", "from", "f", "to", "t", "call-id", "i", "cseq",
            "contact", "m", "content-length", "l", "content-type", "c", "max-forwards", "route", "record-route",
            "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate");

    private final Problems problems;

    public ActionReader(Problems problems) {
        this.problems = problems;
    }

    /** A rule's action: a verb ({@code drop}) or a mapping ({@code { reject: 403 }}). */
    public Optional<Action> action(Node node, String path) {
        if (node instanceof ScalarNode scalar && !isNull(node)) {
            String verb = scalar.getValue();
            return switch (verb) {
                case "allow" -> Optional.of(Action.of(Verdict.ALLOW));
                case "drop" -> Optional.of(Action.of(Verdict.DROP));
                case "challenge" -> Optional.of(Action.of(Verdict.CHALLENGE));
                case "reject" -> Optional.of(Action.of(Verdict.REJECT));
                case "ban", "route", "rate_limit", "set_header", "rewrite_header", "remove_header", "tag" -> {
                    problems.error(node, path, quote(verb) + " needs a value (expected: e.g. { " + verb + ": "
                            + example(verb) + " })");
                    yield Optional.empty();
                }
                default -> {
                    problems.error(node, path, YamlMapping.unknownNameMessage("action", verb, KEYS));
                    yield Optional.empty();
                }
            };
        }
        if (!(node instanceof MappingNode)) {
            problems.error(node, path, "expected an action such as drop or { reject: 403 }, got " + describe(node));
            return Optional.empty();
        }
        YamlMapping mapping = YamlMapping.of(node, path, problems, KEYS::contains, KEYS);
        List<String> verdicts = mapping.entries().keySet().stream().filter(VERDICTS::contains).toList();
        boolean ok = true;
        if (verdicts.size() > 1) {
            problems.error(mapping.keyNode(verdicts.get(1)).orElseThrow(), mapping.pathOf(verdicts.get(1)),
                    "second verdict " + quote(verdicts.get(1)) + " after " + quote(verdicts.get(0))
                            + " (expected: at most one of " + String.join(", ", VERDICTS) + ")");
            ok = false;
        }
        if (mapping.entries().isEmpty()) {
            if (isNull(node) || ((MappingNode) node).getValue().isEmpty()) {
                problems.error(node, path, "empty action (expected: one of " + String.join(", ", KEYS) + ")");
            }
            return Optional.empty();
        }
        Optional<Verdict> verdict = Optional.empty();
        int code = 0;
        String reason = "";
        long banSeconds = 0;
        Optional<String> trunk = Optional.empty();
        if (verdicts.size() == 1) {
            String key = verdicts.get(0);
            Node value = mapping.value(key).orElseThrow();
            String at = mapping.pathOf(key);
            switch (key) {
                case "allow", "drop", "challenge" -> {
                    if (!isNull(value) && !YamlMapping.bool(value, at, problems).orElse(false)) {
                        if (value instanceof ScalarNode s && s.getValue().equals("false")) {
                            problems.error(value, at, "false (expected: true, or leave the key out)");
                        }
                        ok = false;
                    }
                    verdict = Optional.of(Verdict.valueOf(key.toUpperCase(Locale.ROOT)));
                }
                case "reject" -> {
                    verdict = Optional.of(Verdict.REJECT);
                    if (value instanceof MappingNode) {
                        YamlMapping reject = YamlMapping.of(value, at, problems, REJECT_KEYS::contains, REJECT_KEYS);
                        if (!reject.has("code")) {
                            problems.error(value, at, "missing key 'code' (expected: a response code 400..699)");
                        }
                        Optional<Integer> read = reject.value("code").flatMap(v -> code(v, reject.pathOf("code")));
                        code = read.orElse(0);
                        ok &= read.isPresent();
                        Optional<String> phrase = reject.value("reason").flatMap(v -> reason(v, reject.pathOf("reason")));
                        ok &= phrase.isPresent() || !reject.has("reason");
                        reason = phrase.orElse(PolicyEvaluator.reasonPhrase(code));
                    } else {
                        Optional<Integer> read = code(value, at);
                        code = read.orElse(0);
                        ok &= read.isPresent();
                        reason = PolicyEvaluator.reasonPhrase(code);
                    }
                }
                case "ban" -> {
                    verdict = Optional.of(Verdict.BAN);
                    Optional<Long> seconds = YamlMapping.integer(value, at, 1, MAX_BAN_SECONDS, problems);
                    banSeconds = seconds.orElse(0L);
                    ok &= seconds.isPresent();
                }
                case "route" -> {
                    verdict = Optional.of(Verdict.ALLOW);
                    trunk = YamlMapping.string(value, at, 64, problems).filter(t -> {
                        if (!TRUNK.matcher(t).matches()) {
                            problems.error(value, at, quote(t) + " (expected: a trunk name of letters, digits, . _ -)");
                            return false;
                        }
                        return true;
                    });
                    ok &= trunk.isPresent();
                }
                default -> throw new IllegalStateException(key);
            }
        }
        Optional<RateLimit> rateLimit = Optional.empty();
        if (mapping.has("rate_limit")) {
            if (!verdicts.isEmpty()) {
                problems.error(mapping.keyNode("rate_limit").orElseThrow(), mapping.pathOf("rate_limit"),
                        "rate_limit with " + quote(verdicts.get(0))
                                + " (expected: a rate_limit alone; the rules after it decide requests under the limit)");
                ok = false;
            }
            rateLimit = rateLimit(mapping.value("rate_limit").orElseThrow(), mapping.pathOf("rate_limit"));
            ok &= rateLimit.isPresent();
        }
        List<HeaderEdit> edits = new ArrayList<>();
        ok &= headerEdits(mapping, edits);
        if (!edits.isEmpty() && verdict.isPresent() && verdict.get() != Verdict.ALLOW) {
            String first = mapping.entries().keySet().stream().filter(k -> k.endsWith("_header")).findFirst().orElseThrow();
            problems.error(mapping.keyNode(first).orElseThrow(), mapping.pathOf(first), "header edit with "
                    + quote(verdicts.get(0)) + " (expected: header edits only with allow, route or no verdict;"
                    + " a refused request is not forwarded)");
            ok = false;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (mapping.has("tag")) {
            ok &= tags(mapping.value("tag").orElseThrow(), mapping.pathOf("tag"), tags);
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new Action(verdict, code, reason, banSeconds, trunk, rateLimit, edits, tags));
    }

    private static String example(String verb) {
        return switch (verb) {
            case "ban" -> "600";
            case "route" -> "carrier-a";
            case "rate_limit" -> "{ key: source, rate: 10, per: second }";
            case "tag" -> "{ class: premium }";
            case "remove_header" -> "[X-Internal]";
            case "rewrite_header" -> "{ User-Agent: { regex: '^(\\\\S+).*', replace: '$1' } }";
            default -> "{ X-Policy: checked }";
        };
    }

    private Optional<Integer> code(Node node, String path) {
        Optional<Long> code = YamlMapping.integer(node, path, 400, 699, problems);
        if (code.isPresent() && (code.get() == 401 || code.get() == 407)) {
            // A 401/407 needs a challenge header from the authenticator; a bare one breaks clients.
            problems.error(node, path, code.get() + " (expected: the challenge action for 401/407)");
            return Optional.empty();
        }
        return code.map(Long::intValue);
    }

    private Optional<String> reason(Node node, String path) {
        return YamlMapping.string(node, path, MAX_REASON_CHARS, problems).filter(text -> {
            if (!PRINTABLE.matcher(text).matches()) {
                problems.error(node, path, quote(text) + " (expected: printable ASCII; it goes on the wire)");
                return false;
            }
            return true;
        });
    }

    private Optional<RateLimit> rateLimit(Node node, String path) {
        if (!(node instanceof MappingNode)) {
            problems.error(node, path, "expected a mapping such as " + example("rate_limit") + ", got " + describe(node));
            return Optional.empty();
        }
        YamlMapping limit = YamlMapping.of(node, path, problems, RATE_KEYS::contains, RATE_KEYS);
        boolean ok = true;
        for (String required : List.of("key", "rate", "per")) {
            if (!limit.has(required)) {
                problems.error(node, path, "missing key " + quote(required) + " (expected: key, rate and per)");
                ok = false;
            }
        }
        Optional<RateLimit.Key> key = limit.string("key", 32).flatMap(text -> {
            if (!RATE_KEY_NAMES.contains(text)) {
                problems.error(limit.value("key").orElseThrow(), limit.pathOf("key"),
                        YamlMapping.unknownNameMessage("rate key", text, RATE_KEY_NAMES));
                return Optional.empty();
            }
            return Optional.of(RateLimit.Key.valueOf(text.toUpperCase(Locale.ROOT)));
        });
        Optional<Long> rate = limit.longInteger("rate", 1, 1_000_000);
        Optional<Duration> per = limit.string("per", 16).flatMap(text -> {
            if (!PERIODS.contains(text)) {
                problems.error(limit.value("per").orElseThrow(), limit.pathOf("per"),
                        YamlMapping.unknownNameMessage("period", text, PERIODS));
                return Optional.empty();
            }
            return Optional.of(text.equals("second") ? Duration.ofSeconds(1)
                    : text.equals("minute") ? Duration.ofMinutes(1) : Duration.ofHours(1));
        });
        Optional<Long> burst = limit.longInteger("burst", 1, 1_000_000);
        Optional<Integer> reject = limit.value("reject").flatMap(v -> code(v, limit.pathOf("reject")));
        Optional<Long> digits = limit.longInteger("digits", 1, 16);
        ok &= key.isPresent() && rate.isPresent() && per.isPresent()
                && (burst.isPresent() || !limit.has("burst"))
                && (reject.isPresent() || !limit.has("reject"))
                && (digits.isPresent() || !limit.has("digits"));
        if (key.isPresent() && (key.get() == RateLimit.Key.DESTINATION_PREFIX) != limit.has("digits")) {
            problems.error(limit.keyNode("digits").orElse(node),
                    limit.has("digits") ? limit.pathOf("digits") : limit.path(),
                    key.get() == RateLimit.Key.DESTINATION_PREFIX
                            ? "missing key 'digits' (expected: how many leading digits make the prefix, e.g. 6)"
                            : "digits with key " + key.get().name().toLowerCase(Locale.ROOT)
                                    + " (expected: digits only with destination_prefix)");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(key.get(), digits.orElse(0L).intValue(), rate.get(), per.get(),
                burst.orElse(rate.get()), reject.orElse(503)));
    }

    private boolean headerEdits(YamlMapping mapping, List<HeaderEdit> edits) {
        boolean ok = true;
        if (mapping.has("set_header")) {
            Node node = mapping.value("set_header").orElseThrow();
            YamlMapping headers = YamlMapping.of(node, mapping.pathOf("set_header"), problems, k -> true, List.of());
            ok &= nonEmpty(node, headers, "set_header");
            for (var entry : headers.entries().entrySet()) {
                String at = headers.pathOf(entry.getKey());
                Optional<String> value = YamlMapping.string(entry.getValue().getValueNode(), at,
                        MAX_HEADER_VALUE_CHARS, problems);
                ok &= headerName(entry.getValue().getKeyNode(), entry.getKey(), at) && value.isPresent()
                        && printable(entry.getValue().getValueNode(), value.get(), at);
                value.ifPresent(v -> edits.add(new HeaderEdit.Set(entry.getKey(), v)));
            }
        }
        if (mapping.has("rewrite_header")) {
            Node node = mapping.value("rewrite_header").orElseThrow();
            YamlMapping headers = YamlMapping.of(node, mapping.pathOf("rewrite_header"), problems, k -> true, List.of());
            ok &= nonEmpty(node, headers, "rewrite_header");
            for (var entry : headers.entries().entrySet()) {
                String at = headers.pathOf(entry.getKey());
                YamlMapping rewrite = YamlMapping.of(entry.getValue().getValueNode(), at, problems,
                        REWRITE_KEYS::contains, REWRITE_KEYS);
                if (!rewrite.has("regex") || !rewrite.has("replace")) {
                    problems.error(entry.getValue().getValueNode(), at,
                            "expected both regex and replace, e.g. { regex: '^(\\S+).*', replace: '$1' }");
                    ok = false;
                    continue;
                }
                Optional<BoundedRegex> regex = rewrite.string("regex", BoundedRegex.MAX_SOURCE_CHARS).flatMap(src -> {
                    try {
                        return Optional.of(BoundedRegex.compile(src));
                    } catch (InvalidValueException e) {
                        problems.error(rewrite.value("regex").orElseThrow(), rewrite.pathOf("regex"), e.getMessage());
                        return Optional.empty();
                    }
                });
                Optional<String> replace = rewrite.value("replace").flatMap(v -> isNull(v) ? Optional.of("")
                        : YamlMapping.string(v, rewrite.pathOf("replace"), MAX_HEADER_VALUE_CHARS, problems));
                ok &= headerName(entry.getValue().getKeyNode(), entry.getKey(), at) && regex.isPresent()
                        && replace.isPresent();
                if (regex.isPresent() && replace.isPresent()) {
                    edits.add(new HeaderEdit.Rewrite(entry.getKey(), regex.get(), replace.get()));
                }
            }
        }
        if (mapping.has("remove_header")) {
            Node node = mapping.value("remove_header").orElseThrow();
            String at = mapping.pathOf("remove_header");
            List<Node> items = node instanceof SequenceNode
                    ? YamlMapping.sequence(node, at, MAX_EDITS, problems).orElse(List.of()) : List.of(node);
            for (int i = 0; i < items.size(); i++) {
                String itemAt = node instanceof SequenceNode ? at + "[" + i + "]" : at;
                Optional<String> name = YamlMapping.string(items.get(i), itemAt, 64, problems);
                ok &= name.isPresent() && headerName(items.get(i), name.get(), itemAt);
                name.ifPresent(n -> edits.add(new HeaderEdit.Remove(n)));
            }
        }
        if (edits.size() > MAX_EDITS) {
            problems.error(mapping.value("set_header").or(() -> mapping.value("rewrite_header"))
                            .or(() -> mapping.value("remove_header")).orElseThrow(), mapping.path(),
                    edits.size() + " header edits (expected: at most " + MAX_EDITS + ")");
            ok = false;
        }
        return ok;
    }

    private boolean nonEmpty(Node node, YamlMapping mapping, String key) {
        if (mapping.entries().isEmpty() && (isNull(node) || (node instanceof MappingNode m && m.getValue().isEmpty()))) {
            problems.error(node, mapping.path(), "empty " + key + " (expected: at least one header)");
            return false;
        }
        return node instanceof MappingNode;
    }

    private boolean headerName(Node node, String name, String path) {
        if (!ConditionReader.TOKEN.matcher(name).matches()) {
            problems.error(node, path, quote(name) + " (expected: a header name such as X-Tenant)");
            return false;
        }
        if (PROTECTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            problems.error(node, path, quote(name) + " is managed by the SBC (expected: a header other than "
                    + "Via, From, To, Call-ID, CSeq, Contact, Content-*, Max-Forwards, Route, Record-Route"
                    + " and the authentication headers)");
            return false;
        }
        return true;
    }

    private boolean printable(Node node, String value, String path) {
        if (!PRINTABLE.matcher(value).matches()) {
            problems.error(node, path, quote(value) + " (expected: printable ASCII; it goes on the wire)");
            return false;
        }
        return true;
    }

    private boolean tags(Node node, String path, Map<String, String> tags) {
        YamlMapping mapping = YamlMapping.of(node, path, problems, k -> true, List.of());
        boolean ok = nonEmpty(node, mapping, "tag");
        for (var entry : mapping.entries().entrySet()) {
            String at = mapping.pathOf(entry.getKey());
            if (!LABEL_NAME.matcher(entry.getKey()).matches()) {
                problems.error(entry.getValue().getKeyNode(), at,
                        quote(entry.getKey()) + " (expected: a label name of a-z, 0-9, _ and -)");
                ok = false;
                continue;
            }
            Optional<String> value = YamlMapping.string(entry.getValue().getValueNode(), at, 64, problems);
            ok &= value.isPresent() && printable(entry.getValue().getValueNode(), value.get(), at);
            value.ifPresent(v -> tags.put(entry.getKey(), v));
        }
        return ok;
    }
}
