package org.sbc.core.b2bua;

import io.netty.util.Attribute;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.b2bua.registration.BindingCache;
import org.sbc.core.transport.IdleConnectionCloser;

/**
 * Keeps a phone's TCP connection open for as long as a registration lives on it. The PBX reaches
 * a phone behind NAT only over the connection it registered on, so closing it for idleness would
 * cut the phone off until it re-registers; its close, by the phone or the network, is what ends
 * the flow. Connections without a live registration still time out.
 */
final class FlowLease {

    private FlowLease() {}

    /** The binding's connection (if it has one) stays open at least until the binding expires. */
    static void extend(Binding binding) {
        binding.flow().connection().ifPresent(channel -> {
            Attribute<Long> lease = channel.attr(IdleConnectionCloser.KEEP_OPEN_UNTIL);
            long until = binding.expiresAtMillis();
            for (Long current = lease.get(); current == null || current < until; current = lease.get()) {
                if (lease.compareAndSet(current, until)) {
                    return;
                }
            }
        });
    }

    /** After a binding on {@code flow} went away: the lease is what the remaining ones need. */
    static void recompute(Target flow, BindingCache bindings) {
        flow.connection().ifPresent(channel -> channel.attr(IdleConnectionCloser.KEEP_OPEN_UNTIL)
                .set(bindings.all().stream()
                        .filter(b -> b.flow().connection().filter(c -> c == channel).isPresent())
                        .mapToLong(Binding::expiresAtMillis)
                        .max()
                        .orElse(0L)));
    }
}
