package org.sbc.core.config;

import java.nio.file.Path;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.edge.reputation.FeedsConfig;

/**
 * Puts what the SBC writes (the ban state file, the feeds' last good copies) under
 * {@code state_dir} when one is configured: the defaults become {@code bans.json} and
 * {@code feeds} inside it, and relative paths are read inside it, so that a service sets one
 * absolute directory instead of depending on its working directory. Without {@code state_dir},
 * paths stay as written, relative to the working directory.
 */
final class StatePaths {

    private StatePaths() {}

    static SecurityConfig place(SecurityConfig security, Path stateDir) {
        BanConfig ban = security.ban();
        BanConfig placedBan = ban.withStateFile(ban.stateFile().map(file ->
                file.equals(BanConfig.DEFAULT.stateFile().orElseThrow()) ? stateDir.resolve("bans.json") : inside(stateDir, file)));
        FeedsConfig feeds = security.feeds();
        Path cache = feeds.cacheFolder().equals(FeedsConfig.DEFAULT.cacheFolder()) ? stateDir.resolve("feeds")
                : inside(stateDir, feeds.cacheFolder());
        return security.withBan(placedBan).withFeeds(feeds.withCacheFolder(cache));
    }

    private static Path inside(Path stateDir, Path path) {
        return path.isAbsolute() ? path : stateDir.resolve(path).normalize();
    }
}
