package eg.gov.bawaba.hub.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.experts.ExpertsRegistry;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.hub.security.Scopes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The operations console in Debian's headless Chromium against the whole hub, signed in with an operator's token of
 * the hub's development key: it lists the entities, shows a dead-lettered application, and replays it from the browser
 * until the entity has it, under the token's name in the audit log.
 */
class OpsConsoleIT extends HubTestSupport {

    static final Path CHROMIUM = Path.of(System.getProperty("bawaba.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("bawaba.chromedriver", "/usr/bin/chromedriver"));
    static final String LAB_PATH = "/emigration/lab/applications";
    static final String OPERATOR = "console.it";

    static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    DeliveryBreakers breakers;
    @Autowired
    ExpertsRegistry expertsRegistry;

    WebDriverWait waitFor;
    String operatorToken;

    @BeforeAll
    static void startChromium() {
        // CI installs both (.ci/run): a missing browser is a broken machine, never a reason to skip
        assertThat(CHROMIUM).as("Debian's chromium at %s (apt-get install chromium chromium-driver)", CHROMIUM)
                .isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver at %s (apt-get install chromium-driver)", CHROMEDRIVER)
                .isExecutable();
        // Selenium's own tracing needs OpenTelemetry, which the routes pom leaves out
        System.setProperty("webdriver.remote.enableTracing", "false");
        // an explicit driver path keeps Selenium Manager from looking for (and downloading) a driver
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100",
                "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void openConsole() {
        waitFor = new WebDriverWait(browser, Duration.ofSeconds(30));
        waitFor.ignoring(StaleElementReferenceException.class);
        browser.manage().logs().get(LogType.BROWSER); // reading empties it: each test sees only its own errors
        browser.get("http://localhost:" + port + "/ops/console");
        operatorToken = tokenKey.mint(OPERATOR, List.of(Scopes.OPS_READ, Scopes.OPS_WRITE), Duration.ofHours(1));
        signIn(operatorToken);
    }

    @Test
    void showsEveryEntityWithItsNamesHealthAndState() {
        assertThat(browser.getCurrentUrl()).endsWith("/ops/console/");
        JsonNode connectors = json(get("/ops/v1/connectors")).get("connectors");
        List<String> ids = connectors.findValuesAsText("entityId");
        assertThat(ids).contains("emigration", "lab", "pensions");

        waitFor.until(d -> d.findElements(By.cssSelector("#connector-rows tr[data-entity]")).stream()
                .map(row -> row.getAttribute("data-entity")).toList().equals(ids));
        for (JsonNode connector : connectors) {
            String id = connector.get("entityId").asText();
            assertThat(text("name-en-" + id)).isEqualTo(connector.at("/names/en").asText());
            assertThat(text("name-ar-" + id)).isEqualTo(connector.at("/names/ar").asText());
            assertThat(testId("name-ar-" + id).getAttribute("dir")).isEqualTo("auto");
            assertThat(text("health-" + id)).isIn("UP", "DEGRADED", "DOWN");
            assertThat(text("state-" + id)).isEqualTo(connector.get("state").asText());
        }
        assertThat(testId("sync-emigration").isEnabled()).isTrue();
        assertThat(text("queue-depth-lab")).matches("\\d+");
        assertThat(text("experts-circuit-scholars")).isEqualTo("CLOSED");
        assertThat(text("experts-dead-letter-depth-scholars")).matches("\\d+");
        assertThat(browser.findElements(byTestId("experts-lab"))).as("lab takes no expert profiles").isEmpty();

        waitFor.until(d -> text("token-state").contains("signed in as " + OPERATOR));
        assertThat(text("token-state")).contains("ops:read ops:write");
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("token")).getDomProperty("value"))
                .as("the token is kept in this tab").isEqualTo(operatorToken);
        assertNoScriptErrors();
    }

