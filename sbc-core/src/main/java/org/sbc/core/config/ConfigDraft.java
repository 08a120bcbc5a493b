package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.edge.policy.PolicyConfig;
import org.sbc.core.sip.ListenAddress;
import org.sbc.policies.yaml.Located;

/**
 * Everything stage 1 read, each value with its position, defaults filled in. Stage 2 checks it
 * as a whole; only then does it become an {@link SbcConfig}.
 */
record ConfigDraft(
        List<Located<ListenAddress>> outside,
        List<Located<ListenAddress>> inside,
        PbxTarget pbx,
        Located<InetSocketAddress> adminListen,
        SipConfig sip,
        Map<LimitField, Located<Integer>> limits,
        SecurityConfig security,
        B2buaConfig b2bua,
        TopologyConfig topology,
        MediaConfig media,
        AdminAccess adminAccess,
        CallRecordsConfig callRecords,
        PolicyConfig policy,
        Optional<TlsConfig> outsideTls,
        Optional<TlsConfig> insideTls) {

    ConfigDraft {
        requireNonNull(outsideTls, "outsideTls");
        requireNonNull(insideTls, "insideTls");
        outside = List.copyOf(outside);
        inside = List.copyOf(inside);
        requireNonNull(pbx, "pbx");
        requireNonNull(adminListen, "adminListen");
        requireNonNull(sip, "sip");
        requireNonNull(security, "security");
        requireNonNull(b2bua, "b2bua");
        requireNonNull(topology, "topology");
        requireNonNull(media, "media");
        requireNonNull(adminAccess, "adminAccess");
        requireNonNull(callRecords, "callRecords");
        requireNonNull(policy, "policy");
        limits = new EnumMap<>(limits);
        if (limits.size() != LimitField.values().length) {
            throw new IllegalArgumentException("limits: " + limits.keySet() + " (expected: every LimitField)");
        }
    }

    int limit(LimitField field) {
        return limits.get(field).value();
    }

    /** @throws IllegalArgumentException if a record constructor disagrees with stage 1 */
    SbcConfig toConfig() {
        return new SbcConfig(
                new Side(outside.stream().map(Located::value).toList(), outsideTls),
                new Side(inside.stream().map(Located::value).toList(), insideTls),
                pbx,
                adminListen.value(),
                sip,
                new Limits(
                        limit(LimitField.MAX_MESSAGE_BYTES),
                        limit(LimitField.MAX_HEADERS),
                        limit(LimitField.MAX_LINE_BYTES),
                        limit(LimitField.TCP_CONNECTIONS_PER_SOURCE),
                        limit(LimitField.TCP_CONNECTIONS_TOTAL),
                        limit(LimitField.TCP_IDLE_TIMEOUT_SECONDS),
                        limit(LimitField.UDP_RECEIVE_BUFFER_BYTES),
                        limit(LimitField.TCP_CONNECTIONS_PER_PREFIX),
                        limit(LimitField.TCP_CONNECTIONS_PER_WIDE_PREFIX),
                        limit(LimitField.TCP_FIRST_MESSAGE_SECONDS),
                        limit(LimitField.MEMORY_BUDGET_PERCENT),
                        limit(LimitField.MEMORY_BUDGET_MB),
                        limit(LimitField.NEW_DIALOGS_PER_SECOND),
                        limit(LimitField.WARM_UP_MS)),
                security,
                b2bua,
                topology,
                media,
                adminAccess,
                callRecords,
                policy);
    }
}
