package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gallery in a real headless Chromium: thumbnails that decode, the detail view with every
 * parameter, the form that creates a fractal, the API's errors next to the fields, and zooming into
 * a fractal (drag, click, keys) down a chain that can be walked back. With {@code
 * -Dscreenshots.dir} set (bin/screenshots), it also saves the screenshots in docs/.
 */
class GalleryIT extends SystemIT {
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws IOException {
    browser = HeadlessChromium.open();
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
  void thePollOfAnUnchangedPageIsARevalidationAnsweredWithoutABody() {
    List<String> done = IntStream.range(0, 4).mapToObj(n -> completedFractal(32, 32, 64)).toList();
    browser.get(api.uri("/").toString());
    for (String uuid : done) {
      wait.until(
          b ->
              b.findElement(
                  By.cssSelector(".fractal-card[data-uuid='" + uuid + "'][data-status='done']")));
    }
    // a poll every 2 s: once the page stays as it is, the browser sends its ETag and the answer is
    // a 304, whose transfer (headers only) is smaller than the page it stands for
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> revalidatedListPolls() > 0);
  }

  /**
   * The gallery's fetches of the list that came back as 304: Resource Timing shows each as a
   * transfer smaller than the body it gives (a 200 is the body plus its headers).
   */
  private long revalidatedListPolls() {
    Object count =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return performance.getEntriesByType('resource').filter(e =>"
                    + " e.name.includes('/api/fractal?') && e.transferSize > 0"
                    + " && e.transferSize < e.encodedBodySize).length");
    return ((Number) count).longValue();
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

  @Test
  void draggingARectangleZoomsIntoItAndRenderAgainGivesTheSameChecksum() {
    String parent = completedFractal();
    openDone(parent);

    // from pixel (80, 60) to (160, 120) of the 320 × 240 image: a quarter of it, ×4
    WebElement image = browser.findElement(By.id("detail-image"));
    new Actions(browser)
        .moveToElement(image, -80, -60)
        .clickAndHold()
        .moveByOffset(80, 60)
        .release()
        .perform();
    wait.until(b -> b.findElement(By.id("zoom-button")).isEnabled());
    // the documented rule: 128 × (1 + ¼ · log2 4), rounded up
    assertEquals("192", browser.findElement(By.id("z-iterations")).getAttribute("value"));
    browser.findElement(By.id("zoom-button")).click();
    String zoomed = createdFrom(parent);

    JsonObject record = api.get("api/fractal/" + zoomed).json();
    assertEquals(parent, record.getString("parent"));
    assertEquals(-0.8, record.getJsonNumber("cx").doubleValue());
    assertEquals(0.156, record.getJsonNumber("cy").doubleValue());
    assertEquals(320, record.getInt("width"));
    assertEquals(240, record.getInt("height"));
    assertEquals(192, record.getInt("iterations"));
    double[] x = zoomedRegion(-1.6, 1.6, 320, 0.25, 0.5);
    double[] y = zoomedRegion(-1.2, 1.2, 240, 0.25, 0.5);
    double pixel = 3.2 / 319;
    assertEquals(x[0], record.getJsonNumber("xa").doubleValue(), 1.5 * pixel, record.toString());
    assertEquals(x[1], record.getJsonNumber("xb").doubleValue(), 1.5 * pixel, record.toString());
    assertEquals(y[0], record.getJsonNumber("ya").doubleValue(), 1.5 * pixel, record.toString());
    assertEquals(y[1], record.getJsonNumber("yb").doubleValue(), 1.5 * pixel, record.toString());

    awaitDone(zoomed, 320, 240, 192);
    WebElement from = browser.findElement(By.id("parent-link"));
    wait.until(b -> from.getText().startsWith("Zoomed from"));
    assertTrue(
        browser.findElement(By.id("parent-anchor")).getAttribute("href").endsWith(parent),
        from.getText());

    browser.findElement(By.id("render-again-button")).click();
    String again = createdFrom(zoomed);
    awaitDone(again, 320, 240, 192);
    WebElement match = wait.until(b -> b.findElement(By.id("checksum-match")));
    assertEquals("true", match.getAttribute("data-match"), match.getText());
    JsonObject first = api.get("api/fractal/" + zoomed).json();
    JsonObject second = api.get("api/fractal/" + again).json();
    assertEquals(first.getString("checksum"), second.getString("checksum"));
    assertEquals(zoomed, second.getString("parent"));
    for (String field : List.of("width", "height", "iterations", "xa", "xb", "ya", "yb", "cx")) {
      assertEquals(first.get(field), second.get(field), field);
    }

    browser.findElement(By.id("random-constant-button")).click();
    String random = createdFrom(again);
    awaitDone(random, 320, 240, 192);
    JsonObject third = api.get("api/fractal/" + random).json();
    assertEquals(again, third.getString("parent"));
    for (String field : List.of("width", "height", "iterations", "xa", "xb", "ya", "yb")) {
      assertEquals(first.get(field), third.get(field), field);
    }
    assertNotEquals(-0.8, third.getJsonNumber("cx").doubleValue(), third.toString());

    // beyond the API's bounds: its error next to the image, and nothing created
    long before = Database.count("1 = 1");
    new Actions(browser)
        .moveToElement(browser.findElement(By.id("detail-image")))
        .click()
        .perform();
    WebElement iterations = browser.findElement(By.id("z-iterations"));
    iterations.clear();
    iterations.sendKeys("20000");
    browser.findElement(By.id("zoom-button")).click();
    WebElement error =
        wait.until(
            b -> {
              WebElement e = b.findElement(By.cssSelector("[data-zoom-field='iterations']"));
              return e.getText().isBlank() ? null : e;
            });
    assertTrue(error.getText().contains("must be between 1 and"), error.getText());
    assertTrue(
        browser.findElement(By.id("zoom-message")).getText().contains("iterations"),
        browser.findElement(By.id("zoom-message")).getText());
    assertEquals(random, browser.findElement(By.id("detail")).getAttribute("data-uuid"));
    assertEquals(before, Database.count("1 = 1"));
  }

  @Test
  void aThreeStepZoomChainCanBeWalkedBackAndSaysWhenAParentIsGone() throws IOException {
    String root = completedFractal(480, 360, 160);
    openDone(root);
    WebElement image = browser.findElement(By.id("detail-image"));
    // a drag up and to the left, from (300, 150) to (180, 60): 120 × 90 pixels, ×4
    new Actions(browser)
        .moveToElement(image, 60, -30)
        .clickAndHold()
        .moveByOffset(-120, -90)
        .release()
        .perform();
    awaitSelection("Zoom ×4:");
    screenshot("zoom-1-drag.png");
    browser.findElement(By.id("zoom-button")).click();
    String first = createdFrom(root);
    awaitDone(first, 480, 360, 240);

    // a click: ×2 around that point
    new Actions(browser)
        .moveToElement(browser.findElement(By.id("detail-image")), -40, 20)
        .click()
        .perform();
    awaitSelection("Zoom ×2:");
    screenshot("zoom-2-click.png");
    browser.findElement(By.id("zoom-button")).click();
    String second = createdFrom(first);
    awaitDone(second, 480, 360, 300);

    // the keyboard: a selection in the middle (×2), smaller twice (×3.125), moved, sent with Enter
    WebElement stage = browser.findElement(By.id("zoom-stage"));
    stage.sendKeys("+", "+", Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_UP);
    awaitSelection("Zoom ×3.125:");
    screenshot("zoom-3-keys.png");
    stage.sendKeys(Keys.ENTER);
    String third = createdFrom(second);
    JsonObject record = api.get("api/fractal/" + third).json();
    JsonObject secondRecord = api.get("api/fractal/" + second).json();
    assertEquals(second, record.getString("parent"));
    assertEquals(
        3.125,
        (secondRecord.getJsonNumber("xb").doubleValue()
                - secondRecord.getJsonNumber("xa").doubleValue())
            / (record.getJsonNumber("xb").doubleValue() - record.getJsonNumber("xa").doubleValue()),
        0.01);
    awaitDone(third, 480, 360, record.getInt("iterations"));
    screenshot("zoom-4-result.png");

    // walked back: each view links its parent, and lists its zooms
    for (String[] step :
        List.of(
            new String[] {third, second},
            new String[] {second, first},
            new String[] {first, root})) {
      wait.until(b -> b.findElement(By.id("parent-anchor"))).click();
      wait.until(b -> step[1].equals(b.findElement(By.id("detail")).getAttribute("data-uuid")));
      wait.until(b -> b.findElement(By.cssSelector("#zooms li[data-uuid='" + step[0] + "'] a")));
    }

    // while a zoom renders, its parent's region enlarged stands in for it
    String pending = pendingZoomOf(third, record);
    try {
      openDetail(pending);
      WebElement preview =
          wait.until(
              b -> b.findElement(By.cssSelector("#zoom-preview[data-parent='" + third + "'] img")));
      wait.until(b -> naturalWidth(preview) > 0);
      screenshot("zoom-placeholder.png");
    } finally {
      Database.update("DELETE FROM fractal WHERE uuid = ?", pending);
    }

    // a parent gone: the link says so
    assertEquals(204, api.send("DELETE", "api/fractal/" + first, null, null, Api.admin()).status());
    openDetail(second);
    WebElement gone =
        wait.until(b -> b.findElement(By.cssSelector("#parent-link[data-gone='true']")));
    assertTrue(gone.getText().contains("gone"), gone.getText());

    // a 390 px wide screen: nothing wider than it, and a tap selects
    browser.manage().window().setSize(new Dimension(390, 844));
    openDone(second);
    Object overflow =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertEquals(0L, ((Number) overflow).longValue());
    new Actions(browser)
        .moveToElement(browser.findElement(By.id("detail-image")))
        .click()
        .perform();
    wait.until(b -> b.findElement(By.id("zoom-button")).isEnabled());
    screenshot("zoom-phone.png");
  }

  /**
   * The edges of n pixels from a to b, cut at the fractions [from, to], as pixel centres again: the
   * region a selection of those fractions of the image covers.
   */
  private static double[] zoomedRegion(double a, double b, int n, double from, double to) {
    double half = (b - a) / (n - 1) / 2;
    double e0 = a - half;
    double e1 = b + half;
    double z0 = e0 + from * (e1 - e0);
    double z1 = e0 + to * (e1 - e0);
    double halfPixel = (z1 - z0) / n / 2;
    return new double[] {z0 + halfPixel, z1 - halfPixel};
  }

  /** A pending zoom into the middle of {@code parent}, whose task the sweep leaves alone. */
  private static String pendingZoomOf(String parent, JsonObject p) {
    String uuid = UUID.randomUUID().toString();
    double xa = p.getJsonNumber("xa").doubleValue();
    double xb = p.getJsonNumber("xb").doubleValue();
    double ya = p.getJsonNumber("ya").doubleValue();
    double yb = p.getJsonNumber("yb").doubleValue();
    Database.update(
        "INSERT INTO fractal (uuid, width, height, iterations, xa, xb, ya, yb, cx, cy, parent,"
            + " status, attempts, dispatched_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, 'pending', 1, UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))",
        uuid,
        p.getInt("width"),
        p.getInt("height"),
        p.getInt("iterations"),
        xa + (xb - xa) / 4,
        xb - (xb - xa) / 4,
        ya + (yb - ya) / 4,
        yb - (yb - ya) / 4,
        p.getJsonNumber("cx").doubleValue(),
        p.getJsonNumber("cy").doubleValue(),
        parent);
    return uuid;
  }

  private void openDetail(String uuid) {
    browser.get(api.uri("/") + "#/fractal/" + uuid);
    wait.until(b -> uuid.equals(b.findElement(By.id("detail")).getAttribute("data-uuid")));
  }

  /** Waits until the zoom form describes the selection as {@code start}s. */
  private void awaitSelection(String start) {
    WebElement region = browser.findElement(By.id("zoom-region"));
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .withMessage(() -> "the selection is \"" + region.getText() + "\", not " + start)
        .until(b -> region.getText().startsWith(start));
  }

  /** Opens a done fractal's detail view and waits for its image. */
  private void openDone(String uuid) {
    openDetail(uuid);
    WebElement image = wait.until(b -> b.findElement(By.id("detail-image")));
    wait.until(b -> naturalWidth(image) > 0);
  }

  /** The fractal the detail view moved to after a send from {@code parent}'s view. */
  private String createdFrom(String parent) {
    return wait.until(
        b -> {
          String url = b.getCurrentUrl();
          String shown = url.replaceAll(".*#/fractal/", "");
          return url.contains("#/fractal/") && !shown.equals(parent) ? shown : null;
        });
  }

  /** Waits until the detail view shows {@code uuid} done, its image swapped in and decoded. */
  private void awaitDone(String uuid, int width, int height, int iterations) {
    new WebDriverWait(browser, Deadline.forRendering(1, width, height, iterations))
        .until(
            b -> {
              WebElement detail = b.findElement(By.id("detail"));
              List<WebElement> image = b.findElements(By.id("detail-image"));
              return uuid.equals(detail.getAttribute("data-uuid"))
                  && "done".equals(detail.getAttribute("data-status"))
                  && !image.isEmpty()
                  && naturalWidth(image.get(0)) > 0;
            });
  }

  private String completedFractal() {
    return completedFractal(320, 240, 128);
  }

  private String completedFractal(int width, int height, int iterations) {
    Api.Reply created =
        api.post(
            "api/fractal",
            "{\"width\":"
                + width
                + ",\"height\":"
                + height
                + ",\"iterations\":"
                + iterations
                + ",\"xa\":-1.6,\"xb\":1.6,"
                + "\"ya\":-1.2,\"yb\":1.2,\"cx\":-0.8,\"cy\":0.156}");
    assertEquals(201, created.status(), created.text());
    String uuid = created.json().getString("uuid");
    await()
        .atMost(Deadline.forRendering(1, width, height, iterations))
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
    HeadlessChromium.screenshot(browser, name);
  }
}
