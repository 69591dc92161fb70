package fr.essor.http;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The officers' page as the server serves it (issue 9), without a browser: its own paths answer the same HTML with the
 * Content-Security-Policy, its modules answer JavaScript, the API keeps its problem+json 404, and the page's files hold
 * no inline script, no inline style and no innerHTML.
 */
class PageRoutesTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<Buffer> get(String path) {
        return await(app.client().get(path).send());
    }

    @Test
    void thePagesOwnPathsAnswerTheHtmlWithItsSecurityHeaders() {
        for (String path : List.of("/", "/signin", "/match?text=Entretien%20des%20espaces%20verts&cpv=77310000&place=93100",
                "/notices", "/notices/7d0c4e0e-3a0c-4a43-9d59-2d4b8d2f1c11", "/registry", "/registry/73282932000074", "/import")) {
            HttpResponse<Buffer> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).as(path).startsWith("text/html");
            assertThat(response.getHeader("Content-Security-Policy")).as(path).isEqualTo(PageRoutes.CONTENT_SECURITY_POLICY)
                    .contains("script-src 'self'").doesNotContain("unsafe-inline");
            assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
            assertThat(response.bodyAsString()).contains("<script type=\"module\" src=\"/app/main.js\"></script>")
                    .contains("lang=\"fr\"");
        }
    }

    @Test
    void theModulesAndTheStyleSheetAnswerWithTheirTypes() {
        HttpResponse<Buffer> js = get("/app/main.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.getHeader("Content-Type")).matches("(text|application)/javascript.*");
        assertThat(js.getHeader("Content-Security-Policy")).isEqualTo(PageRoutes.CONTENT_SECURITY_POLICY);
        assertThat(js.getHeader("Cache-Control")).contains("max-age=300");
        HttpResponse<Buffer> css = get("/app/style.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.getHeader("Content-Type")).startsWith("text/css");
    }

    @Test
    void theApiAndUnknownPathsKeepTheirProblemAnswers() {
        for (String path : List.of("/api/unknown", "/app/missing.js", "/nothing-here", "/notices/a/b")) {
            HttpResponse<Buffer> response = get(path);
            assertThat(response.statusCode()).as(path).isIn(401, 404);
            assertThat(response.getHeader("Content-Type")).as(path).startsWith("application/problem+json");
        }
        HttpResponse<Buffer> api = await(app.client().get("/api/unknown").bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.getHeader("Content-Type")).startsWith("application/problem+json");
        HttpResponse<Buffer> post = await(app.client().post("/match").send());
        assertThat(post.statusCode()).isIn(404, 405);
        assertThat(post.getHeader("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void thePageAndItsFilesAreNotRateLimitedTheApiIs() {
        assertThat(RateLimitHandler.exempt("/app/main.js")).isTrue();
        assertThat(RateLimitHandler.exempt("/")).isTrue();
        assertThat(RateLimitHandler.exempt("/match")).isTrue();
        assertThat(RateLimitHandler.exempt("/notices/7d0c4e0e-3a0c-4a43-9d59-2d4b8d2f1c11")).isTrue();
        assertThat(RateLimitHandler.exempt("/api/match")).isFalse();
        assertThat(RateLimitHandler.exempt("/api/me")).isFalse();
        assertThat(RateLimitHandler.exempt("/anything-else")).isFalse();
    }

    @Test
    void whoAmIAnswersTheRoleOfTheKey() {
        HttpResponse<Buffer> officer = await(app.client().get("/api/me").bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
        assertThat(officer.statusCode()).isEqualTo(200);
        assertThat(officer.bodyAsJsonObject().getString("role")).isEqualTo("officer");
        HttpResponse<Buffer> admin = await(app.client().get("/api/me").bearerTokenAuthentication(TestApp.ADMIN_KEY).send());
        assertThat(admin.bodyAsJsonObject().getString("role")).isEqualTo("admin");
        assertThat(get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void everyReasonCodeOfTheContractHasItsFrenchText() throws Exception {
        String openapi = Files.readString(Path.of("src/main/resources/openapi.yaml"));
        String i18n = Files.readString(Path.of("src/main/resources/webroot/app/i18n.js"));
        // the enums of the stable codes: those holding a code of each family (components, eligibility, lot check,
        // recommendation)
        Matcher enums = Pattern.compile("enum: \\[([^\\]]+)\\]").matcher(openapi);
        java.util.Set<String> codes = new java.util.TreeSet<>();
        List<String> anchors = List.of("activity-unknown", "category-eligible", "no-lot-condition", "enough-suppliers");
        int families = 0;
        while (enums.find()) {
            List<String> list = java.util.Arrays.stream(enums.group(1).split(",")).map(String::trim).toList();
            if (list.stream().anyMatch(anchors::contains)) {
                families++;
                codes.addAll(list);
            }
        }
        assertThat(families).isGreaterThanOrEqualTo(4);
        assertThat(codes).contains("activity-unknown", "place-unknown", "category-eligible", "duration-unknown",
                "enough-suppliers-low-dependency");
        for (String code : codes) {
            assertThat(i18n).as("French text for " + code).contains("'" + code + "':");
        }
    }

    @Test
    void thePagesFilesNeverParseApiDataAsHtml() throws Exception {
        Path webroot = Path.of("src/main/resources/webroot");
        String html = Files.readString(webroot.resolve("index.html"));
        Matcher scripts = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html);
        assertThat(scripts.find()).as("no inline script in index.html").isFalse();
        assertThat(html).doesNotContain("style=").doesNotContainPattern("\\son[a-z]+=");
        try (var files = Files.walk(webroot.resolve("app"))) {
            for (Path js : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                String code = Files.readString(js);
                assertThat(code).as(js.toString()).doesNotContain("innerHTML").doesNotContain("outerHTML")
                        .doesNotContain("insertAdjacentHTML").doesNotContain("document.write").doesNotContain("eval(")
                        .doesNotContain("new Function");
            }
        }
    }
}
