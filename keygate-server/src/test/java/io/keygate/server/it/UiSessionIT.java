package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static io.keygate.server.it.TestKeygate.url;
import static org.assertj.core.api.Assertions.assertThat;

/** The web UI's login session over plain HTTP: cookie flags, CSRF, logout, and what a session may reach. */
class UiSessionIT {

    /** A logged-in UI session as a browser holds it. */
    record Session(String cookie, String csrf) {}

    static TestKeygate.Response request(String method, String path, String cookie, String csrf, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) b.header("Cookie", cookie);
        if (csrf != null) b.header("X-Keygate-CSRF", csrf);
        if (body != null) b.header("Content-Type", "application/json");
        return TestKeygate.send(b.build());
    }

    static Session login(String user, String password) {
        TestKeygate.Response r = request("POST", "/_keygate/session", null, null,
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String setCookie = r.header("set-cookie");
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), r.json().get("csrf_token").asText());
    }

    @Test
    void theUiIsServedWithoutCredentialsAndLoadsNothingFromElsewhere() {
        TestKeygate.Response page = call("GET", "/_keygate/ui/", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.text()).contains("js/app.js").doesNotContain("http://", "https://");
        assertThat(page.header("content-security-policy")).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
        assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");

        assertThat(call("GET", "/_keygate/ui/js/app.js", null, null).header("content-type")).startsWith("text/javascript");
        assertThat(call("GET", "/_keygate/ui/app.css", null, null).header("content-type")).startsWith("text/css");
        assertThat(call("GET", "/_keygate", null, null).status()).isEqualTo(302);
        assertThat(call("GET", "/_keygate/ui/nothing.js", null, null).status()).isEqualTo(404);
        assertThat(call("GET", "/_keygate/ui/%2e%2e/store/security-index.json", null, null).status()).isEqualTo(404);
        assertThat(call("GET", "/_keygate/ui/.hidden.js", null, null).status()).isEqualTo(404);
        assertThat(call("POST", "/_keygate/ui/", null, "{}").status()).isEqualTo(405);
    }

    @Test
    void loginSetsAnHttpOnlySameSiteStrictCookieAndTheCsrfTokenIsSeparate() {
        TestKeygate.Response r = request("POST", "/_keygate/session", null, null,
                "{\"username\":\"elastic\",\"password\":\"" + TestKeygate.ELASTIC_PASSWORD + "\"}");
        assertThat(r.status()).isEqualTo(200);
        List<String> cookies = r.headers().allValues("set-cookie");
        assertThat(cookies).hasSize(1);
        String cookie = cookies.getFirst();
        // attribute names are case-insensitive (RFC 6265); Netty writes "HTTPOnly"
        assertThat(cookie).startsWith("keygate_session=").containsIgnoringCase("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").doesNotContainIgnoringCase("secure"); // plain HTTP here; Secure is set under TLS
        String id = cookie.substring("keygate_session=".length(), cookie.indexOf(';'));
        assertThat(id).hasSizeGreaterThanOrEqualTo(43);
        JsonNode body = r.json();
        assertThat(body.get("username").asText()).isEqualTo("elastic");
        assertThat(body.get("csrf_token").asText()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(id);
        assertThat(r.text()).doesNotContain(id).doesNotContain(TestKeygate.ELASTIC_PASSWORD);
    }

    @Test
    void aWrongPasswordIs401WithoutABrowserChallenge() {
        TestKeygate.Response r = request("POST", "/_keygate/session", null, null, "{\"username\":\"elastic\",\"password\":\"wrong-one\"}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("www-authenticate")).isNull();
        assertThat(r.header("set-cookie")).isNull();
        assertThat(r.text()).doesNotContain("wrong-one");
        assertThat(request("POST", "/_keygate/session", null, null, "{\"username\":\"elastic\"}").status()).isEqualTo(400);
        assertThat(request("POST", "/_keygate/session", null, null, "not json {\"password\":\"secret-x\"").text()).doesNotContain("secret-x");
    }

    @Test
    void aLoginMustBeJsonSoACrossSiteFormCannotPostIt() {
        HttpRequest form = HttpRequest.newBuilder(URI.create(url() + "/_keygate/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=elastic&password=" + TestKeygate.ELASTIC_PASSWORD)).build();
        TestKeygate.Response r = TestKeygate.send(form);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("set-cookie")).isNull();
    }

    @Test
    void theSessionAuthenticatesSecurityApiCallsAndStateChangesNeedTheCsrfHeader() {
        Session s = login("elastic", TestKeygate.ELASTIC_PASSWORD);
        TestKeygate.Response me = request("GET", "/_security/_authenticate", s.cookie(), null, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo("elastic");

        String role = "{\"cluster\":[\"monitor\"]}";
        TestKeygate.Response noCsrf = request("PUT", "/_security/role/ui_csrf_probe", s.cookie(), null, role);
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.json().at("/error/reason").asText()).contains("X-Keygate-CSRF");
        assertThat(request("PUT", "/_security/role/ui_csrf_probe", s.cookie(), s.csrf() + "x", role).status()).isEqualTo(403);
        assertThat(request("DELETE", "/_security/role/ui_csrf_probe", s.cookie(), null, null).status()).isEqualTo(403);
        assertThat(call("GET", "/_security/role/ui_csrf_probe", elastic(), null).status()).as("nothing was written").isEqualTo(404);

        assertThat(request("PUT", "/_security/role/ui_csrf_probe", s.cookie(), s.csrf(), role).status()).isEqualTo(200);
        assertThat(request("DELETE", "/_security/role/ui_csrf_probe", s.cookie(), s.csrf(), null).status()).isEqualTo(200);
    }

    @Test
    void theCookieOpensOnlyTheSecurityApisNotTheProxiedCluster() {
        Session s = login("elastic", TestKeygate.ELASTIC_PASSWORD);
        assertThat(request("GET", "/_cluster/health", s.cookie(), null, null).status()).isEqualTo(401);
        assertThat(request("GET", "/", s.cookie(), null, null).status()).isEqualTo(401);
    }

    @Test
    void logoutNeedsTheCsrfHeaderAndEndsTheSession() {
        Session s = login("elastic", TestKeygate.ELASTIC_PASSWORD);
        assertThat(request("GET", "/_keygate/session", s.cookie(), null, null).json().get("csrf_token").asText()).isEqualTo(s.csrf());
        assertThat(request("DELETE", "/_keygate/session", s.cookie(), null, null).status()).isEqualTo(403);
        assertThat(request("GET", "/_security/_authenticate", s.cookie(), null, null).status()).isEqualTo(200);

        TestKeygate.Response out = request("DELETE", "/_keygate/session", s.cookie(), s.csrf(), null);
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.header("set-cookie")).startsWith("keygate_session=;").contains("Max-Age=0");
        TestKeygate.Response after = request("GET", "/_security/_authenticate", s.cookie(), null, null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("www-authenticate")).isNull();
        assertThat(request("GET", "/_keygate/session", s.cookie(), null, null).status()).isEqualTo(401);
    }

    @Test
    void aDisabledUsersSessionEndsAtOnce() {
        assertThat(call("PUT", "/_security/user/ui_session_user", elastic(),
                "{\"password\":\"ui-user-pass\",\"roles\":[\"viewer\"]}").status()).isEqualTo(200);
        Session s = login("ui_session_user", "ui-user-pass");
        assertThat(request("GET", "/_security/_authenticate", s.cookie(), null, null).status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/ui_session_user/_disable", elastic(), null).status()).isEqualTo(200);
        assertThat(request("GET", "/_security/_authenticate", s.cookie(), null, null).status()).isEqualTo(401);
        call("DELETE", "/_security/user/ui_session_user", elastic(), null);
    }

    @Test
    void anAuthorizationHeaderWinsOverTheCookie() {
        Session s = login("elastic", TestKeygate.ELASTIC_PASSWORD);
        HttpRequest r = HttpRequest.newBuilder(URI.create(url() + "/_security/_authenticate"))
                .header("Cookie", s.cookie()).header("Authorization", TestKeygate.basic("elastic", "bad-password")).GET().build();
        assertThat(TestKeygate.send(r).status()).isEqualTo(401);
    }
}
