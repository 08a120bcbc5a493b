package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One feed, as configured: immutable, checked field by field and across fields when built, and
 * shared by the refresh thread and the lookups. Every error is reported at once.
 *
 * @param name        names the feed in events, counters and the last-good file: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}
 * @param source      a local file or an https URL
 * @param format      plain, apiban or csv
 * @param csvColumn   for csv only: the header name, or a 1-based column number
 * @param refresh     how often to look for a new copy: at least 1 s for a file, 60 s for https
 * @param action      what to do with a listed source
 * @param weight      0..100: how much a listing counts where policies add up evidence
 * @param ttl         how long a copy stays in force without being confirmed by its source
 *                    (fetched, 304, or file unchanged); past it the feed stops matching (fails
 *                    open) rather than block addresses that may have changed hands
 * @param limits      size, time and count bounds, and the truncation guard
 */
public record FeedDefinition(
        String name,
        FeedSource source,
        FeedFormat format,
        String csvColumn,
        Duration refresh,
        FeedAction action,
        int weight,
        Duration ttl,
        FeedLimits limits) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A file costs a stat per refresh, so 1 s is cheap (the Contract asks for it). */
    public static final Duration MIN_FILE_REFRESH = Duration.ofSeconds(1);
    /** Providers rate-limit and ban clients that poll too often; APIBAN asks for minutes. */
    public static final Duration MIN_HTTPS_REFRESH = Duration.ofSeconds(60);
    public static final Duration MAX_REFRESH = Duration.ofDays(7);
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);
    public static final Duration MAX_TTL = Duration.ofDays(365);

    public FeedDefinition {
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        requireNonNull(format, "format");
        requireNonNull(refresh, "refresh");
        requireNonNull(action, "action");
        requireNonNull(ttl, "ttl");
        requireNonNull(limits, "limits");
        List<String> errors = check(name, source, format, csvColumn, refresh, weight, ttl);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    public static Builder builder(String name, FeedSource source) {
        return new Builder(name, source);
    }

    private static List<String> check(String name, FeedSource source, FeedFormat format, String csvColumn,
            Duration refresh, int weight, Duration ttl) {
        List<String> errors = new ArrayList<>();
        String at = "feed " + name + ": ";
        if (!NAME.matcher(name).matches()) {
            errors.add("feed name: " + name + " (expected: [A-Za-z0-9][A-Za-z0-9._-]{0,63})");
        }
        if (format == FeedFormat.CSV) {
            if (csvColumn == null || csvColumn.isBlank()) {
                errors.add(at + "csv_column: none (expected: a header name or a column number for format csv)");
            } else if (csvColumn.chars().allMatch(Character::isDigit)
                    && (csvColumn.length() > 4 || Integer.parseInt(csvColumn) < 1)) {
                errors.add(at + "csv_column: " + csvColumn + " (expected: 1..9999)");
            }
        } else if (csvColumn != null) {
            errors.add(at + "csv_column: " + csvColumn + " (expected: only with format csv, not " + format.key() + ")");
        }
        Duration min = source instanceof FeedSource.FileSource ? MIN_FILE_REFRESH : MIN_HTTPS_REFRESH;
        if (refresh.compareTo(min) < 0 || refresh.compareTo(MAX_REFRESH) > 0) {
            errors.add(at + "refresh_seconds: " + refresh.toSeconds() + " (expected: " + min.toSeconds() + ".."
                    + MAX_REFRESH.toSeconds() + " for " + (min == MIN_FILE_REFRESH ? "file:" : "https") + " sources)");
        }
        if (weight < 0 || weight > 100) {
            errors.add(at + "weight: " + weight + " (expected: 0..100)");
        }
        // a TTL shorter than the refresh interval would expire every copy before the next check
        Duration minTtl = refresh.compareTo(MIN_FILE_REFRESH) > 0 ? refresh : MIN_FILE_REFRESH;
        if (ttl.compareTo(minTtl) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            errors.add(at + "ttl_seconds: " + ttl.toSeconds() + " (expected: " + minTtl.toSeconds() + ".."
                    + MAX_TTL.toSeconds() + ", at least refresh_seconds)");
        }
        return errors;
    }

    /** Builds a definition with safe defaults: action label, weight 100, TTL 7 days, default limits. */
    public static final class Builder {
        private final String name;
        private final FeedSource source;
        private FeedFormat format = FeedFormat.PLAIN;
        private String csvColumn;
        private Duration refresh = Duration.ofSeconds(300);
        // label by default: a feed that blocks must say so in its config
        private FeedAction action = FeedAction.label();
        private int weight = 100;
        private Duration ttl = DEFAULT_TTL;
        private FeedLimits limits = FeedLimits.DEFAULTS;

        private Builder(String name, FeedSource source) {
            this.name = requireNonNull(name, "name");
            this.source = requireNonNull(source, "source");
        }

        public Builder format(FeedFormat format) {
            this.format = requireNonNull(format, "format");
            return this;
        }

        public Builder csvColumn(String csvColumn) {
            this.csvColumn = csvColumn;
            return this;
        }

        public Builder refresh(Duration refresh) {
            this.refresh = requireNonNull(refresh, "refresh");
            return this;
        }

        public Builder action(FeedAction action) {
            this.action = requireNonNull(action, "action");
            return this;
        }

        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = requireNonNull(ttl, "ttl");
            return this;
        }

        public Builder limits(FeedLimits limits) {
            this.limits = requireNonNull(limits, "limits");
            return this;
        }

        public FeedDefinition build() {
            return new FeedDefinition(name, source, format, csvColumn, refresh, action, weight, ttl, limits);
        }
    }
}
