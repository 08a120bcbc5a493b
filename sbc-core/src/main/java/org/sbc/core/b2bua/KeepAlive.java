package org.sbc.core.b2bua;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.b2bua.transaction.TransactionUser;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * OPTIONS pings to phones registered over UDP, so the NAT in front of them keeps the binding
 * open and calls from the PBX can reach them. Phones on TCP are reached over their connection,
 * which their own keep-alives maintain.
 */
final class KeepAlive {

    private final Shard shard;
    private final ScheduledFuture<?> task;

    KeepAlive(Shard shard, int intervalSeconds) {
        this.shard = shard;
        this.task = intervalSeconds == 0 ? null
                : shard.loop.scheduleAtFixedRate(this::ping, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private void ping() {
        B2buaContext context = shard.context;
        for (Binding binding : context.bindings.all()) {
            if (binding.flow().transport() != Transport.UDP) {
                continue;
            }
            NameAddress address = NameAddress.of(binding.contact());
            SipRequest options = context.sip.request("OPTIONS", binding.contact(),
                    context.sip.callId(shard.index), 1, NameAddress.of(
                            context.sip.uri(null, context.outbound.sockets().local(SipSide.OUTSIDE, Transport.UDP)
                                    .address().getHostAddress(), context.outbound.sockets().local(SipSide.OUTSIDE,
                                    Transport.UDP).port(), Transport.UDP)),
                    context.sip.tag(), address, null, context.sip.via(SipSide.OUTSIDE, Transport.UDP), 70);
            context.counters.increment(Counter.KEEPALIVES_SENT);
            shard.transactions.startClient(options, binding.flow(), TransactionUser.IGNORE, null);
        }
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
