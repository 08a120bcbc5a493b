package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sbc.feeds.AddressSet;
import org.sbc.feeds.IpPrefix;
import org.sbc.feeds.internal.Printable;

/**
 * Turns a feed's bytes into an {@link AddressSet}. A line (or JSON element, or CSV cell) that is
 * not an address or CIDR is counted and skipped, never fatal: one bad line must not cost the
 * whole list. What is fatal is a body that cannot be a copy of the feed at all (JSON that does
 * not parse, a CSV without the named column) or one with more entries than the feed's bound;
 * then {@link Result.Refused} says why and the caller keeps its previous copy.
 */
public final class FeedParser {

    /** How many skipped lines a result quotes, so the operator can see what was wrong. */
    public static final int SAMPLES = 5;
    /** How much of each quoted line: feed text is someone else's, keep it short. */
    public static final int SAMPLE_CHARS = 80;

    /** APIBAN nests two levels; 32 leaves room for any sane feed and none for a stack attack. */
    static final int MAX_JSON_DEPTH = 32;
    /** Shared with {@link ApibanFetcher}, which reads each page before the parser reads the whole. */
    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
            .build();

    private final FeedFormat format;
    private final String csvColumn;
    private final int maxEntries;

    private FeedParser(FeedFormat format, String csvColumn, int maxEntries) {
        this.format = requireNonNull(format, "format");
        this.csvColumn = csvColumn;
        this.maxEntries = maxEntries;
    }

    public static FeedParser of(FeedDefinition definition) {
        return new FeedParser(definition.format(), definition.csvColumn(), definition.limits().maxEntries());
    }

    public static FeedParser of(FeedFormat format, String csvColumn, int maxEntries) {
        return new FeedParser(format, csvColumn, maxEntries);
    }

    /** What a parse gave: a set, or the reason the body was refused. */
    public sealed interface Result {
        /** {@code skipped} entries were not addresses; {@code samples} quotes the first few, made printable. */
        record Parsed(AddressSet set, int skipped, List<String> samples) implements Result {}

        record Refused(String reason) implements Result {}
    }

    public Result parse(byte[] body) {
        // ISO-8859-1 never fails on bytes; anything outside ASCII cannot be an address anyway
        String text = new String(body, StandardCharsets.ISO_8859_1);
        Collector collector = new Collector(maxEntries);
        try {
            switch (format) {
                case PLAIN -> parsePlain(text, collector);
                case APIBAN -> parseApiban(text, collector);
                case CSV -> parseCsv(text, collector);
                default -> throw new IllegalStateException(format.toString());
            }
        } catch (IllegalArgumentException e) {
            return new Result.Refused(Printable.of(e.getMessage(), 200));
        }
        if (collector.overLimit) {
            return new Result.Refused("more than max_entries " + maxEntries + " entries");
        }
        return new Result.Parsed(collector.builder.build(), collector.skipped, List.copyOf(collector.samples));
    }

