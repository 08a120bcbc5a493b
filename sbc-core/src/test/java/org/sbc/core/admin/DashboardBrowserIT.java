package org.sbc.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.core.events.SecurityEvent;
import org.sbc.feeds.IpPrefix;

/**
 * The dashboard in a real headless browser (Debian's chromium, driven through chromedriver):
 * a scanner whose User-Agent, From and To carry script and markup shows up as text, and
 * nothing it sent becomes an element or runs; the unban button lifts a ban; with admin tokens,
 * a browser logs in with a token and a read token draws no unban buttons.
 */
class DashboardBrowserIT {

    private static final String SBC_IP = "127.0.17.41";
    private static final String SCANNER_IP = "127.0.17.42";
    private static final String UA = "friendly-scanner (<script>window.pwned=1</script>)";
    private static final String FROM_NAME = "\\\"><img src=x onerror=window.pwned=2>";
    private static final String TO_NAME = "</td><script>window.pwned=3</script><td>";
    /** Elements that only an injection could have put into the page: it draws none itself. */
    private static final String INJECTED = "script, img, svg, iframe, object, embed";

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        for (String tool : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            if (!new File(tool).canExecute()) {
                fail(tool + " is missing: install Debian's chromium and chromium-driver (./run-tests does)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsAttackerTextAsTextAndUnbans() throws Exception {
        try (SbcServer server = SbcServer.start(config(SBC_IP, 18741, ""))) {
            server.bans().banFor(IpPrefix.parse("203.0.113.66").orElseThrow(), Duration.ofMinutes(10), BanReason.MANUAL,
                    new Evidence("admin", "test", java.util.Map.of(), java.time.Instant.now(), java.time.Instant.now()),
                    Optional.empty());
            scan(new InetSocketAddress(SBC_IP, 5060));
            awaitEvent("http://" + SBC_IP + ":18741/api/events", "friendly-scanner");

            HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + SBC_IP + ":18741/dashboard")).build(), HttpResponse.BodyHandlers.ofString());
            String csp = raw.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && !csp.contains("script-src"), "no script of any kind: " + csp);

            browser.get("http://" + SBC_IP + ":18741/dashboard");
            assertAttackerTextIsText();
            // Two bans: ours, and the scanner's, which secfilter banned as it reported it.
            assertEquals(2, browser.findElements(By.cssSelector("#bans button")).size(), "an unban button per ban");

