package io.github.faafo.it;

import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;

/**
 * What an administrator's scripted visit to a server's admin console starts from: a fresh headless
 * browser for each visit, the console's address (console.url) and the administrator's password
 * (FAAFO_CONSOLE_PASSWORD), which the server checks hand over.
 */
abstract class ConsoleVisit {

  protected final String console;
  protected final String size = System.getProperty("console.size", "6");
  protected WebDriver browser;

  ConsoleVisit(String defaultUrl) {
    console = System.getProperty("console.url", defaultUrl);
  }

  @BeforeEach
  void openBrowser() throws Exception {
    browser = HeadlessChromium.open();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  static String password() {
    return Objects.requireNonNull(
        System.getenv("FAAFO_CONSOLE_PASSWORD"), "FAAFO_CONSOLE_PASSWORD is not set");
  }
}
