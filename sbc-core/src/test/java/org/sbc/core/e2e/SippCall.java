package org.sbc.core.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** One sipp caller dialling a number through the SBC, with a sipp PBX when the call should reach it. */
final class SippCall {

    private SippCall() {}

    /**
     * @param scenario the caller's scenario (a file under sipp/flows, or "-sn uac")
     * @param pbx the PBX's ip:port when the call should reach it and be answered, else empty
     */
    static void dial(String scenario, String transport, String callerIp, int callerPort, String sbc, String number,
            String pbx) throws Exception {
        dial(scenario, transport, callerIp, callerPort, sbc, number, pbx, List.of());
    }

    /** @param extra more sipp arguments for the caller (credentials, variables) */
    static void dial(String scenario, String transport, String callerIp, int callerPort, String sbc, String number,
            String pbx, List<String> extra) throws Exception {
        SippRun answering = pbx.isEmpty() ? null : SippRun.start("-sn uas", pbx.substring(0, pbx.lastIndexOf(':')),
                Integer.parseInt(pbx.substring(pbx.lastIndexOf(':') + 1)), "u1", "", List.of());
        SippRun caller = null;
        try {
            if (answering != null) {
                answering.awaitListening(Duration.ofSeconds(5));
            }
            List<String> arguments = new java.util.ArrayList<>(List.of("-s", number));
            arguments.addAll(extra);
            caller = SippRun.start(scenario, callerIp, callerPort, transport, sbc, arguments);
            caller.assertSucceeds("caller of " + number + " over " + transport);
            if (answering != null) {
                answering.assertSucceeds("PBX");
            }
        } finally {
            for (SippRun run : Arrays.asList(caller, answering)) {
                if (run != null) {
                    run.stop();
                }
            }
        }
    }
}
