package org.sbc.core.edge.secfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.RecordingBans;
import org.sbc.core.testing.SipTesting;
import org.sbc.feeds.CidrSet;

class SecFilterReloaderTest {

    @TempDir
    Path dir;

    private final Counters counters = new Counters();
    private final SecFilter filter = new SecFilter(SipTesting.edgeContext(counters), SecFilterConfig.DEFAULT,
            CidrSet.empty(), new RecordingBans(), SecurityEventSink.NONE, Clock.systemUTC());

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("sbc.yaml"), yaml);
    }

    @Test
    void swapsInTheListsOfAValidFile() throws Exception {
        Path file = write("security:\n  secfilter:\n    destination:\n      deny_prefix: ['00', '900']\n");

        var result = new SecFilterReloader(Optional.of(file), filter, counters).reload();

        assertInstanceOf(SecFilterReloader.Result.Reloaded.class, result);
        assertEquals(List.of("00", "900"), filter.config().destination().denyPrefix());
        assertEquals(1, counters.get(Counter.SECFILTER_RELOADS));
    }

    @Test
    void keepsTheOldListsAndReportsPositionsWhenTheFileIsBad() throws Exception {
        SecFilterConfig before = filter.config();
        Path file = write("security:\n  secfilter:\n    user_agent:\n      deny_regex: ['(unclosed']\n");

        var result = new SecFilterReloader(Optional.of(file), filter, counters).reload();

        var refused = assertInstanceOf(SecFilterReloader.Result.Refused.class, result);
        String error = refused.errors().get(0).toString();
        assertTrue(error.startsWith(file + ":4:20: security.secfilter.user_agent.deny_regex[0]: bad regex"), error);
        assertEquals(before, filter.config());
        assertEquals(1, counters.get(Counter.SECFILTER_RELOAD_FAILURES));
    }

    @Test
    void saysSoWhenThereIsNoFile() {
        assertInstanceOf(SecFilterReloader.Result.NoConfigFile.class,
                new SecFilterReloader(Optional.empty(), filter, counters).reload());
    }
}
