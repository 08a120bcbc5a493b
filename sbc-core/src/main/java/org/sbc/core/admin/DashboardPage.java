package org.sbc.core.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.owasp.encoder.Encode;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.events.SecurityEvent;

/**
 * Renders the dashboard as one HTML page, on the server: no script at all, so the
 * Content-Security-Policy can forbid every script, inline or not, and the page works offline.
 * Every value that a peer could have chosen (User-Agent, From, To, Request-URI, reasons and
 * details, addresses) goes through the OWASP encoder for the context it lands in: element text
 * or a quoted attribute value.
 */
final class DashboardPage {

    /** How the page encodes text for HTML element content and for quoted attribute values. */
    interface Encoding {
        String text(String value);

        String attribute(String value);
    }

    static final Encoding OWASP = new Encoding() {
        @Override
        public String text(String value) {
            return Encode.forHtmlContent(value);
        }

        @Override
        public String attribute(String value) {
            return Encode.forHtmlAttribute(value);
        }
    };

    static final int REFRESH_SECONDS = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private DashboardPage() {}

    /**
     * @param unbanCsrf the form token an unban must carry, or empty when this viewer may not
     *     unban (no buttons are drawn)
     */
    static String render(DashboardView view, Optional<String> unbanCsrf, Encoding encoding) {
        UnaryOperator<String> text = value -> value == null ? "" : encoding.text(value);
        StringBuilder page = new StringBuilder(16_384);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
            .append("<title>sbc dashboard</title><link rel=\"stylesheet\" href=\"/dashboard.css\"></head><body>\n")
            .append("<h1>sbc</h1>\n<section id=\"up\"><span class=\"figure\"><b id=\"calls\">").append(view.calls())
            .append("</b> calls</span><span class=\"figure\"><b id=\"registrations\">").append(view.registrations())
            .append("</b> registrations</span><span class=\"figure\"><b id=\"bans-count\">").append(view.bans().size())
            .append("</b> bans</span></section>\n");

        page.append("<section><h2>Active bans</h2><table id=\"bans\"><tr><th>target</th><th>reason</th><th>rule</th>")
            .append("<th>expires (UTC)</th><th>hits</th><th></th></tr>\n");
        for (Ban ban : view.bans()) {
            String target = ban.target().toString();
            page.append("<tr><td>").append(text.apply(target)).append("</td><td>")
                .append(text.apply(ban.reason().name().toLowerCase(java.util.Locale.ROOT))).append("</td><td>")
                .append(text.apply(ban.evidence().step() + " " + ban.evidence().rule())).append("</td><td>")
                .append(TIME.format(ban.expires())).append("</td><td>").append(ban.hits()).append("</td><td>");
            if (unbanCsrf.isPresent()) {
                page.append("<form method=\"post\" action=\"/dashboard/unban\">")
                    .append("<input type=\"hidden\" name=\"target\" value=\"").append(encoding.attribute(target)).append("\">")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(encoding.attribute(unbanCsrf.get())).append("\">")
                    .append("<button type=\"submit\">unban</button></form>");
            }
            page.append("</td></tr>\n");
        }
        page.append("</table></section>\n");

        tally(page, "top-sources", "Top sources", view.topSources(), text);
        tally(page, "top-user-agents", "Top User-Agents", view.topUserAgents(), text);
        tally(page, "top-countries", "Top countries", view.topCountries(), text);
        tally(page, "policy-hits", "Policy hits", view.policyHits(), text);

        page.append("<section><h2>Latest security events</h2><table id=\"events\"><tr><th>time (UTC)</th><th>type</th>")
            .append("<th>source</th><th>step</th><th>reason</th><th>User-Agent</th><th>From</th><th>To</th>")
            .append("<th>Request-URI</th></tr>\n");
        for (SecurityEvent event : view.latest()) {
            page.append("<tr><td>").append(TIME.format(event.time())).append("</td><td>").append(event.type().name())
                .append("</td><td>").append(text.apply(event.source().getAddress().getHostAddress())).append("</td><td>")
                .append(text.apply(event.step())).append("</td><td>").append(text.apply(event.reason()))
                .append("</td><td class=\"ua\">").append(text.apply(event.userAgent().orElse("")))
                .append("</td><td class=\"from\">").append(text.apply(event.from().orElse("")))
                .append("</td><td class=\"to\">").append(text.apply(event.to().orElse("")))
                .append("</td><td class=\"ruri\">").append(text.apply(event.requestUri().orElse(""))).append("</td></tr>\n");
        }
        page.append("</table></section>\n<footer>refreshed every ").append(REFRESH_SECONDS).append(" s at ")
            .append(TIME.format(Instant.now())).append(" UTC</footer>\n</body></html>\n");
        return page.toString();
    }

    private static void tally(StringBuilder page, String id, String title, List<DashboardView.Tally> rows,
            UnaryOperator<String> text) {
        page.append("<section class=\"tally\"><h2>").append(title).append("</h2><table id=\"").append(id).append("\">");
        for (DashboardView.Tally row : rows) {
            page.append("<tr><td>").append(text.apply(row.value())).append("</td><td>").append(row.count()).append("</td></tr>");
        }
        page.append("</table></section>\n");
    }

    /** The login form a browser gets when the API wants tokens. */
    static String login(boolean failed) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sbc dashboard</title>"
                + "<link rel=\"stylesheet\" href=\"/dashboard.css\"></head><body><h1>sbc</h1>"
                + (failed ? "<p class=\"error\">That token is not in the tokens file.</p>" : "")
                + "<form method=\"post\" action=\"/dashboard/login\"><label>Admin token "
                + "<input type=\"password\" name=\"token\" autocomplete=\"off\"></label> "
                + "<button type=\"submit\">open the dashboard</button></form></body></html>\n";
    }

    static final String CSS = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
            .figure { display: inline-block; margin-right: 2em; font-size: 1.2em; }
            table { border-collapse: collapse; } td, th { border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left; }
            td { max-width: 28em; overflow-wrap: anywhere; }
            .tally { display: inline-block; vertical-align: top; margin-right: 2em; }
            .error { color: #a00; } footer { margin-top: 2em; color: #777; }
            """;
}
