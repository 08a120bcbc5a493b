package org.sbc.core.edge.reputation;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.sbc.policies.Mode;

/**
 * The {@code security.geoip:} section: MaxMind-format databases that label every source with a
 * country and an AS, and the country shortcut that blocks on them (the last place in the
 * precedence, after trusted, allow, bans and feeds).
 *
 * @param countryDatabase a GeoIP2/GeoLite2 Country or ip-location-db country file; relative
 *     paths are relative to the config file
 * @param asnDatabase a GeoLite2-ASN file
 * @param allowCountries when not empty, a source with a known country outside this list is
 *     dropped; an unknown country passes (private and new ranges must not lock out phones)
 * @param denyCountries a source labelled with one of these is dropped
 * @param mode {@code monitor}: a refused country is counted and passes
 */
public record GeoIpConfig(Optional<Path> countryDatabase, Optional<Path> asnDatabase, Set<String> allowCountries,
        Set<String> denyCountries, Mode mode) {

    public static final GeoIpConfig DEFAULT =
            new GeoIpConfig(Optional.empty(), Optional.empty(), Set.of(), Set.of(), Mode.ENFORCE);

    public GeoIpConfig {
        requireNonNull(mode, "mode");
        requireNonNull(countryDatabase, "countryDatabase");
        requireNonNull(asnDatabase, "asnDatabase");
        allowCountries = Set.copyOf(allowCountries);
        denyCountries = Set.copyOf(denyCountries);
        if (!allowCountries.isEmpty() && !denyCountries.isEmpty()) {
            // two lists would need an order between them; one list says it all
            throw new IllegalArgumentException("deny_countries: set together with allow_countries"
                    + " (expected: one of allow_countries or deny_countries)");
        }
        if (countryDatabase.isEmpty() && (!allowCountries.isEmpty() || !denyCountries.isEmpty())) {
            String key = allowCountries.isEmpty() ? "deny_countries" : "allow_countries";
            throw new IllegalArgumentException(key + ": a country list without country_database"
                    + " (expected: country_database set whenever a country list is)");
        }
    }

    public boolean isEnabled() {
        return countryDatabase.isPresent() || asnDatabase.isPresent();
    }

    /** True when the country shortcut blocks {@code country} (ISO 3166-1 alpha-2, "" unknown). */
    public boolean blocks(String country) {
        if (country.isEmpty()) {
            return false;
        }
        return denyCountries.contains(country) || (!allowCountries.isEmpty() && !allowCountries.contains(country));
    }
}
