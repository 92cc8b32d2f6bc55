package eg.gov.bawaba.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/**
 * The API reference page at /api/docs/ in Debian's headless Chromium, without a token and without the internet:
 * Swagger UI from the hub's own WebJar loads the published documents and shows their operations and schemas.
 */
class ApiReferencePageIT extends HubTestSupport {

    static final Path CHROMIUM = Path.of(System.getProperty("bawaba.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("bawaba.chromedriver", "/usr/bin/chromedriver"));

    static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startChromium() {
        assertThat(CHROMIUM).as("Debian's chromium at %s (apt-get install chromium chromium-driver)", CHROMIUM)
                .isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver at %s (apt-get install chromium-driver)", CHROMEDRIVER)
                .isExecutable();
        System.setProperty("webdriver.remote.enableTracing", "false");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
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

    @Test
    void pageAndItsScriptsNeedNoToken() {
        for (String path : List.of("/api/docs/", "/api/docs/docs.js", "/webjars/swagger-ui/swagger-ui-bundle.js",
                "/webjars/swagger-ui/swagger-ui.css", "/ops/v1/openapi.json")) {
            ResponseEntity<String> answer = get(path, "Authorization", TestTokens.NONE);
            assertThat(answer.getStatusCode().value()).as(path).isEqualTo(200);
        }
        // the bare path redirects to the page (the client follows it)
        assertThat(get("/api/docs", "Authorization", TestTokens.NONE).getBody()).contains("Bawaba API reference");
    }

    @Test
    void showsTheOperationsAndTheSchemasOfTheAppBackendApi() {
        WebDriverWait waitFor = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get("http://localhost:" + port + "/api/docs/");

        waitFor.until(d -> !d.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
        List<String> paths = browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
                .map(e -> e.getAttribute("data-path")).toList();
        assertThat(paths).contains("/api/v1/catalogue", "/api/v1/catalogue/changes", "/api/v1/applications",
                "/api/v1/applications/{id}", "/api/v1/experts", "/api/v1/insights/recommendations");
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).contains("Bawaba app backend API");

        WebElement schemas = waitFor.until(d -> d.findElements(By.cssSelector("section.models")).stream()
                .findFirst().orElse(null));
        assertThat(schemas.getText()).contains("Schemas");
        // OpenAPI 3.1 schemas are drawn by Swagger UI's JSON Schema 2020-12 components, each under its title (the
        // canonical schemas') or else its name
        waitFor.until(d -> schemas.getText().contains("ApplicationStatus"));
        assertThat(schemas.getText()).contains("Bawaba catalogue entry", "Application request", "Expert profile",
                "Problem", "CataloguePage", "CatalogueEntryView", "ApplicationStatus", "StatusNotification");

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("script errors of the page").isEmpty();
    }
}
