package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sbc.core.edge.ban.BanStoreConfig;

/** The YAML on docs/security.md loads through the production loader, so the page cannot drift. */
class SecurityDocsTest {

    @Test
    void everyYamlExampleOnTheSecurityPageLoads() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "security.md"));
        Matcher blocks = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(page);
        List<SbcConfig> loaded = new ArrayList<>();
        while (blocks.find()) {
            loaded.add(ConfigLoader.parse(blocks.group(1), "docs/security.md"));
        }
        assertEquals(3, loaded.size());
        SecurityConfig security = loaded.get(0).security();
        assertEquals(SecurityConfig.DEFAULT.ban(), security.ban());
        assertEquals(SecurityConfig.DEFAULT.flood(), security.flood());
        assertEquals(SecurityConfig.DEFAULT.rateLimit(), security.rateLimit());
        assertTrue(security.allow().size() == 1 && security.trusted().size() == 2);
        SecurityConfig feeds = loaded.get(1).security();
        assertEquals(List.of("local-list", "apiban"),
                feeds.feeds().feeds().stream().map(org.sbc.feeds.feed.FeedDefinition::name).toList());
        assertTrue(feeds.geoip().countryDatabase().isPresent() && feeds.geoip().asnDatabase().isPresent());
        assertEquals(BanStoreConfig.Kind.REDIS, loaded.get(2).security().banStore().kind());
    }
}
