package io.github.faafo.connector;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the adapter's connections secure their link to the broker: TLS that trusts only the given
 * trust store (or the JVM's own anchors), checks the broker's name against its certificate unless
 * told not to, and may show a client certificate. The stores are read at each connection attempt,
 * so that a store replaced on disk takes effect at the next reconnect.
 */
record BrokerTls(
    boolean enabled,
    String trustStore,
    String trustStorePassword,
    String keyStore,
    String keyStorePassword,
    boolean hostnameVerification) {

  /** The trust store value that means the JVM's own trust anchors. */
  static final String SYSTEM_TRUST = "system";

  /** The key store value that means no client certificate. */
  static final String NO_KEY_STORE = "none";

  /** Plain AMQP. */
  static BrokerTls off() {
    return new BrokerTls(false, SYSTEM_TRUST, "", NO_KEY_STORE, "", true);
  }

  /** The same stores and checks, with TLS on. */
  BrokerTls turnedOn() {
    return new BrokerTls(
        true, trustStore, trustStorePassword, keyStore, keyStorePassword, hostnameVerification);
  }

  /**
   * Puts this TLS setting on the AMQP client's factory, last, over whatever came before it: the JMS
   * client gives an {@code amqps} URI to the AMQP client, which then trusts every certificate.
   */
  void applyTo(ConnectionFactory amqp) {
    if (!enabled) {
      return;
    }
    amqp.useSslProtocol(sslContext());
    if (hostnameVerification) {
      amqp.enableHostnameVerification();
    }
  }

  /** The context of one connection attempt, from the stores as they are on disk now. */
  SSLContext sslContext() {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(isSystemTrust() ? null : load("trust store", trustStore, trustStorePassword));
      KeyManagerFactory keys = null;
      if (hasKeyStore()) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load("key store", keyStore, keyStorePassword), password(keyStorePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS to the broker: " + Failures.reason(e), e);
    }
  }

  /** The TLS part of the adapter's start-up line. */
  String describe() {
    if (!enabled) {
      return "plain AMQP, no TLS";
    }
    return "TLS trusting "
        + (isSystemTrust() ? "the JVM's trust anchors" : trustStore)
        + (hostnameVerification ? ", host name verified" : ", host name NOT verified")
        + (hasKeyStore() ? ", client certificate from " + keyStore : "");
  }

  private boolean isSystemTrust() {
    return trustStore == null || trustStore.isBlank() || SYSTEM_TRUST.equals(trustStore.strip());
  }

  private boolean hasKeyStore() {
    return keyStore != null && !keyStore.isBlank() && !NO_KEY_STORE.equals(keyStore.strip());
  }

  /** A PKCS12 or JKS file, named by its path or a {@code file:} URL. */
  private static KeyStore load(String what, String location, String password)
      throws GeneralSecurityException {
    String place = location.strip();
    Path file = place.startsWith("file:") ? Path.of(URI.create(place)) : Path.of(place);
    try {
      return KeyStore.getInstance(file.toFile(), password(password));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot read the " + what + " " + file + ": " + Failures.reason(e), e);
    }
  }

  private static char[] password(String password) {
    return password == null ? new char[0] : password.toCharArray();
  }
}
