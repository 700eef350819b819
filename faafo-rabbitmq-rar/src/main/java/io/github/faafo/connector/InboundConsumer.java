package io.github.faafo.connector;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Connection;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.util.List;
import java.util.Map;
import java.util.TimerTask;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes one queue for one message-driven bean: a connection with one client-acknowledged session
 * per concurrent delivery ({@link SessionDelivery}), its deliveries run on the server's threads
 * ({@link AdapterThreads}), its state in JMX ({@link InboundStatus}). Reconnects with back-off when
 * the broker goes away. A bean that consumes a temporary queue gets a new one on every connection,
 * offered to senders through {@link TemporaryQueues} while it is connected.
 */
final class InboundConsumer implements ExceptionListener {

  private static final Logger LOG = Logger.getLogger(InboundConsumer.class.getName());

  private final MessageEndpointFactory factory;
  private final RabbitActivationSpec spec;
  private final BrokerSettings settings;
  private final Map<String, Object> queueArguments;
  private final Backoff backoff;
  private final AdapterThreads threads;
  private final TemporaryQueues temporaryQueues;
  private final InboundStatus status;
  private final List<SessionDelivery> deliveries = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  // guarded by lock
  private Connection connection;
  private RMQDestination queue;
  private ExecutorService deliveryExecutor;
  private TimerTask pendingReconnect;
  private int failedAttempts;
  private boolean stopped;

  InboundConsumer(
      MessageEndpointFactory factory,
      RabbitActivationSpec spec,
      BrokerSettings settings,
      Map<String, Object> queueArguments,
      Backoff backoff,
      AdapterThreads threads,
      TemporaryQueues temporaryQueues) {
    this.factory = factory;
    this.spec = spec;
    this.settings = settings;
    this.queueArguments = queueArguments;
    this.backoff = backoff;
    this.threads = threads;
    this.temporaryQueues = temporaryQueues;
    this.status = new InboundStatus(spec.getDestination(), spec.getMaxSessions());
  }

  /** Connects now, or keeps trying in the background if the broker is not there yet. */
  void start() {
    status.register();
    connectOrRetry();
  }

  /** Stops consuming; closes the connection, then releases the bean instances. */
  void stop() {
    synchronized (lock) {
      stopped = true;
      if (pendingReconnect != null) {
        pendingReconnect.cancel();
      }
      disconnect();
    }
    status.unregister();
    LOG.info(() -> queue() + ": consumer stopped");
  }

  /** Called by the client when the connection breaks; reconnects on a server thread. */
  @Override
  public void onException(JMSException cause) {
    synchronized (lock) {
      if (stopped || !status.isConnected()) {
        return;
      }
      status.connected(false);
      if (queue != null && spec.isTemporary()) {
        // its temporary queue went with it: no sender may name it any more
        temporaryQueues.withdraw(spec.getDestination(), queue);
      }
      LOG.warning(
          queue()
              + ": connection to the broker lost ("
              + Failures.reason(cause)
              + "); reconnecting");
      schedule(backoff.delayMs(1));
    }
  }

  private void connectOrRetry() {
    synchronized (lock) {
      if (stopped) {
        return;
      }
      disconnect();
      try {
        connect();
        status.connected(true);
        String again = failedAttempts > 0 ? " again after " + failedAttempts + " attempt(s)" : "";
        String temporary = spec.isTemporary() ? " temporary queue " + queue.getQueueName() : "";
        LOG.info(
            queue()
                + ": consuming"
                + temporary
                + again
                + " with "
                + spec.getMaxSessions()
                + " session(s) from "
                + settings.describe());
        failedAttempts = 0;
      } catch (JMSException | RuntimeException e) {
        disconnect();
        failedAttempts++;
        long delay = backoff.delayMs(failedAttempts);
        LOG.warning(
            queue()
                + ": cannot consume from "
                + settings.describe()
                + " ("
                + Failures.reason(e)
                + "); attempt "
                + failedAttempts
                + ", next in "
                + delay
                + " ms");
        schedule(delay);
      }
    }
  }

  private void schedule(long delayMs) {
    if (pendingReconnect != null) {
      pendingReconnect.cancel();
    }
    pendingReconnect = threads.later(this::connectOrRetry, delayMs);
  }

  private void connect() throws JMSException {
    ExecutorService executor = threads.deliveryExecutor();
    deliveryExecutor = executor;
    RMQConnectionFactory connectionFactory =
        settings.connectionFactory(amqp -> amqp.setSharedExecutor(executor));
    connectionFactory.setChannelsQos(1);
    connection = connectionFactory.createConnection();
    connection.setExceptionListener(this);
    if (spec.isTemporary()) {
      queue = temporaryQueue();
    } else {
      declareDeadLetterQueue();
      queue = new RMQDestination(spec.getDestination(), true, false, queueArguments);
    }
    for (int i = 0; i < spec.getMaxSessions(); i++) {
      openSession();
    }
    connection.start();
    if (spec.isTemporary()) {
      temporaryQueues.offer(spec.getDestination(), queue);
    }
  }

  /**
   * A temporary queue of this connection (exclusive to it; the broker deletes it when the
   * connection closes, not when a session that consumes it closes): the first consumer declares it.
   */
  private RMQDestination temporaryQueue() throws JMSException {
    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    try {
      return (RMQDestination) session.createTemporaryQueue();
    } finally {
      session.close();
    }
  }

  /** One client-acknowledged session with its consumer, delivering to one bean instance. */
  private void openSession() throws JMSException {
    Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    MessageConsumer consumer = session.createConsumer(queue);
    SessionDelivery delivery =
        new SessionDelivery(session, factory, spec, status, threads, this::replace);
    deliveries.add(delivery);
    consumer.setMessageListener(delivery);
  }

  /**
   * Closes the session of a failed delivery, which returns its unacknowledged message to the broker
   * (counting as a failed delivery), and opens a fresh one in its place. {@code Session.recover()}
   * would be lighter but leaves the client's acknowledgement bookkeeping out of step with the
   * channel, which the broker then closes.
   */
  private void replace(SessionDelivery failed) {
    synchronized (lock) {
      if (stopped || !deliveries.remove(failed)) {
        return;
      }
      failed.close();
      try {
        openSession();
      } catch (JMSException | RuntimeException e) {
        LOG.warning(
            queue() + ": cannot open a new session (" + Failures.reason(e) + "); reconnecting");
        schedule(backoff.delayMs(1));
      }
    }
  }

  private void declareDeadLetterQueue() throws JMSException {
    String deadLetterQueue = spec.getDeadLetterQueue();
    if (deadLetterQueue.isBlank()) {
      return;
    }
    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    try {
      session
          .createProducer(
              new RMQDestination(deadLetterQueue, true, false, QueueArguments.of("", 0)))
          .close();
    } finally {
      session.close();
    }
  }

  private void disconnect() {
    status.connected(false);
    if (queue != null && spec.isTemporary()) {
      temporaryQueues.withdraw(spec.getDestination(), queue);
    }
    if (connection != null) {
      try {
        connection.close();
      } catch (JMSException | RuntimeException e) {
        LOG.log(Level.FINE, "closing a broken connection failed", e);
      }
      connection = null;
    }
    if (deliveryExecutor != null) {
      deliveryExecutor.shutdown();
      deliveryExecutor = null;
    }
    deliveries.forEach(SessionDelivery::release);
    deliveries.clear();
  }

  private String queue() {
    return spec.getDestination();
  }
}
