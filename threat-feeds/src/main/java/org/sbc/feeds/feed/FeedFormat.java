package org.sbc.feeds.feed;

/** How a feed's bytes list addresses. */
public enum FeedFormat {
    /**
     * One address or CIDR per line; {@code #} and {@code ;} start a comment; the first
     * whitespace-separated word of a line is the entry. This reads Spamhaus DROP
     * ({@code 1.10.16.0/20 ; SBL256894}), FireHOL {@code .netset}/{@code .ipset} files and plain
     * lists alike.
     */
    PLAIN,
    /** APIBAN's JSON answer: {@code {"ipaddress":["192.0.2.1",...],"ID":"1234"}}. */
    APIBAN,
    /** Comma-separated values, the address in one column chosen by header name or 1-based number. */
    CSV;

    /** The config spelling ({@code plain}, {@code apiban}, {@code csv}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