    private static void parsePlain(String text, Collector out) {
        for (String line : (Iterable<String>) text.lines()::iterator) {
            String entry = stripComment(line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            int space = firstSpace(entry);
            out.add(space < 0 ? entry : entry.substring(0, space), line);
        }
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        int semi = line.indexOf(';');
        int cut = hash < 0 ? semi : (semi < 0 ? hash : Math.min(hash, semi));
        return cut < 0 ? line : line.substring(0, cut);
    }

    private static int firstSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * APIBAN's answer, {@code {"ipaddress":[...],"ID":"..."}}: the whole body must be JSON before
     * any of it counts, as with a truncated download nothing in it can be trusted to be complete.
     */
    private static void parseApiban(String text, Collector out) {
        JsonToken root;
        List<Element> addresses = null;
        try (JsonParser json = JSON.createParser(text)) {
            root = json.nextToken();
            if (root == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    boolean wanted = json.currentName().equals("ipaddress");
                    JsonToken value = json.nextToken();
                    if (wanted) {
                        // a repeated key counts as written last, like any JSON object
                        addresses = value == JsonToken.START_ARRAY ? elements(json) : null;
                    }
                    json.skipChildren();
                }
            } else {
                json.skipChildren();
            }
            if (root == null || json.nextToken() != null) {
                throw notJson(json.currentLocation().getCharOffset(), "one JSON value");
            }
        } catch (StreamConstraintsException e) {
            throw notJson(e.getLocation() == null ? 0 : e.getLocation().getCharOffset(),
                    "at most " + MAX_JSON_DEPTH + " levels of nesting");
        } catch (JsonProcessingException e) {
            // jackson's own message quotes the feed's text; where it stopped is enough
            throw notJson(e.getLocation() == null ? 0 : e.getLocation().getCharOffset(), "well-formed JSON");
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        if (root != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("apiban: not a JSON object (expected: {\"ipaddress\":[...]})");
        }
        if (addresses == null) {
            throw new IllegalArgumentException("apiban: no \"ipaddress\" array (expected: {\"ipaddress\":[...]})");
        }
        for (Element element : addresses) {
            if (element.string()) {
                out.add(element.text().strip(), element.text());
            } else {
                out.skip(element.text());
            }
        }
    }

    /** One element of the address array: a string, or the text of anything else (to quote it). */
    private record Element(String text, boolean string) {}

    private static List<Element> elements(JsonParser json) throws IOException {
        List<Element> elements = new ArrayList<>();
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                json.skipChildren();
                elements.add(new Element(token == JsonToken.START_OBJECT ? "{...}" : "[...]", false));
            } else {
                elements.add(new Element(json.getText(), token == JsonToken.VALUE_STRING));
            }
        }
        return elements;
    }

    private static IllegalArgumentException notJson(long offset, String expected) {
        return new IllegalArgumentException("JSON at offset " + Math.max(0, offset) + " (expected: " + expected + ")");
    }

    private void parseCsv(String text, Collector out) {
        boolean byNumber = csvColumn.chars().allMatch(Character::isDigit);
        int column = byNumber ? Integer.parseInt(csvColumn) - 1 : -1;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            List<String> cells = csvCells(line);
            if (column < 0) {
                // the first row is the header: find the named column there
                for (int i = 0; i < cells.size() && column < 0; i++) {
                    if (cells.get(i).strip().toLowerCase(Locale.ROOT).equals(csvColumn.toLowerCase(Locale.ROOT))) {
                        column = i;
                    }
                }
                if (column < 0) {
                    throw new IllegalArgumentException(
                            "csv: column " + csvColumn + " not in the header (expected: one of " + cells + ")");
                }
                continue;
            }
            if (column >= cells.size()) {
                out.skip(line);
            } else {
                out.add(cells.get(column).strip(), line);
            }
        }
        if (column < 0) {
            throw new IllegalArgumentException("csv: no header row (expected: one naming column " + csvColumn + ")");
        }
    }

    /** RFC 4180 cells of one line: quoted cells may hold commas and doubled quotes. */
    static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** Adds parsed entries to a bounded builder and counts what is skipped. */
    private static final class Collector {
        final AddressSet.Builder builder;
        final List<String> samples = new ArrayList<>();
        int skipped;
        boolean overLimit;

        Collector(int maxEntries) {
            builder = AddressSet.builder(maxEntries);
        }

        void add(String entry, String line) {
            Optional<IpPrefix> prefix = entry.length() > 64 ? Optional.empty() : IpPrefix.parse(entry);
            if (prefix.isEmpty()) {
                skip(line);
            } else if (!builder.add(prefix.get())) {
                overLimit = true;
            }
        }

        void skip(String line) {
            skipped++;
            if (samples.size() < SAMPLES) {
                samples.add(Printable.of(line, SAMPLE_CHARS));
            }
        }
    }
}