            browser.findElement(By.xpath("//table[@id='bans']//tr[td[text()='203.0.113.66/32']]//button")).click();
            awaitText(By.id("bans-count"), "1");
            assertTrue(server.bans().list().stream().noneMatch(ban -> ban.target().toString().equals("203.0.113.66/32")),
                    "the button lifted that ban: " + server.bans().list());
        }
    }

    /**
     * What the browser test would see if an encoder were left out: the same view rendered
     * without encoding (and served without the CSP) puts the scanner's markup into the page as
     * elements, and the checks above catch exactly that.
     */
    @Test
    void catchesAPageThatDoesNotEncode() throws Exception {
        DashboardPage.Encoding none = new DashboardPage.Encoding() {
            @Override
            public String text(String value) {
                return value;
            }

            @Override
            public String attribute(String value) {
                return value;
            }
        };
        SecurityEvent event = new SecurityEvent(java.time.Instant.now(), org.sbc.core.events.SecurityEventType.SCANNER,
                new InetSocketAddress(SCANNER_IP, 5060), Optional.empty(), "secfilter", "user_agent.deny[0]", "enforce",
                java.util.Map.of(), Optional.of(UA), Optional.of("\"" + FROM_NAME + "\" <sip:probe@" + SCANNER_IP + ">"),
                Optional.of("\"" + TO_NAME + "\" <sip:x@" + SBC_IP + ">"), Optional.of("sip:" + SBC_IP));
        String page = DashboardPage.render(DashboardView.of(0, 0, List.of(), List.of(event)), Optional.empty(), none);
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getByName(SBC_IP), 18742), 0);
        plain.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        plain.start();
        try {
            browser.get("http://" + SBC_IP + ":18742/");
            assertFalse(browser.findElements(By.cssSelector(INJECTED)).isEmpty(), "unencoded markup became elements");
            assertFalse(uaCellShowsPayload(), "and the text is no longer shown as sent");
        } finally {
            plain.stop(0);
        }
    }

    @Test
    void logsInWithATokenAndDrawsNoUnbanButtonsForReaders(@TempDir Path dir) throws Exception {
        String read = "cmVhZC10b2tlbi1mb3ItdGhlLWRhc2hib2FyZC10ZXN0";
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "read " + read + " grafana\nwrite d3JpdGUtdG9rZW4tZm9yLXRoZS1kYXNoYm9hcmQtdGVzdA== alice\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("sbc.yaml");
        Files.writeString(file, yaml("127.0.17.43", 18743) + "  tokens_file: tokens\n");
        try (SbcServer server = SbcServer.start(withStateIn(ConfigLoader.load(file), dir))) {
            server.bans().banFor(IpPrefix.parse("203.0.113.67").orElseThrow(), Duration.ofMinutes(10), BanReason.MANUAL,
                    new Evidence("admin", "test", java.util.Map.of(), java.time.Instant.now(), java.time.Instant.now()),
                    Optional.empty());
            browser.get("http://127.0.17.43:18743/dashboard");
            assertTrue(browser.getCurrentUrl().endsWith("/dashboard/login"), "sent to log in: " + browser.getCurrentUrl());
            browser.findElement(By.name("token")).sendKeys("not-the-token-not-the-token-not-the-token");
            browser.findElement(By.cssSelector("form button")).click();
            awaitTextContaining(By.className("error"), "not in the tokens file");

            browser.findElement(By.name("token")).sendKeys(read);
            browser.findElement(By.cssSelector("form button")).click();
            awaitText(By.id("bans-count"), "1");
            assertTrue(browser.findElements(By.cssSelector("#bans button")).isEmpty(), "a reader gets no unban button");
        }
    }

    private void assertAttackerTextIsText() {
        assertTrue(browser.findElements(By.cssSelector(INJECTED)).isEmpty(),
                "markup from the scanner became elements: " + browser.getPageSource());
        assertTrue(uaCellShowsPayload(), "the User-Agent is shown as sent: " + browser.getPageSource());
        String from = browser.findElement(By.cssSelector("#events td.from")).getText();
        assertTrue(from.contains("<img src=x onerror=window.pwned=2>"), from);
        String to = browser.findElement(By.cssSelector("#events td.to")).getText();
        assertTrue(to.contains("</td><script>window.pwned=3</script><td>"), to);
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined"),
                "nothing the scanner sent ran");
    }

    private boolean uaCellShowsPayload() {
        List<WebElement> cells = browser.findElements(By.cssSelector("#events td.ua"));
        return !cells.isEmpty() && cells.get(0).getText().equals(UA);
    }

    private void awaitText(By locator, String text) throws InterruptedException {
        awaitShown(locator, text::equals, text);
    }

    private void awaitTextContaining(By locator, String part) throws InterruptedException {
        awaitShown(locator, shown -> shown.contains(part), part);
    }

    private void awaitShown(By locator, java.util.function.Predicate<String> wanted, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (shows(locator, wanted)) {
                return;
            }
            Thread.sleep(50); // a poll between page loads, bounded by the deadline above
        }
        fail(locator + " never showed " + what + ": " + browser.getPageSource());
    }

    /**
     * Whether the element shows the text now. A form post reloads the page, so an element found
     * on the old page can go stale before its text is read: that is "not yet", not a failure.
     */
    private boolean shows(By locator, java.util.function.Predicate<String> wanted) {
        try {
            List<WebElement> found = browser.findElements(locator);
            return !found.isEmpty() && wanted.test(found.get(0).getText());
        } catch (StaleElementReferenceException pageReloaded) {
            return false;
        }
    }

    /** An OPTIONS whose User-Agent, From and To carry markup, from a source the secfilter calls a scanner. */
    private static void scan(InetSocketAddress sbc) throws Exception {
        String message = "OPTIONS sip:" + SBC_IP + ":5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + SCANNER_IP + ":5062;branch=z9hG4bK-dash-1;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"" + FROM_NAME + "\" <sip:probe@" + SCANNER_IP + ">;tag=d1\r\n"
                + "To: \"" + TO_NAME + "\" <sip:x@" + SBC_IP + ">\r\n"
                + "Call-ID: dash-1@" + SCANNER_IP + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "User-Agent: " + UA + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(SCANNER_IP), 0))) {
            socket.send(new DatagramPacket(bytes, bytes.length, sbc));
        }
    }

    private static void awaitEvent(String eventsUrl, String text) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = client.send(HttpRequest.newBuilder(URI.create(eventsUrl)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            if (body.contains(text)) {
                return;
            }
            Thread.sleep(20); // events reach the table asynchronously; bounded by the deadline
        }
        fail("the scanner's event never arrived: " + body);
    }

    private static SbcConfig config(String ip, int adminPort, String extra) throws Exception {
        Path dir = Files.createTempDirectory("sbc-dashboard");
        Path file = dir.resolve("sbc.yaml");
        Files.writeString(file, yaml(ip, adminPort) + extra);
        return withStateIn(ConfigLoader.load(file), dir);
    }

    private static String yaml(String ip, int adminPort) {
        return "outside:\n  listen: [udp:" + ip + ":5060]\ninside:\n  listen: [udp:" + ip + ":5070]\n"
                + "admin:\n  listen: " + ip + ":" + adminPort + "\n";
    }

    private static SbcConfig withStateIn(SbcConfig config, Path dir) {
        return config.withSecurity(config.security().withBan(config.security().ban().withStateFile(
                Optional.of(dir.resolve("bans.json")))));
    }
}
