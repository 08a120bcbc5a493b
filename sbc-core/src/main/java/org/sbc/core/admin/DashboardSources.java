package org.sbc.core.admin;

import static java.util.Objects.requireNonNull;

import java.util.function.IntSupplier;
import org.sbc.core.edge.ban.BanTable;

/**
 * Where the dashboard reads what it shows besides the events: the ban table (which it may also
 * lift bans from) and the live figures, each cheap and safe to read from the admin thread.
 */
public record DashboardSources(BanTable bans, IntSupplier calls, IntSupplier registrations) {

    public DashboardSources {
        requireNonNull(bans, "bans");
        requireNonNull(calls, "calls");
        requireNonNull(registrations, "registrations");
    }
}
