package org.sbc.feeds;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable set of IPv4 and IPv6 prefixes, matched on parsed addresses. A lookup masks the
 * address once per distinct prefix length present and probes a hash set, so its cost depends on
 * how many lengths the set uses (at most 33 + 129), not on how many prefixes it holds: a feed of
 * 100,000 /32s costs one probe.
 */
public final class CidrSet {

    private static final CidrSet EMPTY = new CidrSet(List.of());

    /** Per address family (4 or 16 bytes), prefix length → networks of that length. */
    private final Map<Integer, TreeMap<Integer, Set<InetAddress>>> byFamily = new TreeMap<>();
    private final List<IpPrefix> prefixes;

    private CidrSet(Collection<IpPrefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
        for (IpPrefix prefix : prefixes) {
            byFamily.computeIfAbsent(prefix.network().getAddress().length, k -> new TreeMap<>())
                    .computeIfAbsent(prefix.length(), k -> new HashSet<>())
                    .add(prefix.network());
        }
    }

    public static CidrSet of(Collection<IpPrefix> prefixes) {
        return prefixes.isEmpty() ? EMPTY : new CidrSet(prefixes);
    }

    public static CidrSet empty() {
        return EMPTY;
    }

    public boolean contains(InetAddress address) {
        Map<Integer, Set<InetAddress>> lengths = byFamily.get(address.getAddress().length);
        if (lengths == null) {
            return false;
        }
        for (Map.Entry<Integer, Set<InetAddress>> entry : lengths.entrySet()) {
            if (entry.getValue().contains(IpPrefix.mask(address, entry.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /** The narrowest prefix of this set that holds {@code address}: what a rule explains it matched. */
    public Optional<IpPrefix> longestMatch(InetAddress address) {
        TreeMap<Integer, Set<InetAddress>> lengths = byFamily.get(address.getAddress().length);
        if (lengths == null) {
            return Optional.empty();
        }
        for (Map.Entry<Integer, Set<InetAddress>> entry : lengths.descendingMap().entrySet()) {
            InetAddress network = IpPrefix.mask(address, entry.getKey());
            if (entry.getValue().contains(network)) {
                return Optional.of(new IpPrefix(network, entry.getKey()));
            }
        }
        return Optional.empty();
    }

    public List<IpPrefix> prefixes() {
        return prefixes;
    }

    public int size() {
        return prefixes.size();
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrSet that && new HashSet<>(prefixes).equals(new HashSet<>(that.prefixes));
    }

    @Override
    public int hashCode() {
        return new HashSet<>(prefixes).hashCode();
    }

    @Override
    public String toString() {
        List<String> texts = new ArrayList<>();
        prefixes.forEach(p -> texts.add(p.toString()));
        return texts.toString();
    }
}
