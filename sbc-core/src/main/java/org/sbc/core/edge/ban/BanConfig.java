package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;
import static org.sbc.core.config.yaml.Ranges.checkRange;

import java.nio.file.Path;
import java.util.Optional;
import org.sbc.policies.Mode;

/**
 * The {@code security.ban:} section: the ban table every step bans through.
 *
 * @param mode {@code monitor}: bans are recorded and listed, but the gate lets their traffic
 *     pass (and counts it)
 * @param seconds length of a first ban; 600 like fail2ban's {@code bantime}: long enough to
 *     stop a scanner's run, short enough that a misjudged phone recovers on its own
 * @param factor each repeat offence within {@code historySeconds} multiplies the ban by this
 *     (fail2ban's {@code bantime.factor}); 1 turns escalation off
 * @param maxSeconds the ceiling of an escalated ban (one week), so that even a mistaken
 *     escalation ends
 * @param historySeconds how long an offence counts towards escalation after its ban
 * @param maxEntries most bans held (and, separately, most offence histories); when full, the
 *     ban closest to expiry is evicted, so that a spoofed flood cannot grow memory
 * @param stateFile where active bans are kept across restarts; empty: memory only
 */
public record BanConfig(
        Mode mode, int seconds, int factor, int maxSeconds, int historySeconds, int maxEntries,
        Optional<Path> stateFile) {

    public static final int MAX_BAN_SECONDS = 31_536_000;

    public static final BanConfig DEFAULT = new BanConfig(
            Mode.ENFORCE, 600, 2, 604_800, 86_400, 100_000, Optional.of(Path.of("var", "bans.json")));

    public BanConfig {
        requireNonNull(mode, "mode");
        requireNonNull(stateFile, "stateFile");
        checkRange("seconds", seconds, 1, MAX_BAN_SECONDS);
        checkRange("factor", factor, 1, 16);
        checkRange("max_seconds", maxSeconds, seconds, MAX_BAN_SECONDS);
        checkRange("history_seconds", historySeconds, 0, MAX_BAN_SECONDS);
        checkRange("max_entries", maxEntries, 16, 10_000_000);
    }

    public BanConfig withStateFile(Optional<Path> stateFile) {
        return new BanConfig(mode, seconds, factor, maxSeconds, historySeconds, maxEntries, stateFile);
    }

    public BanConfig withMode(Mode mode) {
        return new BanConfig(mode, seconds, factor, maxSeconds, historySeconds, maxEntries, stateFile);
    }
}
