package io.github.faafo.connector;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;

/**
 * The resource adapter: holds the broker settings an administrator configures on the server (each
 * declared with its default in {@code META-INF/ra.xml}, the adapter's one descriptor), runs one
 * {@link InboundConsumer} per active message-driven bean, and keeps what its inbound and outbound
 * sides share: the consumers' temporary queues and the pooled connections open now.
 */
public class RabbitResourceAdapter implements ResourceAdapter {

  static final int DEFAULT_DELIVERY_LIMIT = 5;

  private static final Logger LOG = Logger.getLogger(RabbitResourceAdapter.class.getName());

  /**
   * The client logs an error with a stack trace for every consumer it cannot cancel on a connection
   * that is already dead; {@link InboundConsumer} says the same in one line.
   */
  private static final Logger CLIENT_CONSUMER_LOG =
      Logger.getLogger("com.rabbitmq.jms.client.MessageListenerConsumer");

  private String uri = "";

  private String host = "localhost";

  private Integer port = 5672;

  private String virtualHost = "/";

  private String user = "guest";

  private String password = "guest";

  private Boolean tls = false;

  private String trustStore = BrokerTls.SYSTEM_TRUST;

  private String trustStorePassword = "";

  private String keyStore = BrokerTls.NO_KEY_STORE;

  private String keyStorePassword = "";

  private Boolean hostnameVerification = true;

  private Integer deliveryLimit = DEFAULT_DELIVERY_LIMIT;

  private Integer reconnectInitialDelayMs = 500;

  private Integer reconnectMaxDelayMs = 15_000;

  private Integer heartbeatSeconds = 10;

  private Integer onMessageTimeoutMs = 600_000;

  private String sessions = "";

  private transient SessionCounts sessionCounts = SessionCounts.parse("");

  private transient AdapterThreads threads;
  private final transient TemporaryQueues temporaryQueues = new TemporaryQueues();
  private final transient OutboundConnections outboundConnections = new OutboundConnections();
  private final transient Map<Activation, InboundConsumer> consumers = new ConcurrentHashMap<>();

  /** A key for one activation, as the container identifies it. */
  private record Activation(MessageEndpointFactory factory, ActivationSpec spec) {}

