package io.github.faafo.connector;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import jakarta.jms.JMSException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to reach the broker, as the resource adapter's configuration gives it; builds the RabbitMQ
 * JMS client's connection factory for inbound consumers and for the administered factory alike.
 * {@code host} may name the nodes of a cluster, comma-separated, each {@code host} or {@code
 * host:port} (default {@code port}): every connection, and every reconnection, tries them in turn.
 * An {@code amqps} URI turns TLS on as the {@code tls} setting does.
 */
record BrokerSettings(
    String uri,
    String host,
    int port,
    String virtualHost,
    String user,
    String password,
    int heartbeatSeconds,
    int onMessageTimeoutMs,
    BrokerTls tls) {

  BrokerSettings {
    if (uri != null && uri.strip().regionMatches(true, 0, "amqps:", 0, 6) && !tls.enabled()) {
      tls = tls.turnedOn();
    }
  }

  /** A connection factory whose connections do not recover by themselves: we reconnect. */
  RMQConnectionFactory connectionFactory() throws JMSException {
    return connectionFactory(amqp -> {});
  }

  /** As {@link #connectionFactory()}, with further settings of the underlying AMQP factory. */
  RMQConnectionFactory connectionFactory(Consumer<ConnectionFactory> amqpSettings)
      throws JMSException {
    RMQConnectionFactory factory = new RMQConnectionFactory();
    boolean ownCredentials = uri == null || uri.isBlank();
    if (!ownCredentials) {
      factory.setUri(withoutTlsScheme(uri));
    } else if (nodes().size() > 1) {
      factory.setUris(nodes().stream().map(this::uriOf).toList());
    } else {
      String node = nodes().get(0);
      factory.setHost(node.substring(0, node.lastIndexOf(':')));
      factory.setPort(Integer.parseInt(node.substring(node.lastIndexOf(':') + 1)));
      factory.setVirtualHost(virtualHost);
    }
    factory.setOnMessageTimeoutMs(onMessageTimeoutMs);
    factory.setRequeueOnMessageListenerException(false);
    factory.setDeclareReplyToDestination(false);
    factory.setAmqpConnectionFactoryPostProcessor(
        amqp -> {
          amqp.setAutomaticRecoveryEnabled(false);
          amqp.setTopologyRecoveryEnabled(false);
          amqp.setRequestedHeartbeat(heartbeatSeconds);
          amqp.setConnectionTimeout(10_000);
          if (ownCredentials) {
            // given to the AMQP client only: the JMS client puts them into a URI of its own
            // without escaping ":", which the AMQP client then refuses ("Bad user info")
            amqp.setUsername(user);
            amqp.setPassword(password);
          }
          amqpSettings.accept(amqp);
          tls.applyTo(amqp);
        });
    return factory;
  }

  /** The broker nodes {@code host} names, each as {@code host:port}. */
  List<String> nodes() {
    return Arrays.stream(host.split(","))
        .map(String::strip)
        .filter(node -> !node.isEmpty())
        .map(node -> node.contains(":") ? node : node + ":" + port)
        .toList();
  }

  /**
   * An {@code amqps} URI as {@code amqp} with its port (5671 if it has none): the JMS client would
   * hand the scheme to the AMQP client, which sets up TLS that trusts every certificate before
   * {@link BrokerTls#applyTo} replaces it, warning at each connection.
   */
  private static String withoutTlsScheme(String uri) {
    URI parsed = URI.create(uri.strip());
    if (!"amqps".equalsIgnoreCase(parsed.getScheme())) {
      return uri;
    }
    return "amqp://"
        + (parsed.getRawUserInfo() == null ? "" : parsed.getRawUserInfo() + "@")
        + parsed.getHost()
        + ":"
        + (parsed.getPort() < 0 ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT : parsed.getPort())
        + (parsed.getRawPath() == null ? "" : parsed.getRawPath())
        + (parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery());
  }

  /**
   * A node's URI for the JMS client: without credentials (see {@link #connectionFactory(Consumer)})
   * and plain {@code amqp}, since TLS comes from {@link BrokerTls#applyTo}.
   */
  private String uriOf(String node) {
    return "amqp://" + node + "/" + encode(virtualHost);
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Where we connect, without credentials, for log lines. */
  String describe() {
    if (uri != null && !uri.isBlank()) {
      int at = uri.lastIndexOf('@');
      int scheme = uri.indexOf("://");
      return at > 0 && scheme > 0 ? uri.substring(0, scheme + 3) + uri.substring(at + 1) : uri;
    }
    return scheme() + String.join(",", nodes()) + virtualHostPath();
  }

  private String scheme() {
    return tls.enabled() ? "amqps://" : "amqp://";
  }

  private String virtualHostPath() {
    return "/".equals(virtualHost) ? "" : "/" + virtualHost;
  }
}
