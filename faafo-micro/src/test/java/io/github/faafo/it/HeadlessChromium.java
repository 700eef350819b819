package io.github.faafo.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The browser of the browser tests: Debian's Chromium, headless, through its ChromeDriver, with a
 * fresh profile under {@code browser.profile.dir}; screenshots go to {@code screenshots.dir} when
 * it is set (bin/screenshots, bin/check-payara-console).
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  /** A new browser window of 1280 × 900. */
  static WebDriver open() throws IOException {
    Path profile =
        Files.createTempDirectory(
            Files.createDirectories(
                Path.of(System.getProperty("browser.profile.dir", "target/chromium-profile"))),
            "run");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .build();
    WebDriver browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 900));
    return browser;
  }

  /** Saves what {@code browser} shows as {@code name} in {@code screenshots.dir}, if it is set. */
  static void screenshot(WebDriver browser, String name) throws IOException {
    String dir = System.getProperty("screenshots.dir", "");
    if (!dir.isBlank()) {
      Path target = Files.createDirectories(Path.of(dir)).resolve(name);
      Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
  }
}
