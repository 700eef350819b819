package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gallery in a real headless Chromium: thumbnails that decode, the detail view with every
 * parameter, the form that creates a fractal, and the API's errors next to the fields. With {@code
 * -Dscreenshots.dir} set (bin/screenshots), it also saves the screenshots in docs/.
 */
class GalleryIT extends SystemIT {
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws IOException {
    Path profile =
        Files.createTempDirectory(
            Files.createDirectories(Path.of(System.getProperty("browser.profile.dir"))), "run");
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
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 900));
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void galleryShowsACompletedFractalAndItsDetails() throws IOException {
    String uuid = completedFractal();
    browser.get(api.uri("/").toString());
    By card =
        By.cssSelector(".fractal-card[data-uuid='" + uuid + "'][data-status='done'] img.thumb");
    WebElement thumb = wait.until(b -> b.findElement(card));
    wait.until(b -> naturalWidth(thumb) > 0);
    screenshot("gallery.png");

    thumb.click();
    wait.until(b -> uuid.equals(b.findElement(By.id("detail")).getAttribute("data-uuid")));
    assertEquals("320", param("width"));
    assertEquals("128", param("iterations"));
    assertEquals("-0.8", param("cx"));
    assertEquals("0.156", param("cy"));
    assertEquals("done", param("status"));
    assertEquals(api.get("api/fractal/" + uuid).json().getString("checksum"), param("checksum"));
    WebElement image = browser.findElement(By.id("detail-image"));
    wait.until(b -> naturalWidth(image) > 0);
    assertTrue(
        browser.findElement(By.id("download-link")).getAttribute("href").endsWith(uuid + "/image"));
    screenshot("detail.png");
  }

  @Test
  void formCreatesAFractalThatCompletes() {
    browser.get(api.uri("/").toString());
    request("40");
    WebElement link =
        wait.until(b -> b.findElement(By.cssSelector("#form-message a[href^='#/fractal/']")));
    String uuid = link.getAttribute("href").replaceAll(".*#/fractal/", "");
    new WebDriverWait(browser, Deadline.forRendering(1, 40, 30, 60))
        .until(
            b ->
                !b.findElements(
                        By.cssSelector(
                            ".fractal-card[data-uuid='"
                                + uuid
                                + "'][data-status='done'] img.thumb"))
                    .isEmpty());
    assertEquals("done", api.get("api/fractal/" + uuid).json().getString("status"));
  }

  @Test
  void aBadValueShowsTheApiErrorNextToTheField() {
    browser.get(api.uri("/").toString());
    request("0");
    WebElement error =
        wait.until(
            b -> {
              WebElement e = b.findElement(By.cssSelector(".field-error[data-field='width']"));
              return e.getText().isBlank() ? null : e;
            });
    assertTrue(error.getText().contains("must be between"), error.getText());
  }

  private String completedFractal() {
    Api.Reply created =
        api.post(
            "api/fractal",
            "{\"width\":320,\"height\":240,\"iterations\":128,\"xa\":-1.6,\"xb\":1.6,"
                + "\"ya\":-1.2,\"yb\":1.2,\"cx\":-0.8,\"cy\":0.156}");
    assertEquals(201, created.status(), created.text());
    String uuid = created.json().getString("uuid");
    await()
        .atMost(Deadline.forRendering(1, 320, 240, 128))
        .until(() -> "done".equals(api.get("api/fractal/" + uuid).json().getString("status")));
    return uuid;
  }

  /** Fills the form as a person would, with the given width, and sends it. */
  private void request(String width) {
    fill("width", width);
    fill("height", "30");
    fill("iterations", "60");
    fill("xa", "-2");
    fill("xb", "2");
    fill("ya", "-1.5");
    fill("yb", "1.5");
    browser.findElement(By.id("create-button")).click();
  }

  private void fill(String field, String value) {
    WebElement input = browser.findElement(By.cssSelector("#create-form [name='" + field + "']"));
    input.clear();
    input.sendKeys(value);
  }

  private String param(String name) {
    return browser
        .findElement(
            By.cssSelector("#detail-params tr[data-param='" + name + "'] td:nth-of-type(1)"))
        .getText();
  }

  private long naturalWidth(WebElement image) {
    Object width =
        ((JavascriptExecutor) browser).executeScript("return arguments[0].naturalWidth;", image);
    return ((Number) width).longValue();
  }

  private void screenshot(String name) throws IOException {
    String dir = System.getProperty("screenshots.dir", "");
    if (!dir.isBlank()) {
      Path target = Files.createDirectories(Path.of(dir)).resolve(name);
      Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
  }
}
