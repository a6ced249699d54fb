package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI end to end, in Debian's Chromium driven by Playwright: log in, create an APM Server key
 * from its template, copy it in the Beats format, use it, invalidate it, see it refused; users and
 * roles screens; logout. Every screen is saved under {@code target/ui-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiIT {
    static final Path SHOTS = Path.of(System.getProperty("keygate.ui.screenshots", "target/ui-screenshots"));
    static final List<String> BROWSER_ERRORS = new ArrayList<>();
    static Playwright playwright;
    static Browser browser;
    static BrowserContext context;
    static Page page;
    static String beatsKey;
    static String keyId;

    @BeforeAll
    static void openBrowser() throws Exception {
        TestKeygate.node();
        Files.createDirectories(SHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(System.getProperty("keygate.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
        context = newContext();
        page = context.newPage();
    }

    static BrowserContext newContext() {
        BrowserContext c = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1360, 860).setLocale("en-US").setTimezoneId("UTC"));
        c.setDefaultTimeout(20_000);
        c.onPage(p -> {
            p.onPageError(e -> BROWSER_ERRORS.add(e));
            p.onConsoleMessage(m -> {
                // 401/403 answers the tests provoke on purpose are logged by Chromium as failed loads
                if (m.type().equals("error") && !m.text().contains("status of 40")) BROWSER_ERRORS.add(m.text());
            });
        });
        return c;
    }

    @AfterAll
    static void closeBrowser() {
        if (playwright != null) playwright.close();
    }

    static LocatorAssertions expect(Locator l) {
        return PlaywrightAssertions.assertThat(l);
    }

    static void shot(Page p, String name) {
        p.waitForTimeout(150); // let the toast and focus ring settle
        p.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    static String ui() {
        return TestKeygate.url() + "/_keygate/ui/";
    }

    static void login(Page p, String user, String password) {
        p.navigate(ui());
        p.fill("#login-username", user);
        p.fill("#login-password", password);
        p.click("#login-submit");
        expect(p.locator("#whoami")).hasText(user);
    }

    static TestKeygate.Response withKey(String method, String path, String idColonKey, String body, String contentType) {
        String encoded = Base64.getEncoder().encodeToString(idColonKey.getBytes(StandardCharsets.UTF_8));
        return TestKeygate.call(TestKeygate.url(), method, path, "ApiKey " + encoded, body, contentType);
    }

    @Test
    @Order(1)
    void loginByKeyboardWithAHttpOnlySameSiteStrictCookie() {
        page.navigate(ui());
        expect(page.locator("#login-username")).isFocused();
        shot(page, "01-login");

        page.keyboard().type("elastic");
        page.keyboard().press("Tab");
        page.keyboard().type("not-the-password");
        page.keyboard().press("Enter");
        expect(page.locator("#login-error")).hasText("Wrong username or password.");
        shot(page, "01b-login-failed");

        page.keyboard().type(TestKeygate.ELASTIC_PASSWORD); // the password field kept the focus, emptied
        page.keyboard().press("Enter");
        expect(page.locator("#whoami")).hasText("elastic");
        expect(page.locator("h1")).hasText("API keys");

        Cookie session = context.cookies().stream().filter(c -> c.name.equals("keygate_session")).findFirst().orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        assertThat(session.path).isEqualTo("/");
        assertThat((Object) page.evaluate("() => document.cookie")).isEqualTo(""); // out of the page's reach
    }

    @Test
    @Order(2)
    void theServerExplainsAnInvalidRoleDescriptorNextToTheEditor() {
        page.click("#create-key");
        expect(page.locator("h1")).hasText("Create API key");
        page.fill("#key-name", "apm-server-ui-test");
        page.check("#key-restrict");
        page.fill("#key-role-descriptors", """
                {"apm_writer": {"cluster": ["monitor"], "indices": [{"names": ["traces-apm*"], "privileges": ["not_a_privilege"]}]}}""");
        page.click("#key-submit");
        expect(page.locator("#err-roles")).containsText("not_a_privilege");
        expect(page.locator("#key-role-descriptors")).hasAttribute("aria-invalid", "true");
        shot(page, "04-create-server-error");

        page.fill("#key-role-descriptors", "{\"a\": [}");
        expect(page.locator("#key-rd-syntax")).containsText("Not valid JSON");
    }

    @Test
    @Order(3)
    void createAKeyFromTheApmWriterTemplateExpiringInOneDay() {
        page.selectOption("#key-template", "apm-writer");
        expect(page.locator("#key-role-descriptors")).hasValue(java.util.regex.Pattern.compile("traces-apm\\*[\\s\\S]*auto_configure[\\s\\S]*create_doc"));
        page.check("#key-expire");
        page.fill("#key-expire-days", "1");
        page.check("#key-with-metadata");
        page.fill("#key-metadata", "{\"service\": \"apm-server\", \"environment\": \"ui-test\"}");
        expect(page.locator("#err-roles")).isEmpty();
        shot(page, "03-create-key");

        long before = System.currentTimeMillis();
        page.click("#key-submit");
        expect(page.locator("h1")).containsText("created");
        expect(page.locator("#once-warning")).containsText("won't be shown again");
        String encoded = page.locator("#key-value").textContent();
        shot(page, "05-key-created");

        page.click("label[for=format-beats]");
        beatsKey = page.locator("#key-value").textContent();
        assertThat(beatsKey).matches("[A-Za-z0-9_-]{20}:[A-Za-z0-9_-]+");
        keyId = beatsKey.substring(0, beatsKey.indexOf(':'));
        assertThat(Base64.getDecoder().decode(encoded)).isEqualTo(beatsKey.getBytes(StandardCharsets.UTF_8));
        page.click("label[for=format-logstash]");
        expect(page.locator("#key-value")).hasText(beatsKey);
        page.click("label[for=format-json]");
        JsonNode json = new TestKeygate.Response(200, null, page.locator("#key-value").textContent()).json();
        assertThat(json.get("id").asText()).isEqualTo(keyId);
        assertThat(json.get("expiration").asLong()).isBetween(before + 86_000_000L, System.currentTimeMillis() + 86_400_000L);

        expect(page.locator("#snippet-apm")).containsText("api_key: \"" + beatsKey + "\"");
        expect(page.locator("#snippet-apm")).containsText("monitoring.elasticsearch:");
        page.click("#tab-fluentbit");
        expect(page.locator("#snippet-fluentbit")).containsText("http_api_key       " + encoded);
        page.click("#tab-otel");
        expect(page.locator("#snippet-otel")).containsText("api_key: \"" + encoded + "\"");
        page.click("#tab-logstash");
        expect(page.locator("#snippet-logstash")).containsText("api_key => \"" + beatsKey + "\"");
        page.click("#tab-apm");
        page.click("label[for=format-beats]");
        shot(page, "05b-key-created-beats");
    }

    @Test
    @Order(4)
    void theKeyWritesApmTracesAndNothingElse() {
        String doc = "{\"@timestamp\":\"2026-11-27T10:00:00Z\",\"message\":\"from the ui test\"}";
        TestKeygate.Response bulk = withKey("POST", "/_bulk", beatsKey,
                "{\"create\":{\"_index\":\"traces-apm-default\"}}\n" + doc + "\n"
                        + "{\"create\":{\"_index\":\"ui-test-other\"}}\n" + doc + "\n", "application/x-ndjson");
        assertThat(bulk.status()).as(bulk.text()).isEqualTo(200);
        JsonNode items = bulk.json().get("items");
        assertThat(items.get(0).at("/create/status").asInt()).as(bulk.text()).isEqualTo(201);
        assertThat(items.get(1).at("/create/status").asInt()).as(bulk.text()).isEqualTo(403);

        TestKeygate.Response other = withKey("POST", "/ui-test-other/_doc", beatsKey, doc, "application/json");
        assertThat(other.status()).as(other.text()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void theListShowsTheKeyActiveAndItsDetails() {
        page.click("#created-done");
        expect(page.locator("#keys-table")).isVisible();
        page.fill("#keys-search", "apm-server-ui-test");
        Locator row = page.locator("tr[data-key-id='" + keyId + "']");
        expect(row.locator("[data-status]")).hasText("Active");
        expect(row).containsText("elastic");
        expect(row.locator("time").nth(1)).containsText("in 2"); // "in 24 hours" (a bit less than a day)
        expect(page.locator("#page-info")).hasText("1–1 of 1");
        // the whole store (at least ten keys; other tests may have filled it with thousands), one page of it from the server
        for (int i = 0; i < 10; i++) call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-list-" + i + "\"}");
        page.fill("#keys-search", "");
        page.click("#keys-refresh");
        page.selectOption("#page-size", "10"); // a shorter picture for the docs
        expect(page.locator("#keys-table tbody tr")).hasCount(10);
        expect(page.locator("#page-info")).hasText(java.util.regex.Pattern.compile("^1–10 of [\\d,]+$"));
        shot(page, "02-keys-list");
        page.selectOption("#page-size", "25");
        expect(page.locator("#page-info")).hasText(java.util.regex.Pattern.compile("^1–\\d+ of [\\d,]+$"));

        page.fill("#keys-search", "apm-server-ui-test");
        expect(page.locator("#page-info")).hasText("1–1 of 1");
        row.locator("a.key-name").click();
        expect(page.locator("#key-details")).containsText(keyId);
        expect(page.locator("#key-role-descriptors")).containsText("traces-apm*");
        expect(page.locator("#key-limited-by")).containsText("superuser");
        expect(page.locator("#key-metadata")).containsText("apm-server");
        shot(page, "06-key-details");
        page.click(".crumbs a");
    }

    @Test
    @Order(6)
    void invalidateInTheUiAfterConfirmingAndTheKeyIsRefused() {
        expect(page.locator("#keys-table")).isVisible();
        Locator row = page.locator("tr[data-key-id='" + keyId + "']");
        row.locator("button[data-invalidate]").click();
        expect(page.locator("dialog[open]")).containsText("Invalidate \"apm-server-ui-test\"?");
        expect(page.locator("#confirm-cancel")).isFocused();
        shot(page, "07-invalidate-confirm");
        page.keyboard().press("Escape"); // cancelling changes nothing
        expect(page.locator("dialog")).hasCount(0);
        expect(row.locator("[data-status]")).hasText("Active");

        row.locator("button[data-invalidate]").click();
        page.click("#confirm-ok");
        expect(page.locator("tr[data-key-id='" + keyId + "'] [data-status]")).hasText("Invalidated");
        shot(page, "08-keys-after-invalidation");

        TestKeygate.Response refused = withKey("POST", "/_bulk", beatsKey,
                "{\"create\":{\"_index\":\"traces-apm-default\"}}\n{\"message\":\"x\"}\n", "application/x-ndjson");
        assertThat(refused.status()).as(refused.text()).isEqualTo(401);

        page.selectOption("#keys-status", "invalidated");
        expect(page.locator("tr[data-key-id='" + keyId + "']")).hasCount(1);
        page.selectOption("#keys-status", "active");
        expect(page.locator("tr[data-key-id='" + keyId + "']")).hasCount(0);
        page.selectOption("#keys-status", "all");
    }

    @Test
    @Order(7)
    void invalidateManyAtOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TestKeygate.Response r = call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-bulk-" + i + "\"}");
            ids.add(r.json().get("id").asText());
        }
        page.click("#keys-refresh");
        page.fill("#keys-search", "ui-bulk-");
        for (String id : ids) page.check("tr[data-key-id='" + id + "'] input[type=checkbox]");
        expect(page.locator("#invalidate-selected")).hasText("Invalidate 2 keys");
        page.click("#invalidate-selected");
        expect(page.locator("dialog[open] h2")).hasText("Invalidate 2 API keys?");
        page.click("#confirm-ok");
        for (String id : ids) expect(page.locator("tr[data-key-id='" + id + "'] [data-status]")).hasText("Invalidated");
        page.fill("#keys-search", "");
    }

    @Test
    @Order(8)
    void sortingAndPaging() {
        for (int i = 0; i < 12; i++) call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-page-" + (char) ('a' + i) + "\"}");
        page.click("#keys-refresh");
        page.fill("#keys-search", "ui-page-");
        page.selectOption("#page-size", "10");
        expect(page.locator("#page-info")).containsText("1–10 of 12");
        expect(page.locator("#keys-table tbody tr")).hasCount(10);
        page.click("button[data-sort=name]");
        expect(page.locator("th:has(button[data-sort=name])")).hasAttribute("aria-sort", "ascending");
        expect(page.locator("#keys-table tbody tr").first().locator("a.key-name")).hasText("ui-page-a");
        page.click("button[data-sort=name]");
        expect(page.locator("th:has(button[data-sort=name])")).hasAttribute("aria-sort", "descending");
        expect(page.locator("#keys-table tbody tr").first().locator("a.key-name")).hasText("ui-page-l");
        page.click("#page-next");
        expect(page.locator("#page-info")).containsText("11–12 of 12");
        expect(page.locator("#keys-table tbody tr")).hasCount(2);
        expect(page.locator("#keys-table tbody tr").last().locator("a.key-name")).hasText("ui-page-a");
        shot(page, "02b-keys-sorted-paged");
        page.click("#page-prev");
        expect(page.locator("#page-info")).containsText("1–10 of 12");

        // each sort, filter and scope is a query the server runs
        page.click("button[data-sort=status]");
        expect(page.locator("th:has(button[data-sort=status])")).hasAttribute("aria-sort", "ascending");
        expect(page.locator("#page-info")).containsText("1–10 of 12");
        page.click("button[data-sort=expiration]");
        expect(page.locator("th:has(button[data-sort=expiration])")).hasAttribute("aria-sort", "descending");
        expect(page.locator("#page-info")).containsText("1–10 of 12");
        page.selectOption("#keys-owner", "elastic");
        expect(page.locator("#page-info")).containsText("1–10 of 12");
        page.selectOption("#keys-status", "expired");
        expect(page.locator(".empty")).containsText("No API key matches these filters.");
        page.selectOption("#keys-status", "active");
        expect(page.locator("#page-info")).containsText("1–10 of 12");
        page.selectOption("#keys-status", "all");
        page.selectOption("#keys-owner", "");
        page.click("label:has(#scope-own)");
        expect(page.locator("#keys-owner")).hasCount(0);
        expect(page.locator("#page-info")).containsText("1–10 of 12");
        page.click("label:has(#scope-all)");
        expect(page.locator("#keys-owner")).hasCount(1);
        page.click("button[data-sort=creation]");
        page.selectOption("#page-size", "25");
        page.fill("#keys-search", "");
    }

    @Test
    @Order(9)
    void pagesPastTheBackendsResultWindowWithSearchAfter() {
        page.selectOption("#page-size", "100");
        expect(page.locator("#page-info")).hasText(java.util.regex.Pattern.compile("^1–\\d+ of [\\d,]+$"));
        String info = page.locator("#page-info").textContent();
        long total = Long.parseLong(info.substring(info.indexOf(" of ") + 4).replace(",", ""));
        if (total <= 10_200) { // alone, or before the suites that store thousands of keys: store enough copies of one key
            String template = call("POST", "/_security/api_key", elastic(), "{\"name\":\"ui-window-template\"}").json().path("id").asText();
            ApiKeyDocsFixture.copies(ApiKeyDocsFixture.doc(template), 10_300, (i, d) -> d.put("name", "ui-window-" + i));
            page.click("#keys-refresh");
        }
        expect(page.locator("#page-info")).containsText("1–100 of ");
        List<String> page100 = null;
        for (int p = 1; p <= 101; p++) {
            if (p == 100) page100 = rowIds();
            page.click("#page-next");
            expect(page.locator("#page-info")).containsText(String.format(Locale.US, "%,d–%,d of ", p * 100 + 1, p * 100 + 100));
        }
        // page 100 came with from/size (from + size = 10,000, the backend's limit); pages 101 and 102 with
        // search_after from the previous page's last row; Previous goes back to 101 by the cursor it kept
        List<String> page102 = rowIds();
        page.click("#page-prev");
        expect(page.locator("#page-info")).containsText("10,001–10,100 of ");
        List<String> page101 = rowIds();
        assertThat(page100).hasSize(100);
        assertThat(page101).hasSize(100).doesNotContainAnyElementsOf(page100).doesNotContainAnyElementsOf(page102);
        assertThat(page102).hasSize(100);
        shot(page, "02c-keys-past-10000");
        page.selectOption("#page-size", "25");
        expect(page.locator("#page-info")).containsText("1–25 of ");
    }

    static List<String> rowIds() {
        List<String> ids = new ArrayList<>();
        for (Object id : (List<?>) page.locator("#keys-table tbody tr").evaluateAll("rs => rs.map(r => r.dataset.keyId)")) ids.add((String) id);
        return ids;
    }

    @Test
    @Order(10)
    void usersScreenListsCreatesAndDeletes() {
        page.click("nav a[data-section=users]");
        expect(page.locator("#users-table")).containsText("elastic");
        shot(page, "09-users");
        page.click("#create-user");
        page.fill("#user-username", "ui_writer");
        page.fill("#user-full-name", "UI Writer");
        page.fill("#user-email", "writer@example.com");
        page.fill("#user-password", "ui-writer-pass");
        page.fill("#user-password-confirm", "ui-writer-pas");
        page.check("#role-viewer");
        page.click("#user-submit");
        expect(page.locator("#err-confirm")).hasText("The passwords do not match.");
        page.fill("#user-password-confirm", "ui-writer-pass");
        shot(page, "10-user-form");
        page.click("#user-submit");
        Locator row = page.locator("tr[data-user=ui_writer]");
        expect(row).containsText("viewer");
        assertThat(call("GET", "/_security/_authenticate", TestKeygate.basic("ui_writer", "ui-writer-pass"), null).status()).isEqualTo(200);

        row.locator("button[data-delete]").click();
        page.click("#confirm-ok");
        expect(row).hasCount(0);
    }

    @Test
    @Order(11)
    void rolesScreenValidatesThroughTheServer() {
        page.click("nav a[data-section=roles]");
        expect(page.locator("#roles-table")).containsText("superuser");
        shot(page, "11-roles");
        page.click("#create-role");
        page.fill("#role-name", "ui_apm_reader");
        page.fill("#role-body", "{\"indices\":[{\"names\":[\"traces-apm*\"],\"privileges\":[\"reed\"]}]}");
        page.click("#role-submit");
        expect(page.locator("#err-role-body")).containsText("reed");
        page.fill("#role-body", "{\n  \"cluster\": [\"monitor\"],\n  \"indices\": [{\"names\": [\"traces-apm*\"], \"privileges\": [\"read\"]}]\n}");
        shot(page, "12-role-form");
        page.click("#role-submit");
        Locator row = page.locator("tr[data-role=ui_apm_reader]");
        expect(row).containsText("traces-apm*");
        row.locator("button[data-delete]").click();
        page.click("#confirm-ok");
        expect(row).hasCount(0);
    }

    @Test
    @Order(12)
    void aUserWithManageOwnApiKeySeesOnlyItsOwnKeys() {
        call("PUT", "/_security/role/ui_own_keys", elastic(), "{\"cluster\":[\"manage_own_api_key\"]}");
        call("PUT", "/_security/user/ui_owner", elastic(), "{\"password\":\"ui-owner-pass\",\"roles\":[\"ui_own_keys\"]}");
        String own = call("POST", "/_security/api_key", TestKeygate.basic("ui_owner", "ui-owner-pass"), "{\"name\":\"ui-owner-key\"}")
                .json().get("id").asText();
        try (BrowserContext other = newContext()) {
            Page p = other.newPage();
            login(p, "ui_owner", "ui-owner-pass");
            expect(p.locator("tr[data-key-id='" + own + "']")).hasCount(1);
            expect(p.locator("#keys-table tbody tr")).hasCount(1); // not elastic's keys
            expect(p.locator("#scope-all")).hasCount(0);
            expect(p.locator("nav a[data-section=users]")).hasCount(0);
            shot(p, "13-own-keys");
            p.locator("tr[data-key-id='" + own + "'] button[data-invalidate]").click();
            p.click("#confirm-ok");
            expect(p.locator("tr[data-key-id='" + own + "'] [data-status]")).hasText("Invalidated");
        }
    }

    @Test
    @Order(13)
    void aStateChangingCallWithTheCookieButWithoutTheCsrfHeaderIsRefused() {
        page.click("nav a[data-section=keys]");
        Object status = page.evaluate("""
                async () => (await fetch('/_security/api_key', {method: 'POST', headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({name: 'csrf-probe'})})).status""");
        assertThat(status).isEqualTo(403);
        Object withToken = page.evaluate("async () => (await fetch('/_security/_authenticate')).status");
        assertThat(withToken).isEqualTo(200);
    }

    @Test
    @Order(14)
    void logoutEndsTheSession() {
        page.click("#logout");
        expect(page.locator("#login-username")).isVisible();
        expect(page.locator(".login-card")).containsText("You have logged out.");
        APIResponse after = page.request().get(TestKeygate.url() + "/_security/_authenticate");
        assertThat(after.status()).isEqualTo(401);
        page.navigate(ui() + "#/keys");
        expect(page.locator("#login-username")).isVisible();
        assertThat(BROWSER_ERRORS).isEmpty();
    }
}
