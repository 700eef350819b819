package io.github.faafo.connector;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import jakarta.jms.JMSException;
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
 */
record BrokerSettings(
    String uri,
    String host,
    int port,
    String virtualHost,
    String user,
    String password,
    int heartbeatSeconds,
    int onMessageTimeoutMs) {

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
      factory.setUri(uri);
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

  /** A node's URI without credentials (see {@link #connectionFactory(Consumer)}). */
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
    return "amqp://" + String.join(",", nodes()) + virtualHostPath();
  }

  private String virtualHostPath() {
    return "/".equals(virtualHost) ? "" : "/" + virtualHost;
  }
}
