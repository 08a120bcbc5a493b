package org.sbc.policies.internal;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.Action;
import org.sbc.policies.Admission;
import org.sbc.policies.FraudLimit;
import org.sbc.policies.Mode;
import org.sbc.policies.Numbering;
import org.sbc.policies.Policy;
import org.sbc.policies.Rule;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the files of one policy. Two passes: first every file's {@code lists}, {@code cidr_sets},
 * {@code numbering} and {@code default}, so a rule may use a list from any file; then the rules,
 * in file order. Then the checks across rules: unique ids, exactly one default, unreachable rules.
 */
public final class PolicyReader {

    /** Named lists, and the values per list: enough for a national premium-rate table. */
    public static final int MAX_LISTS = 256;
    public static final int MAX_LIST_VALUES = 10_000;

    private static final List<String> TOP_KEYS = List.of("lists", "cidr_sets", "numbering", "rules", "default", "admission",
            "fraud");
    private static final List<String> RULE_KEYS = List.of("id", "description", "mode", "match", "action");
    private static final List<String> NUMBERING_KEYS = List.of("country_code", "national_prefix", "international_prefix");
    private static final List<String> MODES = List.of("enforce", "monitor");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern LIST_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** One composed file. */
    public record Document(String file, Node root) {}

    /** Where an id, a list or a section was first defined: the "first at FILE:LINE" of a duplicate. */
    private record Origin(String file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    private final Problems problems;
    private final Map<String, List<String>> lists = new LinkedHashMap<>();
    private final Map<String, List<IpPrefix>> cidrSets = new LinkedHashMap<>();
    private final Map<String, Origin> listOrigins = new HashMap<>();
    private Numbering numbering = Numbering.NONE;
    private Origin numberingOrigin;
    private Action defaultAction;
    private Origin defaultOrigin;

    public PolicyReader(Problems problems) {
        this.problems = problems;
    }

    /** The policy, or null when there were errors (they are in {@link Problems}). */
    public Policy read(List<Document> documents) {
        List<YamlMapping> tops = new ArrayList<>();
        for (Document document : documents) {
            problems.file(document.file());
            YamlMapping top = YamlMapping.of(document.root(), "", problems, TOP_KEYS::contains, TOP_KEYS);
            tops.add(top);
            top.value("lists").ifPresent(node -> lists(node, document.file()));
            top.value("cidr_sets").ifPresent(node -> cidrSets(node, document.file()));
            top.value("numbering").ifPresent(node -> numbering(node, document.file()));
            top.value("default").ifPresent(node -> defaultAction(node, document.file()));
        }
        if (defaultOrigin == null && !documents.isEmpty()) {
            problems.file(documents.get(0).file());
            // Never an implicit allow: what happens to a request no rule matches is written down.
            problems.error(documents.get(0).root().getStartMark(), "default",
                    "missing (expected: default: allow, or another verdict, in exactly one policy file)");
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Origin> ids = new HashMap<>();
        Map<Rule, Node> idNodes = new HashMap<>();
        ConditionReader conditions = new ConditionReader(problems, lists, cidrSets);
        ActionReader actions = new ActionReader(problems);
        for (int f = 0; f < documents.size(); f++) {
            String file = documents.get(f).file();
            problems.file(file);
            YamlMapping top = tops.get(f);
            Optional<List<Node>> items = top.sequence("rules", Policy.MAX_RULES);
            for (int i = 0; i < items.map(List::size).orElse(0); i++) {
                rule(items.get().get(i), "rules[" + i + "]", file, conditions, actions, ids).ifPresent(read -> {
                    rules.add(read.rule());
                    idNodes.put(read.rule(), read.idNode());
                });
            }
        }
        List<Admission> admission = new ArrayList<>();
        List<FraudLimit> fraud = new ArrayList<>();
        LimitsReader limits = new LimitsReader(problems, lists);
        for (int f = 0; f < documents.size(); f++) {
            problems.file(documents.get(f).file());
            tops.get(f).value("admission").ifPresent(node -> admission.addAll(limits.admission(node)));
            tops.get(f).value("fraud").ifPresent(node -> fraud.addAll(limits.fraud(node)));
        }
        if (rules.size() > Policy.MAX_RULES) {
            problems.file(documents.get(documents.size() - 1).file());
            problems.error(1, 1, "rules", rules.size() + " rules in all files (expected: at most " + Policy.MAX_RULES + ")");
        }
        if (problems.hasErrors()) {
            return null;
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule shadow = Shadowing.shadowOf(rules, i);
            if (shadow != null) {
                Rule rule = rules.get(i);
                problems.file(rule.file());
                problems.warning(idNodes.get(rule), pathOf(rules, i), "rule " + quote(rule.id())
                        + " is unreachable: rule " + quote(shadow.id()) + " (" + shadow.file() + ":" + shadow.line()
                        + ") matches every request it matches (expected: the more specific rule first)");
            }
        }
        return new Policy(rules, defaultAction, numbering, admission, fraud);
    }

    /** The rule's path inside its own file. */
    private static String pathOf(List<Rule> rules, int index) {
        int inFile = 0;
        for (int i = 0; i < index; i++) {
            if (rules.get(i).file().equals(rules.get(index).file())) {
                inFile++;
            }
        }
        return "rules[" + inFile + "].id";
    }

    private record ReadRule(Rule rule, Node idNode) {}

    private Optional<ReadRule> rule(Node node, String path, String file, ConditionReader conditions,
            ActionReader actions, Map<String, Origin> ids) {
        YamlMapping rule = YamlMapping.of(node, path, problems, RULE_KEYS::contains, RULE_KEYS);
        boolean ok = true;
        for (String required : List.of("id", "match", "action")) {
            if (!rule.has(required)) {
                problems.error(node, path, "missing key " + quote(required) + (required.equals("match")
                        ? " (expected: a mapping of conditions; {} matches every request)"
                        : " (expected: id, match and action)"));
                ok = false;
            }
        }
        Optional<String> id = rule.string("id", 64).filter(text -> {
            Node idNode = rule.value("id").orElseThrow();
            if (!ID.matcher(text).matches() || text.equals("default")) {
                problems.error(idNode, rule.pathOf("id"), quote(text) + " (expected: letters, digits, . _ -,"
                        + " starting with a letter or digit; not 'default')");
                return false;
            }
            Origin first = ids.putIfAbsent(text, new Origin(file, line(idNode)));
            if (first != null) {
                problems.error(idNode, rule.pathOf("id"), "duplicate rule id " + quote(text)
                        + " (expected: each id once; first at " + first + ")");
                return false;
            }
            return true;
        });
        ok &= id.isPresent() || !rule.has("id");
        rule.string("description", 512);
        Mode mode = Mode.ENFORCE;
        if (rule.has("mode")) {
            Optional<String> text = rule.string("mode", 16);
            if (text.isPresent() && Mode.ofWord(text.get()).isPresent()) {
                mode = Mode.ofWord(text.get()).orElseThrow();
            } else {
                text.ifPresent(t -> problems.error(rule.value("mode").orElseThrow(), rule.pathOf("mode"),
                        YamlMapping.unknownNameMessage("mode", t, MODES)));
                ok = false;
            }
        }
        List<Condition> match = rule.value("match").map(m -> conditions.match(m, rule.pathOf("match"))).orElse(List.of());
        Optional<Action> action = rule.value("action").flatMap(a -> actions.action(a, rule.pathOf("action")));
        ok &= action.isPresent() || !rule.has("action");
        if (!ok || id.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReadRule(new Rule(id.get(), mode, match, action.get(), file, line(node)),
                rule.value("id").orElseThrow()));
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    private boolean newName(Node keyNode, String name, String path, String file) {
        if (!LIST_NAME.matcher(name).matches()) {
            problems.error(keyNode, path, quote(name) + " (expected: a name of letters, digits, _ and -)");
            return false;
        }
        Origin first = listOrigins.putIfAbsent(name, new Origin(file, line(keyNode)));
        if (first != null) {
            problems.error(keyNode, path, "duplicate list name " + quote(name)
                    + " (expected: each name once across lists and cidr_sets; first at " + first + ")");
            return false;
        }
        if (listOrigins.size() > MAX_LISTS) {
            problems.error(keyNode, path, listOrigins.size() + " lists (expected: at most " + MAX_LISTS + ")");
            return false;
        }
        return true;
    }

    private void lists(Node node, String file) {
        YamlMapping mapping = YamlMapping.of(node, "lists", problems, k -> true, List.of());
        mapping.entries().forEach((name, tuple) -> {
            String at = mapping.pathOf(name);
            if (!newName(tuple.getKeyNode(), name, at, file)) {
                return;
            }
            YamlMapping.sequence(tuple.getValueNode(), at, MAX_LIST_VALUES, problems).ifPresent(items -> {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    YamlMapping.string(items.get(i), at + "[" + i + "]", ConditionReader.MAX_VALUE_CHARS, problems)
                            .ifPresent(values::add);
                }
                if (items.isEmpty()) {
                    problems.error(tuple.getValueNode(), at, "empty list (expected: at least one value)");
                }
                lists.put(name, List.copyOf(values));
            });
        });
    }

    private void cidrSets(Node node, String file) {
        YamlMapping mapping = YamlMapping.of(node, "cidr_sets", problems, k -> true, List.of());
        mapping.entries().forEach((name, tuple) -> {
            String at = mapping.pathOf(name);
            if (!newName(tuple.getKeyNode(), name, at, file)) {
                return;
            }
            YamlMapping.sequence(tuple.getValueNode(), at, MAX_LIST_VALUES, problems).ifPresent(items -> {
                List<IpPrefix> networks = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    String itemAt = at + "[" + i + "]";
                    Node item = items.get(i);
                    YamlMapping.string(item, itemAt, 64, problems).ifPresent(text -> {
                        try {
                            networks.add(ConditionReader.network(text));
                        } catch (InvalidValueException e) {
                            problems.error(item, itemAt, e.getMessage());
                        }
                    });
                }
                if (items.isEmpty()) {
                    problems.error(tuple.getValueNode(), at, "empty list (expected: at least one address or CIDR)");
                }
                cidrSets.put(name, List.copyOf(networks));
            });
        });
    }

    private void numbering(Node node, String file) {
        if (numberingOrigin != null) {
            problems.error(node, "numbering", "a second numbering plan (expected: one, first at " + numberingOrigin + ")");
            return;
        }
        numberingOrigin = new Origin(file, line(node));
        YamlMapping mapping = YamlMapping.of(node, "numbering", problems, NUMBERING_KEYS::contains, NUMBERING_KEYS);
        Optional<String> countryCode = mapping.value("country_code").flatMap(v -> digits(v, "numbering.country_code", 3));
        Optional<String> nationalPrefix = mapping.value("national_prefix")
                .flatMap(v -> digits(v, "numbering.national_prefix", 4));
        List<String> international = new ArrayList<>();
        mapping.value("international_prefix").ifPresent(v -> {
            List<Node> items = v instanceof SequenceNode
                    ? YamlMapping.sequence(v, "numbering.international_prefix", 4, problems).orElse(List.of()) : List.of(v);
            for (int i = 0; i < items.size(); i++) {
                String at = "numbering.international_prefix" + (v instanceof SequenceNode ? "[" + i + "]" : "");
                digits(items.get(i), at, 4).ifPresent(international::add);
            }
        });
        if (nationalPrefix.isPresent() && countryCode.isEmpty() && !mapping.has("country_code")) {
            problems.error(mapping.keyNode("national_prefix").orElseThrow(), "numbering.national_prefix",
                    "national_prefix without country_code (expected: both: a national number needs a country code)");
            return;
        }
        if (!problems.hasErrors()) {
            numbering = new Numbering(countryCode, nationalPrefix, international);
        }
    }

    /** Digits as written: {@code 00} must stay two zeros, so the scalar's text is read, not its number. */
    private Optional<String> digits(Node node, String path, int max) {
        if (node instanceof ScalarNode scalar && !YamlMapping.isNull(node)) {
            String text = scalar.getValue();
            if (text.length() >= 1 && text.length() <= max && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of(text);
            }
            problems.error(node, path, quote(text) + " (expected: 1.." + max + " digits)");
            return Optional.empty();
        }
        problems.error(node, path, "expected digits, got " + YamlMapping.describe(node));
        return Optional.empty();
    }

    private void defaultAction(Node node, String file) {
        if (defaultOrigin != null) {
            problems.error(node, "default", "a second default (expected: one, first at " + defaultOrigin + ")");
            return;
        }
        defaultOrigin = new Origin(file, line(node));
        new ActionReader(problems).action(node, "default").ifPresent(action -> {
            if (!action.isTerminal()) {
                problems.error(node, "default", action.describe()
                        + " (expected: a verdict: allow, reject, drop, challenge, ban or route)");
            } else {
                defaultAction = action;
            }
        });
    }
}