    @Test
    void saysClearlyWhenTheTokenIsMissingRefusedOrNotEnough() {
        try {
            signIn("");
            waitFor.until(d -> text("token-state").contains("Not signed in"));
            assertThat(testId("token-state").getAttribute("data-kind")).isEqualTo("error");

            signIn(TestTokens.unsigned(TestTokens.claims(DevTokenKey.ISSUER, Scopes.OPS_READ).build()));
            waitFor.until(d -> text("token-state").contains("the hub refused the token"));

            signIn(tokenKey.mint("reader", List.of(Scopes.OPS_READ), Duration.ofHours(1)));
            waitFor.until(d -> text("token-state").contains("signed in as reader"));
            waitFor.until(ExpectedConditions.elementToBeClickable(byTestId("sync-emigration"))).click();
            WebElement problem = waitFor.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-testid='status-message'][data-kind='error']")));
            assertThat(problem.getText()).contains("Not allowed with this token").contains("ops:write");
        } finally {
            // the next test starts from a signed-in tab (its own start drains the browser's log of these refusals)
            signIn(operatorToken);
        }
    }

    @Test
    void replaysADeadLetteredApplicationFromTheBrowserUntilTheEntityHasIt() {
        breakers.reset("lab");
        sync("lab");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(LAB_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("NullPointerException in ApplicationServlet")));
        String id = submitCarImport();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("DELIVERY_FAILED"));

        testId("dead-letters-lab").click();
        WebElement deadLetter = waitFor.until(ExpectedConditions.visibilityOfElementLocated(byTestId("dead-letter-" + id)));
        assertThat(deadLetter.getText()).contains("lab.CAR-IMPORT-01").contains("500");
        waitFor.until(d -> Integer.parseInt(text("dead-letter-depth-lab")) >= 1);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.cssSelector("tr[data-entity='lab']")));
        screenshot("ops-console.png");

        ENTITY_SYSTEMS.resetToDefaultMappings();
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(LAB_PATH)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"reference\":\"LAB-REPLAYED\"}")));
        testId("replay-" + id).click();

        waitFor.until(ExpectedConditions.invisibilityOfElementLocated(byTestId("dead-letter-" + id)));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("DELIVERED"));
        waitFor.until(d -> statusMessages().stream().anyMatch(m -> m.contains("Replayed 1 application")));
        waitFor.until(d -> auditRows().stream().anyMatch(row -> row.get("actor").equals(OPERATOR)
                && row.get("action").equals("dead-letter-replay") && row.get("target").contains(id)
                && row.get("outcome").equals("DONE")));
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(LAB_PATH)).withHeader("Idempotency-Key", equalTo(id))
                .withHeader("Content-Type", WireMock.containing("json")));
        assertNoScriptErrors();
    }

    @Test
    void suspendsWithAReasonAndResumesAnEntity() {
        try {
            waitFor.until(ExpectedConditions.elementToBeClickable(byTestId("suspend-pensions"))).click();
            Alert reason = waitFor.until(ExpectedConditions.alertIsPresent());
            reason.sendKeys("planned maintenance at the entity");
            reason.accept();

            waitFor.until(ExpectedConditions.textToBe(byTestId("state-pensions"), "SUSPENDED"));
            waitFor.until(d -> text("suspension-pensions").contains(OPERATOR)
                    && text("suspension-pensions").contains("planned maintenance at the entity"));
            assertThat(json(get("/ops/v1/connectors/pensions")).get("state").asText()).isEqualTo("SUSPENDED");

            waitFor.until(ExpectedConditions.elementToBeClickable(byTestId("resume-pensions"))).click();
            waitFor.until(ExpectedConditions.textToBe(byTestId("state-pensions"), "RUNNING"));
            waitFor.until(d -> auditRows().stream().filter(row -> row.get("actor").equals(OPERATOR))
                    .map(row -> row.get("action")).toList().containsAll(List.of("suspend", "resume")));
            assertNoScriptErrors();
        } finally {
            http.postForEntity("/ops/v1/entities/pensions/resume", null, String.class);
        }
    }

    @Test
    void showsTheProblemWhenTheHubRefusesAnAction() {
        try {
            waitFor.until(ExpectedConditions.elementToBeClickable(byTestId("suspend-pensions")));
            browser.findElement(By.id("auto-refresh")).click();
            HttpHeaders someoneElse = new HttpHeaders();
            someoneElse.add(HttpHeaders.AUTHORIZATION, bearer("someone-else", Scopes.OPS_WRITE));
            assertThat(http.postForEntity("/ops/v1/entities/pensions/suspend", new HttpEntity<>(someoneElse),
                    String.class).getStatusCode().value()).isEqualTo(200);

            testId("suspend-pensions").click();
            waitFor.until(ExpectedConditions.alertIsPresent()).accept();

            WebElement problem = waitFor.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-testid='status-message'][data-kind='error']")));
            assertThat(problem.getText()).contains("Entity already suspended");
            waitFor.until(ExpectedConditions.textToBe(byTestId("state-pensions"), "SUSPENDED"));
            assertThat(text("suspension-pensions")).contains("someone-else");
            assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                    .allMatch(m -> m.contains("/ops/v1/entities/pensions/suspend") && m.contains("409"));
        } finally {
            http.postForEntity("/ops/v1/entities/pensions/resume", null, String.class);
        }
    }

    @Test
    void withdrawsEveryEntryOfAnEntityWithAReasonFromTheBrowser() {
        sync("emigration");
        waitFor.until(ExpectedConditions.elementToBeClickable(byTestId("withdraw-catalogue-emigration"))).click();
        Alert reason = waitFor.until(ExpectedConditions.alertIsPresent());
        reason.sendKeys("the ministry closed every programme");
        reason.accept();

        waitFor.until(d -> statusMessages().stream().anyMatch(m -> m.contains("Withdrew 5 entries")));
        assertThat(json(get("/api/v1/catalogue?entity=emigration")).get("total").asInt()).isZero();
        waitFor.until(d -> auditRows().stream().anyMatch(row -> row.get("actor").equals(OPERATOR)
                && row.get("action").equals("catalogue-withdraw") && row.get("outcome").equals("DONE")
                && row.get("detail").contains("the ministry closed every programme")));
        assertNoScriptErrors();
    }

    @Test
    void syncsAnEntityOnDemandAndShowsTheOutcome() {
        waitFor.until(ExpectedConditions.elementToBeClickable(byTestId("sync-emigration"))).click();

        waitFor.until(d -> statusMessages().stream().anyMatch(m -> m.contains("SUCCEEDED")));
        waitFor.until(d -> "SUCCEEDED".equals(testId("last-sync-emigration").getAttribute("data-outcome"))
                && text("last-sync-emigration").contains("on demand"));
        assertThat(text("sync-counts-emigration")).matches("(?s)\\d+ received: \\d+ added, .*");
        assertNoScriptErrors();
    }

    @Test
    void replaysADeadLetteredExpertProfileDeliveryFromTheBrowser() {
        String scientists = "/emigration/scholars/scientists";
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(scientists)).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        String expertId = registerPhysicist();
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryStatus(expertId).equals("FAILED"));
        String delivery = jdbc.queryForObject("SELECT id FROM expert_delivery WHERE expert_id = ?", String.class,
                expertId);
        try {
            waitFor.until(d -> Integer.parseInt(text("experts-dead-letter-depth-scholars")) >= 1);
            testId("dead-letters-scholars").click();
            WebElement row = waitFor.until(ExpectedConditions.visibilityOfElementLocated(
                    byTestId("expert-dead-letter-" + delivery)));
            assertThat(row.getText()).contains(expertId).contains("PUBLISHED").contains("500");
            assertThat(testId("discard-expert-" + delivery).isEnabled()).isTrue();
            assertThat(testId("replay-experts-all-scholars").isEnabled()).isTrue();

            ENTITY_SYSTEMS.resetToDefaultMappings();
            testId("replay-expert-" + delivery).click();

            waitFor.until(ExpectedConditions.invisibilityOfElementLocated(byTestId("expert-dead-letter-" + delivery)));
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveryStatus(expertId).equals("DELIVERED"));
            waitFor.until(d -> statusMessages().stream().anyMatch(m -> m.contains("Replayed expert profile delivery")));
            waitFor.until(d -> auditRows().stream().anyMatch(r -> r.get("action").equals("expert-delivery-replay")
                    && r.get("outcome").equals("DONE")));
            assertNoScriptErrors();
        } finally {
            testId("dead-letters-scholars").click();
            jdbc.update("DELETE FROM expert_delivery");
            jdbc.update("DELETE FROM expert");
            expertsRegistry.rebuild();
        }
    }

    // ---- the hub side

    private String registerPhysicist() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "console-expert-" + System.nanoTime());
        String profile = "{\"consent\": {\"scope\": [\"profile\"], \"givenAt\": \"2026-11-01T10:00:00Z\"},"
                + " \"name\": {\"ar\": \"هدى كامل\", \"en\": \"Huda Kamel\"}, \"fields\": [\"physics\"],"
                + " \"countryOfResidence\": \"FR\", \"contributions\": [\"LECTURES\"]}";
        ResponseEntity<String> response = http.postForEntity("/api/v1/experts", new HttpEntity<>(profile, headers),
                String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return json(response).get("id").asText();
    }

    private String deliveryStatus(String expertId) {
        List<String> statuses = jdbc.queryForList("SELECT status FROM expert_delivery WHERE expert_id = ?",
                String.class, expertId);
        return statuses.isEmpty() ? "" : statuses.get(0);
    }

    private String submitCarImport() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "console-" + System.nanoTime());
        ResponseEntity<String> response = http.postForEntity("/api/v1/applications",
                new HttpEntity<>(SampleApplications.carImport().toString(), headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return json(response).get("id").asText();
    }

    private String status(String applicationId) {
        return json(get("/api/v1/applications/" + applicationId)).get("status").asText();
    }

    // ---- the browser side

    /** Types the token into the console's token field as an operator does, Enter at the end. */
    private void signIn(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token + Keys.ENTER);
    }

    private static By byTestId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    private static WebElement testId(String id) {
        return browser.findElement(byTestId(id));
    }

    private static String text(String id) {
        return testId(id).getText().trim();
    }

    private static List<String> statusMessages() {
        return browser.findElements(byTestId("status-message")).stream().map(WebElement::getText).toList();
    }

    private static List<Map<String, String>> auditRows() {
        List<String> columns = List.of("at", "actor", "action", "target", "outcome", "detail");
        return browser.findElements(By.cssSelector("#audit-rows tr[data-audit-id]")).stream().map(row -> {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            return columns.stream().collect(Collectors.toMap(c -> c, c -> cells.get(columns.indexOf(c)).getText()));
        }).toList();
    }

    private static void assertNoScriptErrors() {
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertThat(severe).as("errors in the browser console").isEmpty();
    }

    private static void screenshot(String name) {
        try {
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
