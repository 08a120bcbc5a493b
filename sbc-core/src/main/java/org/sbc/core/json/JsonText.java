package org.sbc.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's JSON, read and written with jackson-core's streaming API (no data binding).
 * {@link #write} builds a document with a {@link JsonGenerator} and the escapes of
 * {@link JsonEscapes#HTML_SAFE}; {@link #writeEvent} the same with those of security events.
 * {@link #parse} reads a document into maps (keys in order), lists, strings, longs, booleans and
 * null: no fractions or exponents (nothing we read has them); depth and size are bounded,
 * duplicate keys refused.
 */
public final class JsonText {

    /** Bodies are capped at 8 KB; a ban file at 100,000 bans is about 60 MB. */
    public static final int MAX_CHARS = 256 << 20;
    /** Levels below the top one: our documents use three; sixteen leaves room and no stack to exhaust. */
    static final int MAX_DEPTH = 16;

    private static final JsonFactory HTML_SAFE = factory(JsonEscapes.HTML_SAFE);
    private static final JsonFactory EVENT = factory(JsonEscapes.EVENT);

    private JsonText() {}

    /** What goes into one document; the generator is closed by the caller. */
    @FunctionalInterface
    public interface Content {
        void writeTo(JsonGenerator json) throws IOException;
    }

    /** One document as text, for the admin API, call records and the ban state file. */
    public static String write(Content content) {
        return write(HTML_SAFE, content);
    }

    /** One security event as text (see {@link JsonEscapes#EVENT}). */
    public static String writeEvent(Content content) {
        return write(EVENT, content);
    }

    /** An object of one string field, such as {@code {"error":"..."}}. */
    public static String object(String key, String value) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField(key, value);
            json.writeEndObject();
        });
    }

    /** Map (keys in order), List, String, Long, Boolean or null. */
    public static Object parse(String text) throws JsonException {
        if (text.length() > MAX_CHARS) {
            throw new JsonException("more than " + MAX_CHARS + " characters");
        }
        try (JsonParser json = HTML_SAFE.createParser(text)) {
            JsonToken first = json.nextToken();
            if (first == null) {
                throw new JsonException("unexpected end at offset 0");
            }
            Object value = value(json, first);
            if (json.nextToken() != null) {
                throw new JsonException("unexpected text after the value at offset " + offset(json));
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw new JsonException("nested deeper than " + MAX_DEPTH);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the input; the offset is all a client needs.
            throw new JsonException("malformed at offset " + Math.max(0, e.getLocation() == null
                    ? 0 : e.getLocation().getCharOffset()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private static Object value(JsonParser json, JsonToken token) throws IOException, JsonException {
        return switch (token) {
            case START_OBJECT -> object(json);
            case START_ARRAY -> array(json);
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT -> {
                if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new JsonException("number out of range at offset " + offset(json));
                }
                yield json.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> throw new JsonException("expected an integer at offset " + offset(json));
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonException("unexpected token at offset " + offset(json));
        };
    }

    private static Map<String, Object> object(JsonParser json) throws IOException, JsonException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            Object value = value(json, json.nextToken());
            if (map.containsKey(key)) {
                throw new JsonException("duplicate key at offset " + offset(json));
            }
            map.put(key, value);
        }
        return map;
    }

    private static List<Object> array(JsonParser json) throws IOException, JsonException {
        List<Object> list = new ArrayList<>();
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
            list.add(value(json, token));
        }
        return list;
    }

    private static long offset(JsonParser json) {
        return json.currentTokenLocation().getCharOffset();
    }

    private static String write(JsonFactory factory, Content content) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = factory.createGenerator(out)) {
            content.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    private static JsonFactory factory(JsonEscapes escapes) {
        JsonFactory factory = JsonFactory.builder()
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
                .build();
        factory.setCharacterEscapes(escapes);
        return factory;
    }
}
