package io.github.faafo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An administrator's visit to WildFly's management console (HAL): opens the datasource FaafoDS of
 * the profile (in a managed domain) or of the server, sets its pool's largest size on the Pool tab
 * and saves. Not one of the integration tests: {@code bin/check-wildfly} runs it when
 * FAAFO_WILDFLY_CONSOLE=browser ({@code bin/check-wildfly-console}), then reloads the servers and
 * reads the size back from each running one. Its settings come from system properties (console.url,
 * console.profile, console.size) and the management user's password from FAAFO_CONSOLE_PASSWORD.
 */
class WildFlyConsolePoolCheck extends ConsoleVisit {

  /** HAL loads its whole application on the first visit, which takes a while on a small machine. */
  private static final Duration CONSOLE_LOADS = Duration.ofMinutes(3);

  private static final String DATASOURCE = "FaafoDS";
  private static final String POOL_TAB = "a[href='#ds-configuration-pool-tab']";
  private static final String EDIT = "#ds-configuration-pool-form-links a[data-operation='edit']";
  private static final String LARGEST = "ds-configuration-pool-form-max-pool-size-editing";
  private static final String LARGEST_SHOWN = "ds-configuration-pool-form-max-pool-size-readonly";
  private static final String SAVE = "#ds-configuration-pool-form-editing button.btn-primary";

  private final String profile = System.getProperty("console.profile", "");

  WildFlyConsolePoolCheck() {
    super("http://127.0.0.1:9990");
  }

  @Test
  void theAdministratorSetsTheDatasourcePoolSizeOnItsPage() throws Exception {
    String password = password();
    // The management interface asks for HTTP Digest, which a headless browser cannot type into a
    // dialog: one visit with the credentials in the address lets the browser answer the console's
    // requests after it.
    browser.get(console.replace("://", "://admin:" + password + "@") + "/management");

    openPool(CONSOLE_LOADS);
    HeadlessChromium.screenshot(browser, "wildfly-console-1-pool.png");
    browser.findElement(By.cssSelector(EDIT)).click();
    WebElement largest =
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id(LARGEST)));
    largest.clear();
    largest.sendKeys(size);
    center(largest);
    HeadlessChromium.screenshot(browser, "wildfly-console-2-edit.png");
    WebElement save = browser.findElement(By.cssSelector(SAVE));
    center(save);
    save.click();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(ExpectedConditions.textToBe(By.id(LARGEST_SHOWN), size));
    HeadlessChromium.screenshot(browser, "wildfly-console-3-saved.png");

    // what the pool's page shows on a fresh visit
    browser.navigate().refresh();
    openPool(Duration.ofSeconds(120));
    HeadlessChromium.screenshot(browser, "wildfly-console-4-again.png");
    assertEquals(
        size,
        browser.findElement(By.id(LARGEST_SHOWN)).getText().trim(),
        "the largest pool size the page shows");
  }

  /** The datasource's page (HAL's place for it, in the profile on a domain), its Pool tab open. */
  private void openPool(Duration loads) {
    String place =
        "data-source-configuration"
            + (profile.isBlank() ? "" : ";profile=" + profile)
            + ";name="
            + DATASOURCE;
    browser.get(console + "/console/index.html#" + place);
    new WebDriverWait(browser, loads, Duration.ofSeconds(2))
        .until(ExpectedConditions.elementToBeClickable(By.cssSelector(POOL_TAB)))
        .click();
    center(
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id(LARGEST_SHOWN))));
  }

  /** Scrolls {@code element} to the middle of the window, clear of the console's footer. */
  private void center(WebElement element) {
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
  }
}
