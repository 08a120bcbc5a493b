package org.sbc.policies.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The facts a condition can name, with the key a policy file uses for each. */
public enum Field {
    METHOD("method", Kind.TEXT, false),
    SIDE("side", Kind.ENUM, false),
    TRANSPORT("transport", Kind.ENUM, false),
    SOURCE("source", Kind.ADDRESS, false),
    RURI_USER("ruri_user", Kind.TEXT, false),
    /** Host names compare without regard to case (RFC 3261 §19.1.4). */
    RURI_HOST("ruri_host", Kind.TEXT, true),
    RURI_E164("ruri_e164", Kind.TEXT, false),
    FROM_USER("from_user", Kind.TEXT, false),
    FROM_DOMAIN("from_domain", Kind.TEXT, true),
    FROM_E164("from_e164", Kind.TEXT, false),
    TO_USER("to_user", Kind.TEXT, false),
    TO_DOMAIN("to_domain", Kind.TEXT, true),
    TO_E164("to_e164", Kind.TEXT, false),
    USER_AGENT("user_agent", Kind.TEXT, false),
    AUTH_USER("auth_user", Kind.TEXT, false),
    TRUNK("trunk", Kind.TEXT, false),
    /** The source's country (ISO 3166 code, any case): {@code label.country}, which GeoIP sets. */
    COUNTRY("country", Kind.TEXT, true),
    /** The source's autonomous system number, as text: {@code label.asn}, which GeoIP sets. */
    ASN("asn", Kind.TEXT, false),
    AUTHENTICATED("authenticated", Kind.FLAG, false),
    REGISTERED("registered", Kind.FLAG, false),
    TRUSTED("trusted", Kind.FLAG, false),
    TIME("time", Kind.TIME, false),
    /** {@code header.NAME}: every value of that header. */
    HEADER("header.", Kind.TEXT, false),
    /** {@code label.NAME}: labels from other steps and from earlier {@code tag} actions. */
    LABEL("label.", Kind.TEXT, false);

    /** What sort of value a field holds, which decides the operators it takes. */
    public enum Kind {
        TEXT,
        ENUM,
        ADDRESS,
        FLAG,
        TIME
    }

    private final String key;
    private final Kind kind;
    private final boolean foldsCase;

    Field(String key, Kind kind, boolean foldsCase) {
        this.key = key;
        this.kind = kind;
        this.foldsCase = foldsCase;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public boolean foldsCase() {
        return foldsCase;
    }

    public boolean isNamed() {
        return this == HEADER || this == LABEL;
    }

    /** The keys a {@code match} mapping accepts, as "did you mean" candidates. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(f -> f.isNamed() ? f.key + "NAME" : f.key).toList();
    }

    /** The field a match key names: an exact key, or {@code header.X} / {@code label.X}. */
    public static Optional<Field> ofKey(String key) {
        for (Field field : values()) {
            if (field.isNamed() ? key.startsWith(field.key) : key.equals(field.key)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