  @Override
  public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
    try {
      sessionCounts = SessionCounts.parse(sessions);
    } catch (IllegalArgumentException e) {
      throw new ResourceAdapterInternalException(e.getMessage(), e);
    }
    this.threads = AdapterThreads.of(ctx);
    CLIENT_CONSUMER_LOG.setLevel(java.util.logging.Level.OFF);
    outboundConnections.register();
    LOG.info(
        () ->
            "faafo RabbitMQ resource adapter started for "
                + settings().describe()
                + " ("
                + settings().tls().describe()
                + ")");
  }

  @Override
  public void stop() {
    consumers.values().forEach(InboundConsumer::stop);
    consumers.clear();
    if (threads != null) {
      threads.stop();
    }
    outboundConnections.unregister();
    LOG.info("faafo RabbitMQ resource adapter stopped");
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
      throws ResourceException {
    RabbitActivationSpec rabbitSpec = (RabbitActivationSpec) spec;
    rabbitSpec.validate();
    sessionCounts
        .forQueue(rabbitSpec.getDestination())
        .filter(count -> !count.equals(rabbitSpec.getMaxSessions()))
        .ifPresent(
            count -> {
              LOG.info(
                  () ->
                      rabbitSpec.getDestination()
                          + ": "
                          + count
                          + " session(s) by the adapter setting 'sessions' instead of the bean's "
                          + rabbitSpec.getMaxSessions());
              rabbitSpec.setMaxSessions(count);
            });
    InboundConsumer consumer =
        new InboundConsumer(
            factory,
            rabbitSpec,
            settings(),
            QueueArguments.of(rabbitSpec.getDeadLetterQueue(), deliveryLimit),
            new Backoff(reconnectInitialDelayMs, reconnectMaxDelayMs),
            threads,
            temporaryQueues);
    consumers.put(new Activation(factory, spec), consumer);
    consumer.start();
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
    InboundConsumer consumer = consumers.remove(new Activation(factory, spec));
    if (consumer != null) {
      consumer.stop();
    }
  }

  @Override
  public XAResource[] getXAResources(ActivationSpec[] specs) {
    return new XAResource[0];
  }

  /** The temporary queues the consumers hold now, for the {@link ReplyQueue}s. */
  TemporaryQueues temporaryQueues() {
    return temporaryQueues;
  }

  /** The pooled connections open now, for the {@link OutboundConnectionFactory}. */
  OutboundConnections outboundConnections() {
    return outboundConnections;
  }

  BrokerSettings settings() {
    return new BrokerSettings(
        uri,
        host,
        port,
        virtualHost,
        user,
        password,
        heartbeatSeconds,
        onMessageTimeoutMs,
        new BrokerTls(
            tls, trustStore, trustStorePassword, keyStore, keyStorePassword, hostnameVerification));
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri == null ? "" : uri;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getVirtualHost() {
    return virtualHost;
  }

  public void setVirtualHost(String virtualHost) {
    this.virtualHost = virtualHost;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public Boolean getTls() {
    return tls;
  }

  public void setTls(Boolean tls) {
    this.tls = tls;
  }

  public String getTrustStore() {
    return trustStore;
  }

  public void setTrustStore(String trustStore) {
    this.trustStore = trustStore;
  }

  public String getTrustStorePassword() {
    return trustStorePassword;
  }

  public void setTrustStorePassword(String trustStorePassword) {
    this.trustStorePassword = trustStorePassword;
  }

  public String getKeyStore() {
    return keyStore;
  }

  public void setKeyStore(String keyStore) {
    this.keyStore = keyStore;
  }

  public String getKeyStorePassword() {
    return keyStorePassword;
  }

  public void setKeyStorePassword(String keyStorePassword) {
    this.keyStorePassword = keyStorePassword;
  }

  public Boolean getHostnameVerification() {
    return hostnameVerification;
  }

  public void setHostnameVerification(Boolean hostnameVerification) {
    this.hostnameVerification = hostnameVerification;
  }

  public Integer getDeliveryLimit() {
    return deliveryLimit;
  }

  public void setDeliveryLimit(Integer deliveryLimit) {
    this.deliveryLimit = deliveryLimit;
  }

  public Integer getReconnectInitialDelayMs() {
    return reconnectInitialDelayMs;
  }

  public void setReconnectInitialDelayMs(Integer reconnectInitialDelayMs) {
    this.reconnectInitialDelayMs = reconnectInitialDelayMs;
  }

  public Integer getReconnectMaxDelayMs() {
    return reconnectMaxDelayMs;
  }

  public void setReconnectMaxDelayMs(Integer reconnectMaxDelayMs) {
    this.reconnectMaxDelayMs = reconnectMaxDelayMs;
  }

  public Integer getHeartbeatSeconds() {
    return heartbeatSeconds;
  }

  public void setHeartbeatSeconds(Integer heartbeatSeconds) {
    this.heartbeatSeconds = heartbeatSeconds;
  }

  public String getSessions() {
    return sessions;
  }

  public void setSessions(String sessions) {
    this.sessions = sessions == null ? "" : sessions;
  }

  public Integer getOnMessageTimeoutMs() {
    return onMessageTimeoutMs;
  }

  public void setOnMessageTimeoutMs(Integer onMessageTimeoutMs) {
    this.onMessageTimeoutMs = onMessageTimeoutMs;
  }

  /** Adapters are equal when configured alike (WildFly checks this). */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof RabbitResourceAdapter that)) {
      return false;
    }
    return settings().equals(that.settings())
        && Objects.equals(deliveryLimit, that.deliveryLimit)
        && Objects.equals(reconnectInitialDelayMs, that.reconnectInitialDelayMs)
        && Objects.equals(reconnectMaxDelayMs, that.reconnectMaxDelayMs)
        && Objects.equals(sessions, that.sessions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        settings(), deliveryLimit, reconnectInitialDelayMs, reconnectMaxDelayMs, sessions);
  }
}
