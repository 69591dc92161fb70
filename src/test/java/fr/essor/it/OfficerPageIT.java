package fr.essor.it;

import fr.essor.http.StandardWebhooks;
import fr.essor.testing.TestDatabases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The officers' page (issue 9) in Debian's chromium, headless, against the packaged jar with the real registry seed:
 * one {@code java -jar target/essor.jar} and one browser for every journey. Skipped, with a message, when chromium
 * or chromedriver is missing, unless {@code ESSOR_BROWSER_TESTS=required} (CI), which turns a missing browser into a
 * failure. Screenshots go to {@code target/screenshots/}. After each journey the browser's console must hold no
 * error (level SEVERE).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfficerPageIT {
    private static final String ADMIN_KEY = "page-it-admin-key-0123456789";
    private static final String OFFICER_KEY = "page-it-officer-key-0123456789";
    private static final String FEED = "pageit";
    private static final String FEED_SECRET = "page-it-feed-secret-0123456789";
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final String HOSTILE_SIRET = "73282932000074";
    private static final String TEXT = "Entretien des espaces verts";
    private static final String MATCH_PATH = "/match?text=" + enc(TEXT) + "&cpv=77310000&place=93100";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Path DOWNLOADS = Path.of("target/browser-downloads").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Process server;
    private static Path serverLog;
    private static String base;
    private static WebDriver driver;
    private static WebDriverWait wait;
    private static String supplierKey;
    private static long started;
    private static long ready;
    /** Why the journeys are skipped (no browser on this machine), or null. */
    private static String skipped;

    @BeforeAll
    static void start() throws Exception {
        started = System.nanoTime();
        String chromium = System.getProperty("essor.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        boolean present = Files.isExecutable(Path.of(chromium)) && Files.isExecutable(Path.of(chromedriver));
        if (!present) {
            String why = "browser tests need " + chromium + " and " + chromedriver
                    + " (Debian: apt-get install -y chromium chromium-driver)";
            if ("required".equals(System.getenv("ESSOR_BROWSER_TESTS"))) {
                fail("ESSOR_BROWSER_TESTS=required but " + why);
            }
            System.out.println("OfficerPageIT SKIPPED: " + why);
            skipped = why + "; set ESSOR_BROWSER_TESTS=required to make this a failure";
            return;
        }
        Path jar = Path.of("target/essor.jar");
        assertThat(jar).as("the packaged jar (mvn package)").exists();
        startServer(jar);
        startBrowser(chromium, chromedriver); // while the server loads its seed
        awaitReady();
        supplierKey = new JsonObject(send("POST", "/api/keys", ADMIN_KEY, "application/json",
                new JsonObject().put("role", "supplier").put("label", "page it")
                        .put("sirets", new JsonArray().add(HOSTILE_SIRET)).encode(), 201)).getString("key");
    }

    private static void startServer(Path jar) throws Exception {
        Path dir = Files.createTempDirectory("essor-page-it");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        serverLog = dir.resolve("essor.log");
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", jar.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serverLog.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ESSOR_"));
        builder.environment().put("ESSOR_HTTP_PORT", String.valueOf(port));
        builder.environment().put("ESSOR_HTTP_HOST", "127.0.0.1");
        builder.environment().put("ESSOR_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("ESSOR_DB_URL", TestDatabases.freshDatabaseUrl());
        builder.environment().put("ESSOR_API_KEYS", "admin:" + ADMIN_KEY + ",officer:" + OFFICER_KEY);
        builder.environment().put("ESSOR_FEED_SECRETS", FEED + ":" + FEED_SECRET);
        builder.environment().put("ESSOR_SEED", "true"); // the real registry, as officers see it
        server = builder.start();
    }

    private static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int status = 0;
        while (System.nanoTime() < deadline && server.isAlive()) {
            status = status("/health/ready");
            if (status == 200) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(status).as("essor ready with its seed; log:%n%s", Files.readString(serverLog)).isEqualTo(200);
        ready = System.nanoTime();
        System.out.printf("OfficerPageIT: essor ready with the seed in %d ms%n", (ready - started) / 1_000_000);
    }

    private static void startBrowser(String chromium, String chromedriver) throws Exception {
        System.setProperty("webdriver.chrome.driver", chromedriver);
        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(DOWNLOADS);
        try (Stream<Path> old = Files.list(DOWNLOADS)) {
            for (Path p : old.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Path profile = Files.createTempDirectory("essor-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-gpu", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--lang=fr-FR",
                "--user-data-dir=" + profile, "--window-size=1366,900");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", DOWNLOADS.toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("intl.accept_languages", "fr-FR,fr");
        options.setExperimentalOption("prefs", prefs);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort()
                .withEnvironment(Map.of("LANGUAGE", "fr", "LANG", "fr_FR.UTF-8")).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
        ((ChromeDriver) driver).executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", DOWNLOADS.toString()));
    }

    @BeforeEach
    void browserAvailable() {
        Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(15, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            if (started > 0 && skipped == null) {
                System.out.printf("OfficerPageIT: browser tests took %d ms in all, %d ms of them in the journeys%n",
                        (System.nanoTime() - started) / 1_000_000, ready == 0 ? 0 : (System.nanoTime() - ready) / 1_000_000);
            }
        }
    }

    /**
     * Statuses a journey provokes on purpose (401, 422, 429): the browser itself logs such an answer as a network
     * error ("Failed to load resource: the server responded with a status of 429"); that line, and only that one, is
     * not counted as a console error of the page.
     */
    private static final List<Integer> provoked = new ArrayList<>();

    @AfterEach
    void noConsoleError(TestInfo info) {
        if (driver == null) {
            return;
        }
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            boolean expected = provoked.stream().anyMatch(status ->
                    entry.getMessage().contains("the server responded with a status of " + status + " "));
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !expected) {
                severe.add(entry.getMessage());
            }
        }
        provoked.clear();
        assertThat(severe).as("console errors during " + info.getDisplayName()).isEmpty();
    }

    // ---- journeys

    @Test
    @Order(1)
    void signInReturnsToTheMatchLinkAndShowsTheSuppliersTheApiRanksFirst() throws Exception {
        driver.manage().window().setSize(new Dimension(1366, 900));
        driver.get(base + MATCH_PATH);
        wait.until(ExpectedConditions.urlContains("/signin"));
        assertThat(driver.getCurrentUrl()).contains("next=");
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password][name=key]")));
        assertThat(driver.findElement(By.cssSelector("label[for='" + key.getAttribute("id") + "']")).getText()).contains("Clé");
        assertAccessibleBasics("sign-in");
        screenshot("01-signin");
        key.sendKeys(OFFICER_KEY, Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/match?"));
        assertThat(driver.getCurrentUrl()).isEqualTo(base + MATCH_PATH);
        List<WebElement> cards = waitForResults();

        JsonObject api = new JsonObject(send("POST", "/api/match", OFFICER_KEY, "application/json",
                new JsonObject().put("text", TEXT).put("cpv", new JsonArray().add("77310000"))
                        .put("place", new JsonObject().put("postcode", "93100")).put("page", 0).put("size", 20).encode(), 200));
        JsonArray items = api.getJsonArray("items");
        assertThat(items).isNotEmpty();
        assertThat(cards).hasSize(items.size());
        for (int i = 0; i < Math.min(3, items.size()); i++) {
            JsonObject item = items.getJsonObject(i);
            WebElement card = cards.get(i);
            assertThat(card.getAttribute("data-siret")).isEqualTo(item.getString("siret"));
            assertThat(card.findElement(By.cssSelector(".result-name a")).getText()).isEqualTo(item.getString("name"));
            for (String component : List.of("text", "cpv", "geo", "capacity", "preference")) {
                WebElement row = card.findElement(By.cssSelector(".component[data-component='" + component + "']"));
                WebElement fill = row.findElement(By.cssSelector(".bar .fill"));
                double expected = item.getJsonObject("components").getJsonObject(component).getDouble("value");
                double shown = fill.getSize().getWidth() / (double) row.findElement(By.cssSelector(".bar")).getSize().getWidth();
                assertThat(shown).as(component + " bar of " + item.getString("name")).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.05));
                assertThat(row.findElement(By.cssSelector(".component-reason")).getText()).isNotBlank();
            }
            assertThat(card.findElement(By.cssSelector(".eligibility")).getText()).containsAnyOf("Éligible", "Non éligible");
        }
        assertThat(driver.findElement(By.cssSelector(".summary")).getText()).contains("fournisseur");
        WebElement panel = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".reservability")));
        assertThat(panel.findElement(By.cssSelector(".recommendation")).getText()).isNotBlank();
        assertThat(panel.findElements(By.cssSelector("table.bases tbody tr"))).isNotEmpty();
        assertThat(panel.getText()).contains("L2113");
        assertNoSidewaysScroll("match at 1366 px", 1366);
        assertAccessibleBasics("match");
        js("document.querySelector('.summary').scrollIntoView()");
        screenshot("02-match-results");

        // the first view: the document, its modules and style sheet, and every API answer, under 200 KB
        long bytes = ((Number) js("return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                + ".reduce((sum, e) => sum + (e.transferSize || 0), 0);")).longValue();
        long count = ((Number) js("return performance.getEntriesByType('resource').length;")).longValue();
        System.out.printf("OfficerPageIT: first view (sign-in, then the match results) transferred %d bytes in %d resources + the document%n", bytes, count);
        assertThat(bytes).isPositive().isLessThan(200_000);
    }

    @Test
    @Order(2)
    void aSuppliersCardShowsItsAddressNafLabelCategoriesAndWebsite() throws Exception {
        WebElement first = waitForResults().get(0);
        String siret = first.getAttribute("data-siret");
        String name = first.findElement(By.cssSelector(".result-name a")).getText();
        first.findElement(By.cssSelector(".result-name a")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/registry/" + siret));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), name));
        JsonObject enterprise = new JsonObject(send("GET", "/api/enterprises/" + siret, OFFICER_KEY, null, null, 200));
        String card = driver.findElement(By.cssSelector(".enterprise-card")).getText();
        assertThat(card).contains(siret).contains("Adresse").contains("Activité (NAF)");
        if (enterprise.getString("naf") != null) {
            assertThat(enterprise.getString("nafLabel")).as("the API's NAF label").isNotBlank();
            assertThat(card).contains(enterprise.getString("naf") + " — " + enterprise.getString("nafLabel"));
        }
        if (enterprise.getString("postcode") != null) {
            assertThat(card).contains(enterprise.getString("postcode"));
        }
        List<WebElement> rows = driver.findElements(By.cssSelector(".categories-table tbody tr"));
        assertThat(rows).hasSize(enterprise.getJsonArray("categories").size());
        assertThat(driver.findElement(By.cssSelector(".categories-table")).getText()).contains("Le marché de l’inclusion");
        assertAccessibleBasics("supplier card");
        screenshot("03-supplier-card");
        // the registry: a facet narrows the search and goes into the URL
        driver.get(base + "/registry?q=" + enc("espaces verts"));
        WebElement ei = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".facet input[value='EI']")));
        String count = ei.findElement(By.xpath("..")).findElement(By.cssSelector(".count")).getText().replaceAll("[^0-9]", "");
        ei.click();
        wait.until(ExpectedConditions.urlContains("category=EI"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"), count + " fournisseur"));
        for (WebElement item : driver.findElements(By.cssSelector(".enterprise-list > li"))) {
            assertThat(item.findElements(By.cssSelector(".chip")).stream().map(WebElement::getText)).contains("EI");
        }
        assertAccessibleBasics("registry");
        screenshot("03b-registry-facet");
        driver.get(base + MATCH_PATH);
        wait.until(ExpectedConditions.urlContains("/match?"));
        waitForResults();
    }

    @Test
    @Order(3)
    void theFirstHundredDownloadAsCsv() throws Exception {
        waitForResults();
        driver.findElement(By.id("csv-export")).click();
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("csv-link")));
        assertThat(link.getAttribute("href")).startsWith("blob:" + base);
        assertThat(link.getAttribute("download")).isEqualTo("essor-fournisseurs.csv");
        Path file = DOWNLOADS.resolve("essor-fournisseurs.csv");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(file) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(file).as("the CSV downloaded by the page").exists();
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        String expected = send("POST", "/api/match", OFFICER_KEY, "application/json",
                new JsonObject().put("text", TEXT).put("cpv", new JsonArray().add("77310000"))
                        .put("place", new JsonObject().put("postcode", "93100")).put("page", 0).put("size", 100).encode(), 200,
                "text/csv");
        assertThat(csv).isEqualTo(expected);
        assertThat(lines.size()).isBetween(2, 101);
        assertThat(lines.get(0).toLowerCase()).contains("siret");
        String firstSiret = waitForResults().get(0).getAttribute("data-siret");
        assertThat(lines.get(1)).contains(firstSiret);
        assertThat(driver.findElement(By.cssSelector(".csv-out")).getText()).contains("Fichier prêt");
        screenshot("04-csv-ready");
    }

    @Test
    @Order(4)
    void aPushedNoticeOpensWithItsLotsTheirMatchesAndReservability() throws Exception {
        String id = pushNotice();
        // the deadline window and "reserved only" come from the URL into the form, and find the notice
        String after = java.time.LocalDate.now().toString();
        String before = java.time.LocalDate.now().plusDays(60).toString();
        driver.get(base + "/notices?deadlineAfter=" + after + "&deadlineBefore=" + before + "&reserved=true");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[href='/notices/" + id + "']")));
        assertThat(driver.findElement(By.name("reserved")).isSelected()).isTrue();
        assertThat(driver.findElement(By.name("deadlineBefore")).getAttribute("value")).isEqualTo(before);
        driver.get(base + "/notices?deadlineBefore=" + after + "&reserved=true");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".summary")));
        assertThat(driver.findElements(By.cssSelector("a[href='/notices/" + id + "']"))).isEmpty();
        driver.get(base + "/notices?q=" + enc("espaces verts"));
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[href='/notices/" + id + "']")));
        assertThat(link.getText()).isEqualTo("Entretien des espaces verts et nettoyage — essai du navigateur");
        assertAccessibleBasics("notices");
        screenshot("05-notices");
        link.click();
        wait.until(ExpectedConditions.urlToBe(base + "/notices/" + id));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Entretien des espaces verts et nettoyage — essai du navigateur"));
        List<WebElement> lots = driver.findElements(By.cssSelector("section.lot"));
        assertThat(lots).hasSize(2);
        assertThat(lots.get(0).getText()).contains("LOT-0001").contains("Espaces verts").contains("77310000");
        assertThat(lots.get(1).getText()).contains("LOT-0002").contains("Nettoyage des locaux")
                .contains("Structures d’insertion");
        // matches arrive once the matcher has run: "pending" is shown meanwhile, then the ranked suppliers
        new WebDriverWait(driver, Duration.ofSeconds(25), Duration.ofMillis(200)).until(d ->
                d.findElements(By.cssSelector("section.lot[data-lot='LOT-0001'] .lot-matches .result")).size() > 0
                        && d.findElements(By.cssSelector("section.lot[data-lot='LOT-0002'] .lot-matches .result")).size() > 0);
        JsonObject matches = new JsonObject(send("GET", "/api/notices/" + id + "/matches?size=10", OFFICER_KEY, null, null, 200));
        assertThat(matches.getString("status")).isEqualTo("done");
        for (Object o : matches.getJsonArray("lots")) {
            JsonObject lot = (JsonObject) o;
            List<WebElement> shown = driver.findElements(By.cssSelector("section.lot[data-lot='" + lot.getString("lotId") + "'] .result"));
            assertThat(shown).hasSize(lot.getJsonArray("items").size());
            assertThat(shown.get(0).getAttribute("data-siret")).isEqualTo(lot.getJsonArray("items").getJsonObject(0).getString("siret"));
        }
        for (WebElement result : driver.findElements(By.cssSelector("section.lot[data-lot='LOT-0002'] .result"))) {
            assertThat(result.findElement(By.cssSelector(".eligibility")).getText()).startsWith("Éligible");
        }
        wait.until(d -> d.findElements(By.cssSelector("section.lot .reservability")).size() == 2);
        assertThat(driver.findElement(By.cssSelector("section.lot[data-lot='LOT-0001'] .lot-matches .summary")).getText())
                .contains("fournisseur");
        assertAccessibleBasics("notice");
        js("document.querySelector(\"section.lot[data-lot='LOT-0001'] .reservability\").scrollIntoView()");
        screenshot("06-notice");
        if (driver.findElements(By.cssSelector("nav.pager a")).stream().anyMatch(a -> a.getText().contains("suivants"))) {
            driver.findElements(By.cssSelector("nav.pager a")).stream().filter(a -> a.getText().contains("suivants")).findFirst().get().click();
            wait.until(ExpectedConditions.urlContains("page=1"));
            wait.until(d -> d.findElements(By.cssSelector(".lot-matches .loading")).isEmpty());
        }
    }

    @Test
    @Order(5)
    void keyboardOnlySignInAndMatch() throws Exception {
        signOutByKeyboard();
        driver.get(base + "/signin");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("key")));
        // the sign-in opens with the key field focused; before it come only the skip link and the home link
        wait.until(d -> "key".equals(active().getAttribute("name")));
        for (int i = 0; i < 3 && !"Aller au contenu".equals(active().getText()); i++) {
            active().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        }
        assertThat(active().getText()).isEqualTo("Aller au contenu");
        assertThat(active().isDisplayed()).isTrue();
        assertThat(active().getLocation().getY()).as("the focused skip link is on screen").isGreaterThanOrEqualTo(0);
        assertThat(active().getCssValue("outline-style")).isNotEqualTo("none");
        screenshot("07-keyboard-skip-link");
        active().sendKeys(Keys.ENTER); // to the content
        tabUntil(e -> "key".equals(e.getAttribute("name")), 3);
        assertThat(active().getCssValue("outline-style")).isNotEqualTo("none");
        active().sendKeys(OFFICER_KEY, Keys.ENTER);
        wait.until(ExpectedConditions.urlToBe(base + "/match"));
        tabUntil(e -> "text".equals(e.getAttribute("name")), 20);
        active().sendKeys(TEXT);
        tab();
        assertThat(active().getAttribute("name")).isEqualTo("cpv");
        assertThat(active().getAttribute("role")).isEqualTo("combobox");
        active().sendKeys("espaces verts");
        // the picker searches the labels and shows each code with its parents; arrows move to 77310000, Enter takes it
        wait.until(d -> d.findElements(By.cssSelector("[role=listbox]:not([hidden]) [role=option]")).stream()
                .anyMatch(o -> o.getText().startsWith("77310000")));
        for (int i = 0; i < 15; i++) {
            active().sendKeys(Keys.ARROW_DOWN);
            String option = active().getAttribute("aria-activedescendant");
            assertThat(option).isNotBlank();
            if (driver.findElement(By.id(option)).getText().startsWith("77310000")) {
                assertThat(driver.findElement(By.id(option)).getText()).contains("espaces verts").contains("›");
                break;
            }
        }
        active().sendKeys(Keys.ENTER);
        wait.until(d -> d.findElements(By.cssSelector(".chosen .chip")).stream().anyMatch(c -> c.getText().startsWith("77310000")));
        tabUntil(e -> "place".equals(e.getAttribute("name")), 5);
        active().sendKeys("93100", Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("place=93100"));
        assertThat(driver.getCurrentUrl()).contains("cpv=").contains("text=");
        waitForResults();
        wait.until(d -> "results-title".equals(active().getAttribute("id")));
        screenshot("08-keyboard-results");
        tabUntil(e -> e.getTagName().equals("a") && e.getAttribute("href").contains("/registry/"), 40);
        assertThat(active().getCssValue("outline-style")).isNotEqualTo("none");
        String name = active().getText();
        active().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/registry/"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), name));
        assertThat(active().getTagName()).isEqualTo("h1");
        screenshot("09-keyboard-card");
    }

    @Test
    @Order(6)
    void atPhoneWidthNothingScrollsSideways() throws Exception {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        try {
            ensureOfficer();
            driver.get(base + MATCH_PATH);
            waitForResults();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".reservability")));
            assertNoSidewaysScroll("match");
            screenshot("10-phone-match");
            js("document.querySelector('.result-list').scrollIntoView()");
            screenshot("10b-phone-results");
            js("document.querySelector('.reservability').scrollIntoView()");
            screenshot("11-phone-reservability");
            driver.findElement(By.cssSelector(".result-name a")).click();
            wait.until(ExpectedConditions.urlContains("/registry/"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".enterprise-card")));
            assertNoSidewaysScroll("supplier card");
            screenshot("12-phone-card");
            driver.get(base + "/registry?q=" + enc("espaces verts"));
            wait.until(d -> !d.findElements(By.cssSelector(".enterprise-list li")).isEmpty());
            assertNoSidewaysScroll("registry");
            screenshot("13-phone-registry");
            driver.get(base + "/notices");
            wait.until(d -> !d.findElements(By.cssSelector(".notice-list li")).isEmpty());
            driver.findElement(By.cssSelector(".notice-list a")).click();
            wait.until(d -> !d.findElements(By.cssSelector("section.lot .reservability")).isEmpty());
            assertNoSidewaysScroll("notice");
            screenshot("14-phone-notice");
        } finally {
            ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    @Order(7)
    void aHostileNameIsShownAsTextNeverAsHtml() throws Exception {
        JsonObject hostile = new JsonObject().put("name", HOSTILE).put("categories", new JsonArray().add("EI"))
                .put("description", "Entretien des espaces verts <script>alert(2)</script>")
                .put("postcode", "93100").put("city", "Montreuil").put("cpv", new JsonArray().add("77310000"))
                .put("website", "javascript:alert(3)").put("employees", 12);
        int status = sendStatus("PUT", "/api/enterprises/" + HOSTILE_SIRET, ADMIN_KEY, hostile.encode());
        assertThat(status).isIn(200, 201);
        ensureOfficer();
        driver.get(base + "/registry/" + HOSTILE_SIRET);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), HOSTILE));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains(HOSTILE).contains("<script>alert(2)</script>")
                .contains("javascript:alert(3)");
        assertThat(driver.findElements(By.cssSelector("main img, main script, main a[href^='javascript']"))).isEmpty();
        assertNoAlert();
        screenshot("15-hostile-card");
        driver.get(base + "/match?text=" + enc("espaces verts") + "&cpv=77310000&place=93100");
        waitForResults();
        driver.get(base + "/registry?q=" + enc("onerror img"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".enterprise-list"), HOSTILE));
        assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();
        assertNoAlert();
        screenshot("16-hostile-registry");
    }

    @Test
    @Order(8)
    void errorsAreShownNextToTheirFieldOrInABannerThatRetries() throws Exception {
        ensureOfficer();
        // a place the page cannot read: said next to the field, nothing sent
        driver.get(base + "/match?text=" + enc(TEXT) + "&place=" + enc("nulle part"));
        WebElement place = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("place")));
        WebElement placeError = driver.findElement(By.id(place.getAttribute("id") + "-error"));
        wait.until(ExpectedConditions.visibilityOf(placeError));
        assertThat(placeError.getText()).contains("Lieu non reconnu");
        assertThat(place.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(place.getAttribute("aria-describedby")).contains(placeError.getAttribute("id"));

        // 422 from the API (a commune that does not exist): its message next to the place field
        provoked.add(422);
        driver.get(base + "/match?text=" + enc(TEXT) + "&place=insee:99999");
        place = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("place")));
        WebElement apiError = driver.findElement(By.id(place.getAttribute("id") + "-error"));
        wait.until(ExpectedConditions.visibilityOf(apiError));
        assertThat(apiError.getText()).isNotBlank();
        assertThat(driver.findElement(By.id("banner")).isDisplayed()).isFalse();
        screenshot("17-error-422");

        // 429: a key flooded by another client; the banner counts down Retry-After, then the page asks again
        String floodKey = new JsonObject(send("POST", "/api/keys", ADMIN_KEY, "application/json",
                new JsonObject().put("role", "officer").put("label", "flood").encode(), 201)).getString("key");
        signInAs(floodKey, "/notices");
        provoked.add(429);
        java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        HttpClient floodClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // up to 64 requests in flight at all times, far more than the key's 50 per second
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
        Thread flood = new Thread(() -> {
            HttpRequest me = HttpRequest.newBuilder(URI.create(base + "/api/me")).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + floodKey).build();
            while (flooding.get()) {
                try {
                    if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                floodClient.sendAsync(me, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    if (r != null && r.statusCode() == 429) {
                        refused.incrementAndGet();
                    }
                    inFlight.release();
                });
            }
        });
        flood.start();
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> refused.get() > 20);
            // the page's own request competes with the flood for the key's tokens: ask again until it is refused
            WebElement banner = null;
            for (int attempt = 0; attempt < 5 && banner == null; attempt++) {
                driver.findElement(By.cssSelector("form button[type=submit]")).click();
                try {
                    banner = new WebDriverWait(driver, Duration.ofSeconds(4), Duration.ofMillis(50))
                            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#banner.banner-warning")));
                } catch (org.openqa.selenium.TimeoutException notThisTime) {
                    // served from a token the flood had not taken yet
                }
            }
            assertThat(banner).as("a 429 shown in the banner").isNotNull();
            assertThat(banner.getText()).contains("Trop de requêtes").contains("Nouvel essai dans");
            assertThat(banner.findElement(By.tagName("button")).getText()).isEqualTo("Réessayer maintenant");
            assertAccessibleBasics("429 banner");
        screenshot("18-error-429");
        } finally {
            flooding.set(false);
            flood.join(10_000);
        }
        wait.until(d -> !d.findElements(By.cssSelector(".notice-list li")).isEmpty() || d.getPageSource().contains("Aucun avis"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));

        // 401: the key is revoked while the tab holds it; the next call goes back to sign-in, then to the same view
        JsonObject made = new JsonObject(send("POST", "/api/keys", ADMIN_KEY, "application/json",
                new JsonObject().put("role", "officer").put("label", "revoked").encode(), 201));
        signInAs(made.getString("key"), "/registry");
        send("DELETE", "/api/keys/" + made.getString("id"), ADMIN_KEY, null, null, 204);
        provoked.add(401);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/signin?next=%2Fregistry"));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("expiré");
        screenshot("19-error-401");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("key"))).sendKeys(OFFICER_KEY, Keys.ENTER);
        wait.until(ExpectedConditions.urlToBe(base + "/registry"));
    }

    @Test
    @Order(9)
    void eachRoleSeesItsOwnPartsAndAnAdminImportsWithAReportPerLine() throws Exception {
        // a supplier: notices only, no registry, no import
        signInAs(supplierKey, "/notices");
        assertThat(visibleNav()).containsExactly("Avis de marché");
        driver.get(base + "/registry");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "ne donne pas accès"));
        // an admin: everything, the import included
        signInAs(ADMIN_KEY, "/import");
        assertThat(visibleNav()).containsExactly("Rechercher des fournisseurs", "Avis de marché", "Registre", "Import");
        Path csv = Files.createTempFile("essor-import", ".csv");
        Files.writeString(csv, "siret,name,categories,legal_form,naf,description,cpv,address,postcode,city,latitude,longitude,radius_km,departments,employees,website\n"
                + "44306184100047,Jardins du test,ACI,,81.30Z,Espaces verts,77310000,,93100,Montreuil,,,,,12,\n"
                + "12345678900000,Siret faux,EI,,,,,,75011,Paris,,,,,,\n");
        driver.findElement(By.cssSelector("input[type=file]")).sendKeys(csv.toString());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        WebElement report = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report-title")));
        assertThat(report.getText()).isEqualTo("Rapport d’import");
        String text = driver.findElement(By.cssSelector(".report")).getText();
        assertThat(text).contains("Rejetés : 1").contains("siret");
        assertThat(driver.findElements(By.cssSelector(".report table.lines tbody tr td")).get(0).getText()).isEqualTo("3");
        assertAccessibleBasics("import report");
        screenshot("20-admin-import");
        signOutByKeyboard();
    }

    // ---- helpers

    private static List<WebElement> waitForResults() {
        wait.until(d -> !d.findElements(By.cssSelector(".result-list .result")).isEmpty());
        return driver.findElements(By.cssSelector(".result-list .result"));
    }

    private static void ensureOfficer() {
        if (!OFFICER_KEY.equals(js("return sessionStorage.getItem('essor.key');"))) {
            signInAs(OFFICER_KEY, "/notices");
        }
    }

    private static void signInAs(String key, String path) {
        signOutByKeyboard();
        driver.get(base + path);
        wait.until(ExpectedConditions.urlContains("/signin"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("key"))).sendKeys(key, Keys.ENTER);
        wait.until(ExpectedConditions.urlToBe(base + path));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    }

    private static void signOutByKeyboard() {
        List<WebElement> out = driver.findElements(By.id("signout"));
        if (!out.isEmpty() && out.get(0).isDisplayed()) {
            out.get(0).sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.urlContains("/signin"));
        }
    }

    private static List<String> visibleNav() {
        return driver.findElements(By.cssSelector("#nav li")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).toList();
    }

    private static WebElement active() {
        return driver.switchTo().activeElement();
    }

    private static void tab() {
        active().sendKeys(Keys.TAB);
    }

    private static void tabUntil(java.util.function.Predicate<WebElement> target, int most) {
        for (int i = 0; i < most; i++) {
            if (target.test(active())) {
                return;
            }
            tab();
        }
        assertThat(target.test(active())).as("reached by Tab within " + most + " presses; focus is on "
                + active().getTagName() + " " + active().getText()).isTrue();
    }

    private static void assertNoSidewaysScroll(String view) {
        assertNoSidewaysScroll(view, 390);
    }

    private static void assertNoSidewaysScroll(String view, int width) {
        long scroll = ((Number) js("return document.documentElement.scrollWidth;")).longValue();
        long client = ((Number) js("return document.documentElement.clientWidth;")).longValue();
        assertThat(client).as("viewport of " + view).isBetween(width - 20L, (long) width);
        assertThat(scroll).as("no sideways scroll on " + view + " at 390 px").isLessThanOrEqualTo(client);
    }

    /**
     * RGAA / WCAG 2.1 AA basics on what is shown: every form control has a label (its own label element, or one around
     * it), and every visible text meets its contrast ratio against the background behind it (4.5:1, 3:1 for large
     * text); headings never skip a level going down.
     */
    private static void assertAccessibleBasics(String view) {
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) js("""
                const problems = [];
                for (const c of document.querySelectorAll('input, select, textarea')) {
                  if (c.type === 'hidden' || c.offsetParent === null) continue;
                  const labelled = (c.id && document.querySelector(`label[for="${c.id}"]`)) || c.closest('label') || c.getAttribute('aria-label');
                  if (!labelled) problems.push('no label: ' + c.outerHTML.slice(0, 80));
                }
                const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
                const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
                  .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
                const background = (el) => {
                  for (let e = el; e; e = e.parentElement) {
                    const c = rgb(getComputedStyle(e).backgroundColor);
                    if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
                  }
                  return [255, 255, 255];
                };
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                const seen = new Set();
                while (walker.nextNode()) {
                  const el = walker.currentNode.parentElement;
                  if (!walker.currentNode.textContent.trim() || seen.has(el) || el.offsetParent === null) continue;
                  seen.add(el);
                  const style = getComputedStyle(el);
                  if (el.closest('.visually-hidden, .skip, [hidden]') || style.visibility === 'hidden') continue;
                  const fg = rgb(style.color).slice(0, 3);
                  const bg = background(el);
                  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
                  const ratio = (hi + 0.05) / (lo + 0.05);
                  const size = parseFloat(style.fontSize);
                  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
                  if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: "${el.textContent.trim().slice(0, 40)}"`);
                }
                let last = 0;
                for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
                  const level = Number(h.tagName[1]);
                  if (last && level > last + 1) problems.push(`heading h${level} after h${last}: "${h.textContent.trim().slice(0, 40)}"`);
                  last = level;
                }
                return problems;""");
        assertThat(problems).as("accessibility basics of " + view).isEmpty();
    }

    private static void assertNoAlert() {
        try {
            driver.switchTo().alert();
            fail("an alert opened: hostile text ran as script");
        } catch (NoAlertPresentException expected) {
            // right
        }
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static void screenshot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private static String pushNotice() throws Exception {
        JsonObject notice = new JsonObject().put("source", "native").put("sourceId", "page-it-" + UUID.randomUUID())
                .put("version", "1").put("title", "Entretien des espaces verts et nettoyage — essai du navigateur")
                .put("publishedAt", Instant.now().toString())
                .put("deadline", Instant.now().plus(Duration.ofDays(30)).toString())
                .put("contractNature", "services")
                .put("buyer", new JsonObject().put("name", "Ville de Montreuil").put("kind", "local"))
                .put("lots", new JsonArray()
                        .add(new JsonObject().put("lotId", "LOT-0001").put("title", "Espaces verts")
                                .put("description", "Entretien des espaces verts des écoles et des parcs")
                                .put("mainCpv", "77310000").put("place", new JsonObject().put("postcode", "93100").put("city", "Montreuil"))
                                .put("estimatedValue", new JsonObject().put("amount", 120000).put("currency", "EUR"))
                                .put("durationMonths", 24).put("reservation", "none"))
                        .add(new JsonObject().put("lotId", "LOT-0002").put("title", "Nettoyage des locaux")
                                .put("description", "Nettoyage des bureaux de la mairie")
                                .put("mainCpv", "90911200").put("place", new JsonObject().put("postcode", "93100").put("city", "Montreuil"))
                                .put("estimatedValue", new JsonObject().put("amount", 80000).put("currency", "EUR"))
                                .put("durationMonths", 12).put("reservation", "integration")));
        byte[] body = notice.encode().getBytes(StandardCharsets.UTF_8);
        String webhookId = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/notices"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("X-Feed-Id", FEED)
                .header("webhook-id", webhookId).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", StandardWebhooks.sign(StandardWebhooks.key(FEED_SECRET), webhookId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return new JsonObject(response.body()).getJsonArray("notices").getJsonObject(0).getString("id");
    }

    private static String send(String method, String path, String key, String type, String body, int expected) throws Exception {
        return send(method, path, key, type, body, expected, "application/json");
    }

    private static String send(String method, String path, String key, String type, String body, int expected, String accept)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key).header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            builder.header("Content-Type", type);
        }
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    private static int sendStatus(String method, String path, String key, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
