package org.sbc.policies.yaml;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns config or policy text into a node tree with positions, refusing what YAML allows but a
 * config or policy file never needs and an attacker could use.
 *
 * <p>Composing happens in two passes. The first streams parser events, which needs no recursion,
 * and rejects anchors, aliases, merge keys and deep nesting; only then does the composer, which recurses
 * once per nesting level, build the tree.
 */
public final class YamlSource {

    /**
     * Stops memory exhaustion through huge files; a real config is a few kilobytes, a real policy
     * too, a generated policy of a thousand rules a few hundred.
     */
    public static final int MAX_CHARS = 1 << 20;

    /**
     * A config needs four levels (root, section, list, entry), the deepest policy eight (root,
     * rules, rule, match, not, field, operator, list). Deeper nesting is a mistake or a
     * stack-exhaustion attack on the recursive composer.
     */
    public static final int MAX_DEPTH = 16;

    /** Belt and braces behind the alias ban: bounds alias expansion (billion laughs). */
    private static final int MAX_ALIASES = 10;

    private YamlSource() {}

    /** The root node, or empty for a file with no document; problems go to {@code errors}. */
    public static Optional<Node> compose(String yaml, YamlErrors errors) {
        if (yaml.length() > MAX_CHARS) {
            errors.error(1, 1, "", yaml.length() + " characters (expected: at most " + MAX_CHARS + ")");
            return Optional.empty();
        }
        LoadSettings settings = settings(errors.file());
        try {
            if (!screen(new Parse(settings).parseString(yaml), errors)) {
                return Optional.empty();
            }
            return new Compose(settings).composeString(yaml);
        } catch (YamlEngineException e) {
            addSyntaxError(e, yaml, errors);
            return Optional.empty();
        }
    }

    private static LoadSettings settings(String fileName) {
        return LoadSettings.builder()
                .setLabel(fileName)
                .setSchema(new CoreSchema())
                .setUseMarks(true)
                .setParseComments(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CHARS)
                .setEnvConfig(Optional.empty())
                .build();
    }

    /**
     * Anchors and aliases are refused outright: a config or a policy gains nothing from them, and without
     * them no node is shared, so nothing can expand or loop.
     */
    private static boolean screen(Iterable<Event> events, YamlErrors errors) {
        boolean clean = true;
        int depth = 0;
        for (Event event : events) {
            if (event instanceof AliasEvent alias) {
                errors.error(event.getStartMark(), "", "alias '*" + alias.getAlias().getValue()
                        + "' (expected: no anchors or aliases; write the value out)");
                clean = false;
            } else if (event instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getValue().equals("<<")) {
                // The composer would merge the keys in silently; a key then has no single position.
                errors.error(event.getStartMark(), "", "merge key '<<' (expected: no merge keys; write the keys out)");
                clean = false;
            } else if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
                errors.error(event.getStartMark(), "", "anchor '&" + node.getAnchor().get().getValue()
                        + "' (expected: no anchors or aliases; write the value out)");
                clean = false;
            }
            if (event instanceof CollectionStartEvent) {
                if (++depth > MAX_DEPTH) {
                    errors.error(event.getStartMark(), "",
                            "nesting depth " + depth + " (expected: at most " + MAX_DEPTH + ")");
                    return false;
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
        return clean;
    }

    private static void addSyntaxError(YamlEngineException e, String yaml, YamlErrors errors) {
        if (e instanceof MarkedYamlEngineException marked) {
            String context = marked.getContext() == null ? "" : marked.getContext()
                    + marked.getContextMark().map(m -> " at line " + (m.getLine() + 1)).orElse("") + ": ";
            errors.error(marked.getProblemMark().or(marked::getContextMark), "",
                    "bad YAML: " + context + marked.getProblem());
        } else if (e instanceof ReaderException reader) {
            int[] position = lineAndColumn(yaml, reader.getPosition());
            errors.error(position[0], position[1], "", String.format(
                    "bad character U+%04X (expected: printable Unicode text)", reader.getCodePoint()));
        } else {
            errors.error(1, 1, "", "bad YAML: " + firstLine(e.getMessage()));
        }
    }

    /** The reader reports a code point index; editors want line and column. */
    private static int[] lineAndColumn(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int i = 0; i < text.length() && index < codePointIndex; index++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
