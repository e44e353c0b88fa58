package io.gristmill.cli.console;

import io.gristmill.cli.ProcessCluster;
import io.gristmill.cli.TestJars;
import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console in Debian's headless Chromium, against a coordinator and two workers in their own JVMs: submit
 * through the form and watch the job finish live, read its tasks (a page, with a pager and a state filter) and
 * timeline, kill a job with the button, and show hostile job names as text. Skipped where Chromium is not installed.
 * <p>
 * With {@code -Dgristmill.screenshots=true} the finished job's page is saved to {@code docs/console-job.png}
 * (always to {@code target/console-job.png}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleBrowserTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;

    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue(HeadlessChromium.isInstalled(), HeadlessChromium.MISSING);
        cluster = new ProcessCluster(dir).startCoordinator();
        cluster.startWorker(2);
        cluster.startWorker(2);
        cluster.awaitLiveWorkers(2);
        jar = TestJars.jarOf(dir, FlakyWordCount.class);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void startBrowser() throws Exception {
        driver = HeadlessChromium.start(dir);
        wait = new WebDriverWait(driver, JOB_TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class); // live updates replace rows while they are read
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            List<String> errors = HeadlessChromium.scriptErrors(driver);
            driver.quit();
            assertEquals(List.of(), errors, "script errors in the console");
        }
    }

    @Test
    void aJobSubmittedThroughTheForm_isFollowedLiveToSucceeded_withEveryTaskAndAttemptShown() throws Exception {
        driver.get(cluster.baseUrl() + "/#/submit");
        markPage();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jar"))).sendKeys(jar.toString());
        driver.findElement(By.id("name")).sendKeys("console word count");
        driver.findElement(By.id("input")).sendKeys(sampleInput().toString());
        driver.findElement(By.id("output")).sendKeys(dir.resolve("out-form").toString());
        driver.findElement(By.id("reducers")).sendKeys("2");
        driver.findElement(By.id("params")).sendKeys("mapSleepMillis=300");
        driver.findElement(By.id("files")).sendKeys(Files.writeString(dir.resolve("notes.txt"), "a side file\n").toString());
        driver.findElement(By.id("submit")).click();

        wait.until(ExpectedConditions.urlMatches("#/jobs/.+"));
        String id = driver.getCurrentUrl().replaceAll(".*#/jobs/", "");
        assertEquals(new JsonArray().add("notes.txt"), cluster.awaitJob(id, job -> true, java.time.Duration.ofSeconds(10)).getJsonArray("sideFiles"),
                "the form ships side files as parts 'file'");
        wait.until(ExpectedConditions.textToBe(By.id("job-name"), "console word count"));

        click(By.cssSelector("a[data-nav=jobs]"));
        By state = By.cssSelector("tr[data-job='" + id + "'] .job-state");
        wait.until(ExpectedConditions.textToBe(state, "SUCCEEDED"));
        assertPageNotReloaded();

        click(By.cssSelector("tr[data-job='" + id + "'] a.job-name"));
        JsonArray tasks = cluster.tasks(id);
        Set<String> taskIds = new HashSet<>();
        int attempts = 0;
        for (Object t : tasks) {
            taskIds.add(((JsonObject) t).getString("taskId"));
            attempts += ((JsonObject) t).getJsonArray("attempts").size();
        }
        long books;
        try (var files = Files.list(sampleInput())) {
            books = files.count();
        }
        assertEquals(books + 2, taskIds.size(), "one map per book and 2 reduces: " + tasks.encode());
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tasks tr.task"), taskIds.size()));
        // read in one script: live updates re-render the page between separate lookups
        Map<?, ?> page = (Map<?, ?>) ((JavascriptExecutor) driver).executeScript("return {"
                + "tasks: [...document.querySelectorAll('#tasks tr.task')].map(r => r.dataset.task),"
                + "attempts: document.querySelectorAll('#tasks tr.attempt').length,"
                + "bars: document.querySelectorAll('#timeline rect.bar').length};");
        assertEquals(taskIds, new HashSet<>((List<?>) page.get("tasks")));
        assertEquals(attempts, ((Number) page.get("attempts")).intValue(), "one row per attempt");
        assertEquals(attempts, ((Number) page.get("bars")).intValue(), "one timeline bar per attempt");
        assertEquals("SUCCEEDED", driver.findElement(By.id("job-state")).getText());
        assertTrue(driver.findElements(By.id("kill")).isEmpty(), "no Kill button on an ended job");
        String text = driver.findElement(By.tagName("body")).getText();
        assertTrue(text.lines().noneMatch(line -> line.equals("null") || line.equals("undefined")), text);
        assertPageNotReloaded();
        screenshot();

        // the tasks come in pages: the pager counts them all, and the state filter asks the server for one state
        int count = taskIds.size();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tasks-pager"), "1–" + count + " of " + count));
        assertEquals(String.valueOf(count), driver.findElement(By.id("tasks-pager")).getDomAttribute("data-total"));
        new Select(driver.findElement(By.id("task-filter"))).selectByValue("RUNNING");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tasks-pager"), "none of 0"));
        assertEquals(0, driver.findElements(By.cssSelector("#tasks tr.task")).size(), "no task of an ended job runs");
        new Select(driver.findElement(By.id("task-filter"))).selectByValue("SUCCEEDED");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tasks tr.task"), count));
        assertPageNotReloaded();
    }

    @Test
    void theKillButton_afterConfirming_killsARunningJob() throws Exception {
        String id = submit("sleepy", dir.resolve("out-kill"), new JsonObject().put("mapSleepMillis", "60000"));
        driver.get(cluster.baseUrl() + "/#/jobs/" + id);
        wait.until(ExpectedConditions.textToBe(By.id("job-state"), "RUNNING"));
        click(By.id("kill"));
        Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertTrue(confirm.getText().contains(id), confirm.getText());
        confirm.accept();
        wait.until(ExpectedConditions.textToBe(By.id("job-state"), "KILLED"));
        assertEquals("KILLED", cluster.awaitEnd(id, JOB_TIMEOUT).getString("state"));
        assertTrue(driver.findElements(By.id("kill")).isEmpty(), "the Kill button is gone once the job ended");
    }

    @Test
    void aJobNamedWithMarkup_isShownAsText_andRunsNoScript() throws Exception {
        String id = submit(XSS_NAME, dir.resolve("out-xss"), new JsonObject().put("note", "<script>alert(2)</script>"));
        driver.get(cluster.baseUrl() + "/#/jobs");
        By name = By.cssSelector("tr[data-job='" + id + "'] a.job-name");
        wait.until(ExpectedConditions.textToBe(name, XSS_NAME));
        assertNoScriptRan();

        click(name);
        wait.until(ExpectedConditions.textToBe(By.id("job-name"), XSS_NAME));
        assertTrue(driver.findElement(By.tagName("body")).getText().contains("<script>alert(2)</script>"), "params as text");
        assertNoScriptRan();
    }

    @Test
    void theWorkersPage_listsBothWorkersAliveWithTheirSlots() {
        driver.get(cluster.baseUrl() + "/#/workers");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workers tbody tr"), 2));
        // read through the wait: live updates re-render the table, which makes a found element stale
        String text = wait.until(d -> {
            String seen = d.findElement(By.id("workers")).getText();
            return seen.lines().filter(line -> line.contains("alive") && line.contains(" / 2")).count() == 2 ? seen : null;
        });
        assertEquals(2, text.lines().filter(line -> line.contains("alive") && line.contains(" / 2")).count(), text);
        // the coordinator's terms (it keeps a state dir, so it is term 1)
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#coordinator-terms tbody tr"), 1));
        String terms = driver.findElement(By.id("coordinator-terms")).getText();
        assertTrue(terms.contains("this one"), terms);
    }

    private void assertNoScriptRan() {
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "an alert opened");
        List<WebElement> images = driver.findElements(By.cssSelector("img[src='x'], script:not([src])"));
        assertTrue(images.isEmpty(), "markup from a job was inserted as elements");
    }

    /** Clicks the element, looking it up again if a live update replaced it. */
    private void click(By locator) {
        wait.until(d -> {
            d.findElement(locator).click();
            return true;
        });
    }

    /** Marks the loaded page, so that a reload (which drops the mark) is noticed. */
    private void markPage() {
        ((JavascriptExecutor) driver).executeScript("window.gristmillTestMark = 'not reloaded';");
    }

    private void assertPageNotReloaded() {
        assertEquals("not reloaded", ((JavascriptExecutor) driver).executeScript("return window.gristmillTestMark;"),
                "the page was reloaded");
    }

    private String submit(String name, Path output, JsonObject params) throws Exception {
        JsonObject spec = new JsonObject().put("name", name).put("input", new JsonArray().add(sampleInput().toString()))
                .put("output", output.toString()).put("reducers", 2).put("params", params);
        return cluster.submit(jar, spec).getString("id");
    }

    private static Path sampleInput() {
        return Path.of(System.getProperty("gristmill.home", ".."), "data", "gutenberg").toAbsolutePath().normalize();
    }

    private void screenshot() throws Exception {
        Path shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "console-job.png");
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("gristmill.screenshots")) {
            Files.copy(shot, Path.of(System.getProperty("gristmill.home", ".."), "docs", "console-job.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
