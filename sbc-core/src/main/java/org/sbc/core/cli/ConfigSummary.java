package org.sbc.core.cli;

import java.util.stream.Collectors;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.sip.ListenAddress;

/** The one-line description of a config that check-config and run print. */
final class ConfigSummary {

    private ConfigSummary() {}

    static String of(SbcConfig config) {
        return "outside " + join(config.outside().listen())
                + "; inside " + join(config.inside().listen())
                + "; pbx " + config.pbx().uri()
                + "; admin http://" + ListenAddress.hostText(config.adminListen().getAddress())
                + ":" + config.adminListen().getPort()
                + "; secfilter " + config.security().secfilter().mode().word()
                + "; auth " + auth(config)
                + "; feeds " + config.security().feeds().feeds().size()
                + "; geoip " + (config.security().geoip().isEnabled() ? "on" : "off")
                + "; bans " + config.security().banStore().kind().word()
                + "; policy " + policy(config);
    }

    private static String policy(SbcConfig config) {
        return config.policy().loaded()
                .map(loaded -> loaded.policy().rules().size() + " rules from " + config.policy().files().size() + " files")
                .orElse("none");
    }

    /** Whether the SBC challenges anyone: the one security fact an operator must not misread. */
    private static String auth(SbcConfig config) {
        var auth = config.security().auth();
        if (!auth.enabled()) {
            return "off";
        }
        return auth.mode().word() + ", challenging " + auth.challenge() + " for realm " + auth.realm()
                + " (" + auth.credentials().users() + " users)";
    }

    private static String join(java.util.List<ListenAddress> listen) {
        return listen.stream().map(ListenAddress::toString).collect(Collectors.joining(", "));
    }
}
