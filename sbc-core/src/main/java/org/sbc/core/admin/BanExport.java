package org.sbc.core.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.edge.ban.BanJson;
import org.sbc.core.json.JsonText;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.feeds.IpPrefix;

/**
 * The active bans in the shapes a firewall or another system loads:
 * {@code GET /api/bans?format=plain|json|nftables}. Only bans the gate enforces are exported: in
 * ban mode {@code monitor} the plain and nftables lists are empty (with a comment saying why), or
 * the kernel would enforce what the SBC only watches.
 */
enum BanExport {
    /**
     * One target per line, an address bare and a network as ADDRESS/LENGTH, and nothing else (no
     * comment lines: the contract is one address or CIDR per line, which any reader can take):
     * what plain feeds read.
     */
    PLAIN("text/plain; charset=utf-8"),
    /** {@code {"bans":[...]}}, as {@code GET /api/bans} without a format. */
    JSON("application/json"),
    /**
     * An nft script for one transaction ({@code nft -f FILE}): declares table {@code inet sbc}
     * with interval sets {@code banned4}/{@code banned6} and {@code exempt4}/{@code exempt6}
     * (trusted and allowed networks, which outrank a ban as they do in the SBC), flushes them
     * and fills them. The chain that drops is the operator's (examples/nftables/).
     */
    NFTABLES("text/plain; charset=utf-8");

    private final String contentType;

    BanExport(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    static Optional<BanExport> ofWord(String word) {
        for (BanExport format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    String write(BanTable table) {
        List<Ban> bans = table.list();
        if (this == JSON) {
            return JsonText.write(json -> {
                json.writeStartObject();
                json.writeFieldName("bans");
                BanJson.writeList(json, bans);
                json.writeEndObject();
            }) + "\n";
        }
        boolean enforced = table.mode().enforces();
        List<IpPrefix> targets = new ArrayList<>();
        if (enforced) {
            bans.forEach(ban -> targets.add(ban.target()));
        }
        StringBuilder out = new StringBuilder();
        if (this == PLAIN) {
            targets.forEach(target -> out.append(plain(target)).append('\n'));
            return out.toString();
        }
        out.append("# sbc active bans at ").append(Instant.now()).append(": ").append(targets.size()).append('\n');
        if (!enforced) {
            out.append("# security.ban.mode is monitor: the SBC enforces no ban, so none is exported\n");
        }
        List<IpPrefix> exempt = new ArrayList<>(table.exemptions().trusted().prefixes());
        exempt.addAll(table.exemptions().allow().prefixes());
        out.append("table inet sbc {\n");
        for (String set : List.of("banned4", "banned6", "exempt4", "exempt6")) {
            // auto-merge: a banned address inside a banned network must not fail the load
            out.append("  set ").append(set).append(" { type ").append(set.endsWith("4") ? "ipv4_addr" : "ipv6_addr")
                    .append("; flags interval; auto-merge; }\n");
        }
        out.append("}\n");
        for (String set : List.of("banned4", "banned6", "exempt4", "exempt6")) {
            out.append("flush set inet sbc ").append(set).append('\n');
        }
        elements(out, "banned4", targets, true);
        elements(out, "banned6", targets, false);
        elements(out, "exempt4", exempt, true);
        elements(out, "exempt6", exempt, false);
        return out.toString();
    }

    private static void elements(StringBuilder out, String set, List<IpPrefix> prefixes, boolean ipv4) {
        List<String> items = prefixes.stream().filter(p -> p.isIpv4() == ipv4).map(BanExport::plain).toList();
        if (!items.isEmpty()) {
            // nft refuses an empty element list: a set with nothing to add gets no line
            out.append("add element inet sbc ").append(set).append(" { ").append(String.join(", ", items)).append(" }\n");
        }
    }

    private static String plain(IpPrefix target) {
        boolean single = target.length() == target.network().getAddress().length * 8;
        return single ? target.network().getHostAddress() : target.toString();
    }
}
