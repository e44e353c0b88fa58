package io.gristmill.cli;

import io.gristmill.cli.console.HeadlessChromium;
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
 * A pipeline in the console of {@code gristmill local --keep-console}, in headless Chromium: the Pipelines page
 * lists it, its page shows its steps (an iterated one with a job per round) and links each step's job to its page,
 * whose page links back to the pipeline.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PipelineConsoleBrowserTest {
    private static final Pattern URL = Pattern.compile("console (?:still )?on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    void thePipelinePageShowsItsSteps_andLinksEveryStepJobToItsJobPage() throws Exception {
        assumeTrue(HeadlessChromium.isInstalled(), HeadlessChromium.MISSING);
        WebDriver driver = HeadlessChromium.start(dir);
        try (ProcessCluster processes = new ProcessCluster(dir)) {
            Process local = processes.launchOn(List.of(), "local", List.of(), List.of("local", "--job", "pagerank",
                    "--param", "maxRounds=3", "--output", dir.resolve("out").toString(), "--workers", "2",
                    "--console-port", "any", "--keep-console"));
            String url = consoleUrl(local);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120));
            wait.ignoring(StaleElementReferenceException.class); // polled updates replace rows while they are read

            driver.get(url + "/#/pipelines");
            wait.until(d -> d.findElement(By.id("pipelines")).getText().contains("SUCCEEDED"));
            click(wait, "a.pipeline-name");
            wait.until(ExpectedConditions.textToBe(By.id("pipeline-state"), "SUCCEEDED"));
            Boolean steps = wait.until(d -> d.findElements(By.cssSelector("#steps tr[data-step]")).size() == 3
                    && d.findElements(By.cssSelector("tr[data-step=rank] a.step-job")).size() == 3);
            assertTrue(steps, "three steps, the iterated one with a job per round");

            click(wait, "tr[data-step=ranks] a.step-job");
            wait.until(ExpectedConditions.urlMatches("#/jobs/job-.+"));
            wait.until(ExpectedConditions.textToBe(By.id("job-state"), "SUCCEEDED"));
            assertTrue(driver.findElement(By.id("job-pipeline")).getAttribute("href").contains("#/pipelines/pipeline-"),
                    "the step's job page links back to its pipeline");
            assertTrue(Files.exists(dir.resolve("out").resolve("_SUCCESS")));
            assertEquals(List.of(), HeadlessChromium.scriptErrors(driver), "script errors in the console");

            local.destroy(); // as Ctrl-C
            assertTrue(local.waitFor(1, TimeUnit.MINUTES));
        } finally {
            driver.quit();
        }
    }

    /**
     * Finds and clicks in one step of the wait, again if the page re-rendered the element in between (the pipeline
     * pages poll every second): a found element can be stale by the time it is clicked.
     */
    private static void click(WebDriverWait wait, String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
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
