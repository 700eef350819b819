package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter's TLS against a real TLS listener of this JVM whose certificate (made with keytool
 * for the test) names {@code localhost} only: the handshake decides, before any AMQP is spoken.
 */
class BrokerTlsTest {

  private static final String PASSWORD = "test-store-password";

  @TempDir static Path stores;

  private static SSLServerSocket listener;
  private static Thread acceptor;

  @BeforeAll
  static void startTlsListener() throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost",
        "-validity",
        "2",
        "-keystore",
        store("broker.p12"));
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        store("broker.p12"),
        "-file",
        store("broker.pem"));
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        store("broker.pem"),
        "-keystore",
        store("trusting.p12"));
    keytool(
        "-genkeypair",
        "-alias",
        "other",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=other",
        "-validity",
        "2",
        "-keystore",
        store("other.p12"));
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "other",
        "-keystore",
        store("other.p12"),
        "-file",
        store("other.pem"));
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "other",
        "-file",
        store("other.pem"),
        "-keystore",
        store("untrusting.p12"));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(KeyStore.getInstance(stores.resolve("broker.p12").toFile(), chars()), chars());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(keys.getKeyManagers(), null, null);
    listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0);
    acceptor =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try (SSLSocket client = (SSLSocket) listener.accept()) {
                  client.setSoTimeout(5_000);
                  client.startHandshake();
                } catch (IOException e) {
                  // a client that refused the certificate, or the listener closed
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterAll
  static void stopTlsListener() throws Exception {
    listener.close();
    acceptor.join(5_000);
  }

  @Test
  void aBrokerWhoseCertificateChainsToTheTrustStoreAndNamesTheHostIsAccepted() {
    String failure = connect("localhost", tls("trusting.p12", true));
    assertFalse(failure.contains("SSL"), "the handshake itself failed: " + failure);
  }

  @Test
  void aBrokerWhoseCertificateIsNotTrustedIsRefused() {
    assertTrue(
        connect("localhost", tls("untrusting.p12", true))
            .contains("unable to find valid certification path"),
        "not refused for its certificate");
  }

  @Test
  void aBrokerWhoseCertificateNamesAnotherHostIsRefusedUnlessVerificationIsOff() {
    String refused = connect("127.0.0.1", tls("trusting.p12", true));
    assertTrue(refused.contains("No subject alternative names matching IP address"), refused);
    String unverified = connect("127.0.0.1", tls("trusting.p12", false));
    assertFalse(unverified.contains("SSL"), "refused without verification: " + unverified);
  }

  @Test
  void anAmqpsUriTrustsOnlyTheTrustStoreThoughTheJmsClientWouldTrustAnything() {
    BrokerSettings byUri =
        new BrokerSettings(
            "amqps://guest:guest@localhost:" + listener.getLocalPort() + "/",
            "",
            5672,
            "/",
            "",
            "",
            0,
            1000,
            new BrokerTls(false, store("untrusting.p12"), PASSWORD, "none", "", true));
    assertTrue(byUri.tls().enabled(), "an amqps URI did not turn TLS on");
    List<String> alerts = new CopyOnWriteArrayList<>();
    Handler alert =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            alerts.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger trustEverything = Logger.getLogger("com.rabbitmq.client.TrustEverythingTrustManager");
    trustEverything.addHandler(alert);
    try {
      JMSException refused =
          assertThrows(JMSException.class, () -> byUri.connectionFactory().createConnection());
      assertTrue(
          Failures.reason(refused).contains("unable to find valid certification path"),
          Failures.reason(refused));
    } finally {
      trustEverything.removeHandler(alert);
    }
    assertEquals(List.of(), alerts, "the client's trust-everything manager was made");
  }

  @Test
  void aTrustStoreThatCannotBeReadSaysWhichAndWhy() {
    BrokerTls missing =
        new BrokerTls(true, stores.resolve("gone.p12").toString(), PASSWORD, "none", "", true);
    IllegalStateException failed = assertThrows(IllegalStateException.class, missing::sslContext);
    assertTrue(failed.getMessage().contains("gone.p12"), failed.getMessage());
    BrokerTls wrongPassword = new BrokerTls(true, store("trusting.p12"), "wrong", "none", "", true);
    assertThrows(IllegalStateException.class, wrongPassword::sslContext);
  }

  @Test
  void theStartUpLineSaysWhatIsChecked() {
    assertEquals("plain AMQP, no TLS", BrokerTls.off().describe());
    assertEquals(
        "TLS trusting the JVM's trust anchors, host name verified",
        BrokerTls.off().turnedOn().describe());
  }

  /** Connects over AMQP through the adapter's settings; the failure's root cause, or "". */
  private static String connect(String host, BrokerTls tls) {
    BrokerSettings settings =
        new BrokerSettings(
            "", host + ":" + listener.getLocalPort(), 5672, "/", "guest", "guest", 0, 1000, tls);
    try {
      settings.connectionFactory().createConnection().close();
      return "";
    } catch (JMSException | RuntimeException e) {
      return Failures.reason(e);
    }
  }

  private static BrokerTls tls(String trustStore, boolean hostnameVerification) {
    return new BrokerTls(true, store(trustStore), PASSWORD, "none", "", hostnameVerification);
  }

  private static String store(String name) {
    return stores.resolve(name).toString();
  }

  private static char[] chars() {
    return PASSWORD.toCharArray();
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool did not end");
    assertEquals(0, keytool.exitValue(), "keytool " + arguments[0] + ": " + output);
  }
}
