package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, for the browser tests: one browser per test JVM, made fresh for each
 * instance (no cookies, no site data, no cache), sign-in as a
 * demo user, the no-reload marker, screenshots into {@code target/screenshots} (README's with {@code -Dcrosswalk.screenshots=docs}), the no-horizontal-scroll check.
 * Chromium missing = failure, not a skip (CI installs it).
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String RED = "rgba(179, 38, 30, 1)";
    static final String GREEN = "rgba(15, 107, 47, 1)";

    final WebDriver driver;
    final WebDriverWait wait;
    private final String base;

    /**
     * One Chromium per test JVM, shared by the browser test classes one after the other (starting one took 2–3 s of
     * each class); each class still starts from a clean browser: no cookies, no storage, no cache, one window of the
     * usual size on a blank page ({@link #reset}). Quit when the JVM exits.
     */
    private static ChromeDriver shared;
    private static Path sharedUserDataDir;

    Browser(int port) throws IOException {
        base = "http://localhost:" + port;
        driver = shared();
        reset();
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private static synchronized ChromeDriver shared() throws IOException {
        if (shared != null) {
            try {
                shared.getWindowHandle(); // still answering
                return shared;
            } catch (RuntimeException gone) {
                quitShared();
            }
        }
        assertThat(new File(CHROMIUM)).as("Debian's chromium is required (apt-get install chromium chromium-driver)")
                .canRead();
        assertThat(new File(CHROMEDRIVER)).as("Debian's chromium-driver is required").canRead();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path userDataDir = Files.createTempDirectory("crosswalk-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,900",
                "--user-data-dir=" + userDataDir);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        if (sharedUserDataDir == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(Browser::quitShared, "quit-shared-chromium"));
        }
        shared = new ChromeDriver(service, options);
        sharedUserDataDir = userDataDir;
        return shared;
    }

    private static synchronized void quitShared() {
        if (shared != null) {
            try {
                shared.quit();
            } catch (RuntimeException alreadyGone) {
                // its process is gone
            }
            shared = null;
        }
        if (sharedUserDataDir != null) {
            try (var files = Files.walk(sharedUserDataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
    }

    /**
     * As a freshly started browser: one window, blank, 1366×900, no cookies (of any site), no cache, no site data of
     * the service (the pages keep nothing else in the browser).
     */
    private void reset() {
        ChromeDriver chrome = (ChromeDriver) driver;
        String first = null;
        for (String handle : chrome.getWindowHandles()) {
            if (first == null) {
                first = handle;
            } else {
                chrome.switchTo().window(handle).close();
            }
        }
        chrome.switchTo().window(first);
        chrome.get("about:blank");
        chrome.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
        chrome.executeCdpCommand("Network.clearBrowserCache", java.util.Map.of());
        chrome.executeCdpCommand("Storage.clearDataForOrigin", java.util.Map.of("origin", base, "storageTypes", "all"));
        chrome.manage().window().setSize(new Dimension(1366, 900));
    }

    String base() {
        return base;
    }

    void get(String path) {
        driver.get(base + path);
    }

    void signIn(String login) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/login");
        driver.findElement(By.id("username")).sendKeys(login);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));
    }

    /**
     * The confirmation dialog (Unlink, bulk Unlink, Delete) is open: returns its message and confirms it with the
     * keyboard's way as a person would click it.
     */
    String confirm() {
        org.openqa.selenium.WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.id("confirm-dialog")));
        String message = dialog.findElement(By.id("confirm-message")).getText();
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("focus starts on Cancel")
                .isEqualTo("confirm-cancel");
        driver.findElement(By.id("confirm-ok")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        return message;
    }

    void markPage() {
        ((JavascriptExecutor) driver).executeScript("window.__crosswalkNoReload = 'still here';");
    }

    void assertPageNotReloaded() {
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__crosswalkNoReload;"))
                .as("the page was not reloaded").isEqualTo("still here");
    }

    /**
     * Into {@code crosswalk-service/target/screenshots}, so {@code mvn verify} leaves the working tree clean; README's
     * screenshots are refreshed on purpose with {@code -Dcrosswalk.screenshots=docs} (into {@code docs/screenshots}).
     */
    void screenshot(String name) throws IOException {
        Path dir = "docs".equals(System.getProperty("crosswalk.screenshots"))
                ? repositoryRoot().resolve("docs/screenshots")
                : repositoryRoot().resolve("crosswalk-service/target/screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page at {@code width} px: no page-wide horizontal scrolling (tables scroll in their wrap); screenshot. */
    void atWidth(int width, String screenshot) throws IOException {
        driver.manage().window().setSize(new Dimension(width, 1024));
        try {
            Object widths = ((JavascriptExecutor) driver).executeScript("var e = document.documentElement; "
                    + "var wide = Array.from(document.querySelectorAll('body *')).filter(function (x) { "
                    + "return x.getBoundingClientRect().right > e.clientWidth + 1 && !x.closest('.table-wrap'); })"
                    + ".slice(0, 5).map(function (x) { return x.tagName + '.' + x.className + '#' + x.id; }); "
                    + "return [e.scrollWidth, e.clientWidth, wide.join(' ')];");
            List<?> w = (List<?>) widths;
            assertThat(((Number) w.get(0)).longValue()).as("no page-wide horizontal scrolling at " + width + " px: " + w)
                    .isLessThanOrEqualTo(((Number) w.get(1)).longValue());
            if (screenshot != null) {
                screenshot(screenshot);
            }
        } finally {
            driver.manage().window().setSize(new Dimension(1366, 900));
        }
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("crosswalk-service")) ? here : here.getParent();
    }

    static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return true;
    }

    /** Leaves the shared browser as a fresh one for the next test class (it is quit when the JVM exits). */
    @Override
    public void close() throws IOException {
        try {
            reset();
        } catch (RuntimeException broken) {
            quitShared(); // the next class starts a new one
        }
    }
}
