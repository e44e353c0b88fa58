package io.gristmill.cli.console;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven through chromedriver, for the console's browser tests. The driver is given
 * explicitly, so Selenium Manager (which downloads browsers and sends statistics) is never consulted.
 */
public final class HeadlessChromium {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    public static final String MISSING = "no /usr/bin/chromium or /usr/bin/chromedriver: install chromium and "
            + "chromium-driver (apt-get install -y chromium chromium-driver) to run browser tests";

    private HeadlessChromium() {
    }

    public static boolean isInstalled() {
        return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    }

    /** A fresh browser with a profile of its own under {@code dir}, logging severe console messages. */
    public static ChromeDriver start(Path dir) throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1600", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "SEVERE"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
        return new ChromeDriver(service, options);
    }

    /** The uncaught script errors the page logged so far. */
    public static List<String> scriptErrors(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).filter(m -> m.contains("Uncaught")).toList();
    }
}
