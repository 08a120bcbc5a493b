package org.sbc.core.admin;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.sbc.core.edge.ban.BanTable;

/**
 * Where the dashboard reads what it shows besides the events: the ban table (which it may also
 * lift bans from), the live figures and each source's country (GeoIP), each cheap and safe to
 * read from the admin thread.
 */
public record DashboardSources(BanTable bans, IntSupplier calls, IntSupplier registrations,
        Function<InetAddress, Optional<String>> countryOf) {

    public DashboardSources {
        requireNonNull(countryOf, "countryOf");
        requireNonNull(bans, "bans");
        requireNonNull(calls, "calls");
        requireNonNull(registrations, "registrations");
    }
}
