package io.keygate.server.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.elastic;
import static io.keygate.server.it.UiIT.expect;
import static io.keygate.server.it.UiIT.shot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI of Keygate's key operations, in Chromium: the create form states the lifetime policy and refuses a
 * longer expiration before submitting; the list shows when each key was last used, sorts by it and filters keys
 * never used. A node of its own (policy 90d, usage written every second) over the tests' backend.
 */
class UiKeyOpsIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static KeygateNode node;
    private static Playwright playwright;
    private static Browser browser;
    private static Page page;

    @BeforeAll
    static void start() throws Exception {
        TestKeygate.node();
        node = KeygateNode.start(Settings.of(Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl(),
                "keygate.security.authc.api_key.max_expiration", "90d",
                "keygate.security.authc.api_key.usage.flush_interval", "1s")), null, line -> System.out.println("[ui-ops keygate] " + line));
        Files.createDirectories(UiIT.SHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(System.getProperty("keygate.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic")));
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1360, 860).setLocale("en-US").setTimezoneId("UTC"));
        context.setDefaultTimeout(20_000);
        page = context.newPage();
        page.navigate(url() + "/_keygate/ui/");
        page.fill("#login-username", "elastic");
        page.fill("#login-password", TestKeygate.ELASTIC_PASSWORD);
        page.click("#login-submit");
        expect(page.locator("#whoami")).hasText("elastic");
        expect(page.locator("h1")).hasText("API keys"); // the app's own first navigation is over
    }

    @AfterAll
    static void stop() {
        if (playwright != null) playwright.close();
        if (node != null) node.close();
    }

    private static String url() {
        return "http://127.0.0.1:" + node.port();
    }

    private static TestKeygate.Response call(String method, String path, String auth, String body) {
        return TestKeygate.call(url(), method, path, auth, body, "application/json");
    }

    @Test
    void theCreateFormSaysThePolicyAndChecksItBeforeSubmitting() {
        page.navigate(url() + "/_keygate/ui/#/keys/new");
        expect(page.locator("h1")).hasText("Create API key");
        expect(page.locator("#key-policy")).hasText("This Keygate's policy: every key expires within 90d (at most 90 days).");
        assertThat(page.isChecked("#key-expire")).isTrue();
        assertThat(page.isDisabled("#key-expire")).isTrue(); // expiration cannot be switched off
        page.fill("#key-name", "ui-policy-" + RUN);
        page.fill("#key-expire-days", "365");
        page.click("#key-submit");
        expect(page.locator("#err-expiration")).hasText("Keys may live at most 90 days here (lifetime policy).");
        shot(page, "ops-create-key-policy");
        assertThat(call("GET", "/_security/api_key?name=ui-policy-" + RUN, elastic(), null).json().path("api_keys")).isEmpty();

        page.fill("#key-expire-days", "90");
        page.click("#key-submit");
        expect(page.locator("h1")).containsText("created");
        assertThat(call("GET", "/_security/api_key?name=ui-policy-" + RUN, elastic(), null).json().path("api_keys").size()).isEqualTo(1);
    }

    @Test
    void theListShowsLastUseSortsByItAndFindsKeysNeverUsed() throws Exception {
        var used = call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-usage-" + RUN + "-used\",\"expiration\":\"30d\"}").json();
        String idle = call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-usage-" + RUN + "-idle\",\"expiration\":\"30d\"}")
                .json().path("id").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", "/_security/_authenticate", "ApiKey " + used.path("encoded").asText(), null).status()).isEqualTo(200);
        }
        String usedId = used.path("id").asText();
        long deadline = System.currentTimeMillis() + 15_000;
        while (call("GET", "/_security/api_key?id=" + usedId, elastic(), null).json().path("api_keys").path(0)
                .path("keygate_usage").path("request_count").asLong() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }

        page.navigate(url() + "/_keygate/ui/#/keys");
        page.fill("#keys-search", "ui-usage-" + RUN);
        var usedRow = page.locator("tr[data-key-id=\"" + usedId + "\"]");
        var idleRow = page.locator("tr[data-key-id=\"" + idle + "\"]");
        expect(usedRow).containsText("3 requests");
        expect(usedRow).containsText("ago");
        expect(idleRow).containsText("Never used");

        page.click("button[data-sort=\"last_used\"]"); // newest use first
        expect(page.locator("#keys-table tbody tr").first()).hasAttribute("data-key-id", usedId);
        shot(page, "ops-keys-last-used");
        page.click("button[data-sort=\"last_used\"]"); // never used first
        expect(page.locator("#keys-table tbody tr").first()).hasAttribute("data-key-id", idle);

        page.selectOption("#keys-usage", "never");
        expect(idleRow).isVisible();
        expect(usedRow).hasCount(0);
        shot(page, "ops-keys-never-used");
        page.selectOption("#keys-usage", "idle-7"); // both were made just now: neither is idle for 7 days
        expect(page.locator("#keys-area")).containsText("No API key matches these filters.");
        page.selectOption("#keys-usage", "any");

        page.navigate(url() + "/_keygate/ui/#/keys/" + usedId);
        expect(page.locator("#key-last-used")).containsText("3 requests · from 127.0.0.1");
    }

    @Test
    void rotatingFromTheDetailsPageShowsTheNewSecretOnceAndTheOldOneKeepsWorking() {
        var created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-rotate-" + RUN + "\",\"expiration\":\"30d\"}").json();
        String id = created.path("id").asText();
        page.navigate(url() + "/_keygate/ui/#/keys/" + id);
        page.click("#rotate-key");
        page.selectOption("#rotate-grace", "1h");
        shot(page, "ops-rotate-confirm");
        page.click("#confirm-ok");
        expect(page.locator("h1")).hasText("API key \"ui-rotate-" + RUN + "\" rotated");
        expect(page.locator("#rotation-grace")).containsText("The previous secret keeps working until");
        shot(page, "ops-key-rotated");
        String fresh = page.locator("#key-value").textContent();
        assertThat(fresh).isNotEqualTo(created.path("encoded").asText());
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + fresh, null).status()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + created.path("encoded").asText(), null).status()).isEqualTo(200);
    }

    @Test
    void keysExpiringSoonAreAnnouncedAndFiltered() {
        String soon = call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-expiring-" + RUN + "\",\"expiration\":\"3d\"}")
                .json().path("id").asText();
        String later = call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-expiring-" + RUN + "-later\",\"expiration\":\"60d\"}")
                .json().path("id").asText();
        page.navigate(url() + "/_keygate/ui/#/users"); // leave the list, so that coming back renders it anew
        expect(page.locator("h1")).hasText("Users");
        page.navigate(url() + "/_keygate/ui/#/keys");
        expect(page.locator("h1")).hasText("API keys");
        expect(page.locator("#expiring-banner")).containsText("within 7 days");
        shot(page, "ops-expiring-banner");
        page.click("#show-expiring");
        expect(page.locator("#keys-status")).hasValue("expiring-7");
        page.fill("#keys-search", "ui-expiring-" + RUN);
        expect(page.locator("tr[data-key-id=\"" + soon + "\"]")).isVisible();
        expect(page.locator("tr[data-key-id=\"" + later + "\"]")).hasCount(0);
        page.selectOption("#keys-status", "expiring-30");
        page.selectOption("#keys-status", "all");
        expect(page.locator("tr[data-key-id=\"" + later + "\"]")).isVisible();
        page.fill("#keys-search", "");
    }

    @Test
    void theListFindsKeysThatBreakTheLifetimePolicyOnDemand() {
        // made through the node without a policy: it never expires
        String never = TestKeygate.call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-never-" + RUN + "\"}").json().path("id").asText();
        page.navigate(url() + "/_keygate/ui/#/users");
        expect(page.locator("h1")).hasText("Users");
        page.navigate(url() + "/_keygate/ui/#/keys");
        expect(page.locator("#policy-bar")).containsText("Lifetime policy: every key expires within 90d.");
        page.click("#find-violations");
        expect(page.locator("#policy-violations li[data-key-id=\"" + never + "\"]")).containsText("ui-never-" + RUN + " (elastic): never expires");
        shot(page, "ops-policy-violations");
    }
}
