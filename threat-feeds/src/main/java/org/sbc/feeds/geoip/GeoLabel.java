package org.sbc.feeds.geoip;

import static java.util.Objects.requireNonNull;

/**
 * What the GeoIP databases say about one address.
 *
 * @param country         ISO 3166-1 alpha-2 code, upper case ({@code "US"}); empty when unknown
 *                        or no country database is configured
 * @param asn             the origin autonomous system; 0 when unknown (AS0 is never announced,
 *                        RFC 7607, so it cannot be a real answer)
 * @param asOrganization  the AS's registered name; empty when unknown. Text from the database,
 *                        not from the peer, but still cut to {@link #MAX_ORGANIZATION} characters
 */
public record GeoLabel(String country, long asn, String asOrganization) {

    public static final int MAX_ORGANIZATION = 128;
    public static final GeoLabel UNKNOWN = new GeoLabel("", 0, "");

    public GeoLabel {
        requireNonNull(country, "country");
        requireNonNull(asOrganization, "asOrganization");
    }

    public boolean hasCountry() {
        return !country.isEmpty();
    }

    public boolean hasAsn() {
        return asn != 0;
    }
}
