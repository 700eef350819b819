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
 * An administrator's visit to the Payara Server admin console: logs in, opens the outbound
 * connection pool from the list of connector connection pools, sets its initial and maximum size
 * and saves. Not one of the integration tests (no Payara Micro): {@code bin/check-payara-server}
 * runs it against its own domain when FAAFO_PAYARA_CONSOLE=browser ({@code
 * bin/check-payara-console}), then reads the sizes back from each running server and counts each
 * one's broker connections of the pool. Its settings come from system properties (console.url,
 * console.pool, console.size) and the administrator's password from FAAFO_CONSOLE_PASSWORD.
 */
class PayaraConsolePoolCheck extends ConsoleVisit {

  /** The console deploys itself on its first request, which takes a while on a small machine. */
  private static final Duration CONSOLE_LOADS = Duration.ofMinutes(5);

  /** The pool's initial (steady) and maximum size on its page (jca/connectorConnectionPoolEdit). */
  private static final String STEADY =
      "propertyForm:propertySheet:poolSettingsPropertySheet:initSizeProp:ds";

  private static final String LARGEST =
      "propertyForm:propertySheet:poolSettingsPropertySheet:maxProp:ds2";

  private final String pool = System.getProperty("console.pool", "FaafoSenderPool");

  PayaraConsolePoolCheck() {
    super("http://localhost:4848");
  }

  @Test
  void theAdministratorSetsTheOutboundPoolSizeOnItsPage() throws Exception {
    String password = password();
    browser.get(console + "/");
    new WebDriverWait(browser, CONSOLE_LOADS, Duration.ofSeconds(2))
        .until(
            page -> {
              if (page.findElements(By.id("Login.username")).isEmpty()) {
                page.navigate().refresh();
                return false;
              }
              return true;
            });
    HeadlessChromium.screenshot(browser, "payara-console-1-login.png");
    browser.findElement(By.id("Login.username")).sendKeys("admin");
    browser.findElement(By.id("Login.password")).sendKeys(password);
    browser.findElement(By.id("loginButton")).click();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("Login.username")));

    openPool(wait);
    // the largest first, as asadmin must: the page checks that the initial size is not above it
    fill(largest(), size);
    fill(steady(), size);
    HeadlessChromium.screenshot(browser, "payara-console-2-pool.png");
    browser.findElement(By.id("propertyForm:propertyContentPage:topButtons:saveButton")).click();
    wait.until(page -> page.getPageSource().contains("New values successfully saved"));
    HeadlessChromium.screenshot(browser, "payara-console-3-saved.png");

    // what the pool's page shows on a fresh visit
    openPool(wait);
    HeadlessChromium.screenshot(browser, "payara-console-4-again.png");
    assertEquals(size, largest().getAttribute("value"), "the maximum pool size the page shows");
    assertEquals(size, steady().getAttribute("value"), "the initial pool size the page shows");
  }

  /** From the list of connector connection pools to the pool's page, its sizes in view. */
  private void openPool(WebDriverWait wait) {
    browser.get(console + "/jca/connectorConnectionPools.jsf");
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText(pool))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(STEADY)));
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", steady());
  }

  private WebElement steady() {
    return browser.findElement(By.id(STEADY));
  }

  private WebElement largest() {
    return browser.findElement(By.id(LARGEST));
  }

  private static void fill(WebElement field, String value) {
    field.clear();
    field.sendKeys(value);
  }
}
