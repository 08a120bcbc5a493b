package org.sbc.policies.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable set of networks. A lookup masks the address once per distinct prefix length
 * present and probes a hash set, so its cost is bounded by the number of lengths (at most 33 for
 * IPv4, 129 for IPv6), not by the number of networks: a 10,000-entry carrier list costs the same
 * as a 10-entry one.
 */
public final class IpSet {

    private final List<IpNetwork> networks;
    private final Set<IpNetwork> index;
    private final int[] v4Lengths;
    private final int[] v6Lengths;

    public IpSet(List<IpNetwork> networks) {
        this.networks = List.copyOf(networks);
        this.index = new HashSet<>(networks);
        TreeSet<Integer> v4 = new TreeSet<>();
        TreeSet<Integer> v6 = new TreeSet<>();
        networks.forEach(n -> (n.v6() ? v6 : v4).add(n.length()));
        this.v4Lengths = v4.stream().mapToInt(Integer::intValue).toArray();
        this.v6Lengths = v6.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The narrowest network holding {@code address}, or null; null is cheaper than Optional per request. */
    public IpNetwork find(InetAddress address) {
        boolean v6 = address.getAddress().length == 16;
        int[] lengths = v6 ? v6Lengths : v4Lengths;
        if (lengths.length == 0) {
            return null;
        }
        IpNetwork whole = IpNetwork.of(address, v6 ? 128 : 32);
        for (int i = lengths.length - 1; i >= 0; i--) {
            IpNetwork candidate = IpNetwork.masked(v6, whole.high(), whole.low(), lengths[i]);
            if (index.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public List<IpNetwork> networks() {
        return networks;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpSet that && index.equals(that.index);
    }

    @Override
    public int hashCode() {
        return index.hashCode();
    }

    @Override
    public String toString() {
        List<String> text = new ArrayList<>();
        networks.forEach(n -> text.add(n.toString()));
        return text.toString();
    }
}
