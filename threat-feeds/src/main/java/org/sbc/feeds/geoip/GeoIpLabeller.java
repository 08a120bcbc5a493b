package org.sbc.feeds.geoip;

import static java.util.Objects.requireNonNull;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sbc.feeds.internal.Printable;

/**
 * Labels an address with its country and its AS from MaxMind-format databases (GeoLite2/GeoIP2
 * Country and ASN, or the free ip-location-db country databases), read with MaxMind's reader.
 *
 * <p>Two record layouts are understood for the country: GeoIP2's {@code country.iso_code}
 * (falling back to {@code registered_country.iso_code}), and ip-location-db's flat
 * {@code country_code}. The AS is GeoLite2-ASN's {@code autonomous_system_number} and
 * {@code autonomous_system_organization}.
 *
 * <p>Reload: {@link #reloadIfChanged()} compares each file's size and modification time with the
 * copy in force; a changed file is opened and checked in full before one reference swap
 * publishes it, and a file that fails to open leaves the previous database in force. Databases
 * are read into the heap ({@link Reader.FileMode#MEMORY}, 10 to 60 MB each), not memory-mapped:
 * a mapped file that an updater rewrites in place would change under the lookups, and the old
 * reader never needs closing while a lookup may still use it (the garbage collector frees it).
 */
public final class GeoIpLabeller {

    private static final Pattern ISO_CODE = Pattern.compile("[A-Z]{2}");

    private final Optional<Path> countryPath;
    private final Optional<Path> asnPath;
    private volatile Databases databases;

    private GeoIpLabeller(Optional<Path> countryPath, Optional<Path> asnPath, Databases databases) {
        this.countryPath = countryPath;
        this.asnPath = asnPath;
        this.databases = databases;
    }

    /**
     * Opens the configured databases (either may be absent). A configured file that cannot be
     * opened fails here, at start, loudly: an SBC that was told to label by country must not
     * start without the database and silently label nothing.
     */
    public static GeoIpLabeller open(Optional<Path> countryDatabase, Optional<Path> asnDatabase) throws IOException {
        requireNonNull(countryDatabase, "countryDatabase");
        requireNonNull(asnDatabase, "asnDatabase");
        Database country = countryDatabase.isPresent() ? Database.open(countryDatabase.get()) : null;
        Database asn = asnDatabase.isPresent() ? Database.open(asnDatabase.get()) : null;
        return new GeoIpLabeller(countryDatabase, asnDatabase, new Databases(country, asn));
    }

    /** The label of {@code address}; never throws: a lookup that fails answers "unknown". */
    public GeoLabel label(InetAddress address) {
        Databases current = databases;
        String country = current.country == null ? "" : country(current.country.lookup(address));
        long asn = 0;
        String organization = "";
        if (current.asn != null) {
            Map<?, ?> record = current.asn.lookup(address);
            if (record != null) {
                if (record.get("autonomous_system_number") instanceof Number number) {
                    asn = number.longValue();
                }
                if (record.get("autonomous_system_organization") instanceof String name) {
                    organization = Printable.of(name, GeoLabel.MAX_ORGANIZATION);
                }
            }
        }
        return new GeoLabel(country, asn, organization);
    }

    private static String country(Map<?, ?> record) {
        if (record == null) {
            return "";
        }
        String code = null;
        if (record.get("country") instanceof Map<?, ?> country && country.get("iso_code") instanceof String iso) {
            code = iso;
        } else if (record.get("country_code") instanceof String flat) {
            code = flat;
        } else if (record.get("registered_country") instanceof Map<?, ?> registered
                && registered.get("iso_code") instanceof String iso) {
            code = iso;
        }
        return code != null && ISO_CODE.matcher(code).matches() ? code : "";
    }

    /** What one reload check did for one database. */
    public record Reload(Path path, Outcome outcome, String detail) {
        public enum Outcome { UNCHANGED, RELOADED, FAILED }
    }

    /**
     * Reopens each database whose file changed, and swaps the new ones in at once. Call it from
     * a background thread (the feeds' refresh thread), never an event loop: opening reads the
     * whole file.
     */
    public List<Reload> reloadIfChanged() {
        Databases current = databases;
        List<Reload> reloads = new ArrayList<>(2);
        Database country = reload(countryPath, current.country, reloads);
        Database asn = reload(asnPath, current.asn, reloads);
        if (country != current.country || asn != current.asn) {
            databases = new Databases(country, asn);
        }
        return reloads;
    }

    private static Database reload(Optional<Path> path, Database current, List<Reload> reloads) {
        if (path.isEmpty()) {
            return current;
        }
        try {
            BasicFileAttributes now = Files.readAttributes(path.get(), BasicFileAttributes.class);
            if (current != null && current.sameFile(now)) {
                reloads.add(new Reload(path.get(), Reload.Outcome.UNCHANGED, ""));
                return current;
            }
            Database opened = Database.open(path.get());
            reloads.add(new Reload(path.get(), Reload.Outcome.RELOADED, opened.reader.getMetadata().getDatabaseType()));
            return opened;
        } catch (IOException | RuntimeException e) {
            reloads.add(new Reload(path.get(), Reload.Outcome.FAILED,
                    e.getClass().getSimpleName() + ": " + Printable.of(String.valueOf(e.getMessage()), 200)));
            return current;
        }
    }

    /** The two databases in force, swapped together. */
    private record Databases(Database country, Database asn) {}

    /** One open database and the file identity it was read from. */
    private record Database(Reader reader, long size, FileTime modified) {

        static Database open(Path path) throws IOException {
            BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class);
            // CHMCache bounds decoded records (4096 by default), so repeated sources decode once
            Reader reader = new Reader(path.toFile(), Reader.FileMode.MEMORY, new CHMCache());
            // a probe proves the tree and data section decode before the database goes in force
            reader.get(InetAddress.getByAddress(new byte[] {8, 8, 8, 8}), Map.class);
            return new Database(reader, before.size(), before.lastModifiedTime());
        }

        boolean sameFile(BasicFileAttributes now) {
            // full precision (nanoseconds on Linux): a same-size rewrite within a second is still seen
            return now.size() == size && now.lastModifiedTime().equals(modified);
        }

        Map<?, ?> lookup(InetAddress address) {
            try {
                return reader.get(address, Map.class);
            } catch (IOException | RuntimeException e) {
                // a corrupt record, or an IPv6 address in an IPv4-only database: unknown
                return null;
            }
        }
    }
}
