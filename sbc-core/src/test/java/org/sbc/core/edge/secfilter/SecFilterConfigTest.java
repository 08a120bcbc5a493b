package org.sbc.core.edge.secfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.ConfigTesting;
import org.sbc.policies.Mode;

/** security.secfilter through the production loader. */
class SecFilterConfigTest {

    @Test
    void shipsTheScannerSignaturesDroppedAndBanned() throws Exception {
        SecFilterConfig secfilter = ConfigLoader.parse("", "t.yaml").security().secfilter();

        assertEquals(SecFilterConfig.DEFAULT, secfilter);
        assertTrue(secfilter.userAgent().deny().contains("friendly-scanner"));
        assertEquals(SecFilterConfig.BlockAction.DROP, secfilter.userAgent().block().action());
        assertTrue(secfilter.userAgent().block().ban());
        assertTrue(secfilter.injection().enabled());
    }

    @Test
    void readsEveryList() throws Exception {
        SecFilterConfig secfilter = ConfigLoader.parse(ConfigTesting.yaml(
                "security:",
                "  secfilter:",
                "    mode: monitor",
                "    user_agent: {deny: [Bad], deny_regex: ['^x'], allow: [good], allow_regex: ['^ok'], action: reject, ban: false}",
                "    source: {deny: [192.0.2.0/24], allow: [192.0.2.9]}",
                "    user: {deny: [Admin], allow: [root]}",
                "    domain: {deny: [.evil.example]}",
                "    destination: {deny_prefix: ['00'], deny_regex: ['^9'], allow_prefix: ['0049']}",
                "    injection: {enabled: false}"), "t.yaml").security().secfilter();

        assertEquals(Mode.MONITOR, secfilter.mode());
        assertEquals(List.of("bad"), secfilter.userAgent().deny());
        assertEquals("^x", secfilter.userAgent().denyRegex().get(0).source());
        assertEquals(SecFilterConfig.BlockAction.REJECT, secfilter.userAgent().block().action());
        assertTrue(secfilter.user().deny().contains("admin"));
        assertEquals(List.of("00"), secfilter.destination().denyPrefix());
        assertEquals(false, secfilter.injection().enabled());
    }

    @Test
    void reportsBadRegexBadActionAndBadBooleanAtTheirPositions() {
        List<String> errors = ConfigTesting.errorsOf(ConfigTesting.yaml(
                "security:",
                "  secfilter:",
                "    user_agent:",
                "      deny_regex: ['ok', '(unclosed']",
                "      action: block",
                "      ban: 'yes'",
                "    mode: enforcing"));
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("test.yaml:4:26: security.secfilter.user_agent.deny_regex[1]: bad regex '(unclosed'"),
                errors.get(0));
        assertTrue(errors.get(1).startsWith("test.yaml:5:15: security.secfilter.user_agent.action: 'block' (expected: drop or reject)"),
                errors.get(1));
        assertTrue(errors.get(2).startsWith("test.yaml:6:12: security.secfilter.user_agent.ban: expected true or false"),
                errors.get(2));
        assertTrue(errors.get(3).startsWith("test.yaml:7:11: security.secfilter.mode: 'enforcing' (expected: enforce or monitor)"),
                errors.get(3));
    }

    @Test
    void refusesBadNetworksDomainsAndPrefixes() {
        List<String> errors = ConfigTesting.errorsOf(ConfigTesting.yaml(
                "security:",
                "  secfilter:",
                "    source: {deny: [10.0.0.1/8]}",
                "    domain: {deny: ['bad domain']}",
                "    destination: {deny_prefix: ['0 0']}"));
        assertEquals(3, errors.size(), errors.toString());
    }
}
