package io.gristmill.cli;

import io.gristmill.cli.console.HeadlessChromium;
import io.gristmill.cli.testjobs.FlakyWordCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console of {@code gristmill local --keep-console}, in headless Chromium: the coordinator's pages work over
 * the in-process coordinator (the local job followed live, its worker, a second job submitted through the form).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LocalConsoleBrowserTest {
    private static final Pattern URL = Pattern.compile("console on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    void theLocalJobIsFollowedLiveToSucceeded_andTheFormSubmitsAnotherJobToTheSameProcess() throws Exception {
        assumeTrue(HeadlessChromium.isInstalled(), HeadlessChromium.MISSING);
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        String book = BundledJobs.sampleInput().resolve("pg-metamorphosis.txt").toString();
        WebDriver driver = HeadlessChromium.start(dir); // first: a slow browser start must not miss the running job
        try (ProcessCluster processes = new ProcessCluster(dir)) {
            Process local = processes.launchOn(List.of(), "local", List.of(), List.of("local", "--jar", jar.toString(),
                    "--input", book, "--output", dir.resolve("out").toString(), "--workers", "1",
                    "--param", "mapSleepMillis=15000", "--console-port", "any", "--keep-console"));
            String url = consoleUrl(local);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120));
            wait.ignoring(StaleElementReferenceException.class); // live updates replace rows while they are read
            driver.get(url + "/#/jobs");
            wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-job] .job-state"), "RUNNING"));
            wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-job] .job-state"), "SUCCEEDED"));

            driver.get(url + "/#/workers");
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workers tbody tr"), 1));
            // read through the wait: live updates re-render the table, which makes a found element stale
            Boolean alive = wait.until(d -> d.findElement(By.id("workers")).getText().contains("alive"));
            assertTrue(alive, "the local worker is listed alive");

            driver.get(url + "/#/submit");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jar"))).sendKeys(jar.toString());
            driver.findElement(By.id("name")).sendKeys("from the local console");
            driver.findElement(By.id("input")).sendKeys(book);
            driver.findElement(By.id("output")).sendKeys(dir.resolve("out-form").toString());
            driver.findElement(By.id("submit")).click();
            wait.until(ExpectedConditions.urlMatches("#/jobs/.+"));
            wait.until(ExpectedConditions.textToBe(By.id("job-state"), "SUCCEEDED"));
            assertTrue(Files.exists(dir.resolve("out-form").resolve("_SUCCESS")));
            assertEquals(List.of(), HeadlessChromium.scriptErrors(driver), "script errors in the console");

            local.destroy(); // as Ctrl-C
            assertTrue(local.waitFor(1, TimeUnit.MINUTES));
        } finally {
            driver.quit();
        }
    }

    private String consoleUrl(Process local) throws Exception {
        Path log = dir.resolve("local.log");
        String text = ProcessCluster.poll(Duration.ofSeconds(90), () -> Files.exists(log) ? Files.readString(log) : "",
                t -> URL.matcher(t).find() || !local.isAlive());
        Matcher url = URL.matcher(text);
        assertTrue(url.find(), "no console line: " + text);
        return url.group(1);
    }
}
