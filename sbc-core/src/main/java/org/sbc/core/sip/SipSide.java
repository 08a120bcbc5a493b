package org.sbc.core.sip;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Which side of the SBC a channel faces. Set on every channel when it is created. */
public enum SipSide {
    OUTSIDE,
    INSIDE;

    public static final AttributeKey<SipSide> KEY = AttributeKey.valueOf("sbc.side");

    public SipSide other() {
        return this == OUTSIDE ? INSIDE : OUTSIDE;
    }

    public static SipSide of(Channel channel) {
        SipSide side = channel.attr(KEY).get();
        if (side == null && channel.parent() != null) {
            side = channel.parent().attr(KEY).get();
        }
        return side == null ? OUTSIDE : side;
    }
}
