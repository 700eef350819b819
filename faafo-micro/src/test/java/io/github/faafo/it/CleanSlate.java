package io.github.faafo.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives every integration test class an empty system and leaves none of its work behind: before the
 * class's Payara Micro boots, and again after it has stopped, the test virtual host is made anew
 * (no queued or unacknowledged task, no reply), the tables are dropped (Flyway makes them anew at
 * boot), the worker's storage is emptied and the broker and database are answering (in the time
 * zone of a class marked {@link DatabaseTimeZone}, in their own otherwise). It also writes the
 * server's settings for the class: the producer's timer runs only for a class marked {@link
 * ProducerTimer}, and a class may add its own ({@link ServerSettings}). For the fault tests it
 * starts their private broker and database afresh, and stops them afterwards ({@link
 * PrivateServers}). Registered before Arquillian, so it runs before the deployment and after the
 * undeployment.
 */
final class CleanSlate implements BeforeAllCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    Awaitility.setDefaultPollInterval(Deadline.POLL);
    Services.awaitNoServerOf(micro());
    if (PrivateServers.inUse()) {
      PrivateServers.start(context.getRequiredTestClass());
    }
    Services.awaitBrokerAndDatabase();
    resetStores();
    Services.addEmptyVhost(vhost());
    DatabaseTimeZone zone = context.getRequiredTestClass().getAnnotation(DatabaseTimeZone.class);
    Services.setDatabaseTimeZone(zone == null ? "SYSTEM" : zone.value());
    writeServerProperties(context.getRequiredTestClass());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Arquillian only signals Payara Micro to stop: wait until it is gone, so that nothing of this
    // class writes to the database or the broker any more, then restore what a fault test stopped.
    Services.awaitNoServerOf(micro());
    if (PrivateServers.inUse()) {
      PrivateServers.stop(); // the broker's and the database's data go with them
      emptyDirectory(Path.of(System.getProperty("worker.storage.dir")));
      return;
    }
    Services.awaitBrokerAndDatabase();
    Services.deleteVhost(vhost());
    resetStores();
    Services.setDatabaseTimeZone("SYSTEM");
  }

  private static void resetStores() {
    Database.dropTables();
    emptyDirectory(Path.of(System.getProperty("worker.storage.dir")));
  }

  /** The settings file arquillian.xml and the extra nodes pass to Payara Micro. */
  static Path serverProperties() {
    return Path.of(System.getProperty("it.properties"));
  }

  private static void writeServerProperties(Class<?> testClass) {
    Properties settings = new Properties();
    try (InputStream base = CleanSlate.class.getResourceAsStream("/it-server.properties")) {
      settings.load(base);
      settings.setProperty(
          "faafo.producer.enabled",
          String.valueOf(testClass.isAnnotationPresent(ProducerTimer.class)));
      ServerSettings extra = testClass.getAnnotation(ServerSettings.class);
      for (String setting : extra == null ? new String[0] : extra.value()) {
        settings.setProperty(
            setting.substring(0, setting.indexOf('=')),
            setting.substring(setting.indexOf('=') + 1));
      }
      Files.createDirectories(serverProperties().getParent());
      try (var out = Files.newBufferedWriter(serverProperties())) {
        settings.store(out, "written by CleanSlate for one test class");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void emptyDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
      try (Stream<Path> paths = Files.walk(directory)) {
        paths
            .sorted(Comparator.reverseOrder())
            .filter(path -> !path.equals(directory))
            .forEach(CleanSlate::delete);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String vhost() {
    return Database.env("FAAFO_RABBITMQ_VHOST", "/");
  }

  private static Path micro() {
    return Path.of(System.getProperty("micro.dir"));
  }
}
