package io.github.faafo.connector;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes one queue for one message-driven bean: a connection with one client-acknowledged session
 * per concurrent delivery. A message is acknowledged only after the bean returned normally; when
 * the bean throws, its session is closed after a short, growing pause, so the broker delivers the
 * message again (and dead-letters it after the queue's delivery limit). Reconnects with back-off
 * when the broker goes away.
 */
final class InboundConsumer implements ExceptionListener, InboundConsumerStatusMXBean {

  private static final Logger LOG = Logger.getLogger(InboundConsumer.class.getName());
  private static final Method ON_MESSAGE = onMessageMethod();
  private static final long MAX_REDELIVERY_DELAY_MS = 5_000;

  /**
   * The string property that carries why a message was dead-lettered at once; the applications read
   * it under the same name (MalformedMessageException.REASON_PROPERTY in faafo-common).
   */
  static final String REASON_PROPERTY = "FaafoDeadLetterReason";

  private final MessageEndpointFactory factory;
  private final RabbitActivationSpec spec;
  private final BrokerSettings settings;
  private final Map<String, Object> queueArguments;
  private final Backoff backoff;
  private final java.util.Timer timer;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  private Connection connection;
  private RMQDestination queue;
  private ExecutorService dispatchThreads;
  private java.util.TimerTask pendingReconnect;
  private int failedAttempts;
  private final java.util.concurrent.atomic.AtomicLong failedDeliveries =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong deadLettered =
      new java.util.concurrent.atomic.AtomicLong();
  private javax.management.ObjectName mbeanName;
  private volatile boolean connected;
  private volatile boolean stopped;

  InboundConsumer(
      MessageEndpointFactory factory,
      RabbitActivationSpec spec,
      BrokerSettings settings,
      Map<String, Object> queueArguments,
      Backoff backoff,
      java.util.Timer timer) {
    this.factory = factory;
    this.spec = spec;
    this.settings = settings;
    this.queueArguments = queueArguments;
    this.backoff = backoff;
    this.timer = timer;
  }

  private static Method onMessageMethod() {
    try {
      return MessageListener.class.getMethod("onMessage", Message.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Connects now, or keeps trying in the background if the broker is not there yet. */
  void start() {
    register();
    connectOrRetry();
  }

  /** Shows this consumer as {@code io.github.faafo:type=InboundConsumer,queue=...,id=...}. */
  private void register() {
    try {
      mbeanName =
          new javax.management.ObjectName(
              "io.github.faafo:type=InboundConsumer,queue="
                  + javax.management.ObjectName.quote(queue())
                  + ",id="
                  + System.identityHashCode(this));
      java.lang.management.ManagementFactory.getPlatformMBeanServer()
          .registerMBean(this, mbeanName);
    } catch (javax.management.JMException e) {
      LOG.warning(queue() + ": cannot register its status MBean (" + reason(e) + ")");
      mbeanName = null;
    }
  }

  private void unregister() {
    if (mbeanName == null) {
      return;
    }
    try {
      java.lang.management.ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
    } catch (javax.management.JMException e) {
      LOG.fine(() -> "unregistering " + mbeanName + " failed: " + e);
    }
  }

  @Override
  public String getQueue() {
    return queue();
  }

  @Override
  public int getSessions() {
    return spec.getMaxSessions();
  }

  @Override
  public long getFailedDeliveries() {
    return failedDeliveries.get();
  }

  @Override
  public long getDeadLettered() {
    return deadLettered.get();
  }

  /** Stops consuming; waits for deliveries in progress, then releases the bean instances. */
  void stop() {
    synchronized (lock) {
      stopped = true;
      if (pendingReconnect != null) {
        pendingReconnect.cancel();
      }
      disconnect();
    }
    unregister();
    LOG.info(() -> queue() + ": consumer stopped");
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  /** Called by the client when the connection breaks; reconnects from the timer thread. */
  @Override
  public void onException(JMSException cause) {
    synchronized (lock) {
      if (stopped || !connected) {
        return;
      }
      connected = false;
      LOG.warning(
          queue() + ": connection to the broker lost (" + reason(cause) + "); reconnecting");
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
        connected = true;
        String again = failedAttempts > 0 ? " again after " + failedAttempts + " attempt(s)" : "";
        LOG.info(
            queue()
                + ": consuming"
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
                + reason(e)
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
    pendingReconnect =
        new java.util.TimerTask() {
          @Override
          public void run() {
            connectOrRetry();
          }
        };
    timer.schedule(pendingReconnect, delayMs);
  }

  private void connect() throws JMSException {
    int sessions = spec.getMaxSessions();
    AtomicInteger threadNumber = new AtomicInteger();
    dispatchThreads =
        Executors.newFixedThreadPool(
            sessions,
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable, "faafo-rabbitmq-" + queue() + "-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    ExecutorService threads = dispatchThreads;
    RMQConnectionFactory connectionFactory =
        settings.connectionFactory(amqp -> amqp.setSharedExecutor(threads));
    connectionFactory.setChannelsQos(1);
    connection = connectionFactory.createConnection();
    connection.setExceptionListener(this);
    declareDeadLetterQueue();
    RMQDestination queue = new RMQDestination(spec.getDestination(), true, false, queueArguments);
    this.queue = queue;
    for (int i = 0; i < sessions; i++) {
      openSession();
    }
    connection.start();
  }

  /** One client-acknowledged session with its consumer, delivering to one bean instance. */
  private void openSession() throws JMSException {
    Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    MessageConsumer consumer = session.createConsumer(queue);
    Delivery delivery = new Delivery(session);
    deliveries.add(delivery);
    consumer.setMessageListener(delivery);
  }

  /**
   * Closes the session of a failed delivery, which returns its unacknowledged message to the broker
   * (counting as a failed delivery), and opens a fresh one in its place. {@code Session.recover()}
   * would be lighter but leaves the client's acknowledgement bookkeeping out of step with the
   * channel, which the broker then closes.
   */
  private void replace(Delivery failed) {
    synchronized (lock) {
      if (stopped || !deliveries.remove(failed)) {
        return;
      }
      failed.close();
      try {
        openSession();
      } catch (JMSException | RuntimeException e) {
        LOG.warning(queue() + ": cannot open a new session (" + reason(e) + "); reconnecting");
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
    connected = false;
    if (connection != null) {
      try {
        connection.close();
      } catch (JMSException | RuntimeException e) {
        LOG.log(Level.FINE, "closing a broken connection failed", e);
      }
      connection = null;
    }
    if (dispatchThreads != null) {
      dispatchThreads.shutdownNow();
      dispatchThreads = null;
    }
    deliveries.forEach(Delivery::release);
    deliveries.clear();
  }

  private String queue() {
    return spec.getDestination();
  }

  private static String reason(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : error.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Hands the messages of one session to one bean instance, one at a time. */
  private final class Delivery implements MessageListener {

    private final Session session;
    private MessageEndpoint endpoint;

    Delivery(Session session) {
      this.session = session;
    }

    @Override
    public void onMessage(Message message) {
      try {
        deliver(message);
        message.acknowledge();
      } catch (Throwable failure) {
        release();
        if (!(spec.isUnprocessable(failure) && deadLetterNow(message, failure))) {
          redeliverLater(message, failure);
        }
      }
    }

    /**
     * Moves a message the bean can never process to the dead-letter queue with the reason (string
     * property {@value #REASON_PROPERTY}), then acknowledges it: it holds no session in back-off.
     * False when there is no dead-letter queue or the move fails; the message is then redelivered
     * as after any failure, so it is never lost.
     */
    private boolean deadLetterNow(Message message, Throwable failure) {
      String deadLetterQueue = spec.getDeadLetterQueue();
      if (deadLetterQueue.isBlank()) {
        return false;
      }
      try {
        MessageProducer producer =
            session.createProducer(
                new RMQDestination(deadLetterQueue, true, false, QueueArguments.of("", 0)));
        try {
          producer.send(copyWithReason(message, reason(failure)));
        } finally {
          producer.close();
        }
        message.acknowledge();
      } catch (JMSException | RuntimeException e) {
        LOG.warning(
            queue()
                + ": cannot move message "
                + messageId(message)
                + " to "
                + deadLetterQueue
                + " ("
                + reason(e)
                + "); it will be delivered again");
        return false;
      }
      deadLettered.incrementAndGet();
      LOG.warning(
          queue()
              + ": message "
              + messageId(message)
              + " can never be processed ("
              + reason(failure)
              + "); moved to "
              + deadLetterQueue
              + " at once");
      return true;
    }

    private Message copyWithReason(Message message, String reason) throws JMSException {
      Message copy;
      if (message instanceof TextMessage text) {
        copy = session.createTextMessage(text.getText());
      } else if (message instanceof BytesMessage bytes) {
        BytesMessage body = session.createBytesMessage();
        byte[] content = new byte[(int) bytes.getBodyLength()];
        bytes.reset();
        bytes.readBytes(content);
        body.writeBytes(content);
        copy = body;
      } else {
        copy = session.createMessage();
      }
      copy.setJMSCorrelationID(message.getJMSCorrelationID());
      copy.setStringProperty(REASON_PROPERTY, reason);
      return copy;
    }

    private void deliver(Message message) throws Exception {
      if (endpoint == null) {
        endpoint = factory.createEndpoint(null);
      }
      endpoint.beforeDelivery(ON_MESSAGE);
      try {
        ((MessageListener) endpoint).onMessage(message);
      } finally {
        endpoint.afterDelivery();
      }
    }

    private void redeliverLater(Message message, Throwable failure) {
      failedDeliveries.incrementAndGet();
      int count = deliveryCount(message);
      long delay = Math.min(MAX_REDELIVERY_DELAY_MS, 100L << Math.min(count, 10));
      LOG.warning(
          queue()
              + ": delivery "
              + count
              + " of message "
              + messageId(message)
              + " failed ("
              + reason(failure)
              + "); the broker will deliver it again in "
              + delay
              + " ms");
      timer.schedule(
          new java.util.TimerTask() {
            @Override
            public void run() {
              replace(Delivery.this);
            }
          },
          delay);
    }

    void close() {
      release();
      try {
        session.close();
      } catch (JMSException | RuntimeException e) {
        LOG.log(Level.FINE, "closing a session failed", e);
      }
    }

    void release() {
      if (endpoint != null) {
        try {
          endpoint.release();
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "releasing a message endpoint failed", e);
        }
        endpoint = null;
      }
    }
  }

  private static int deliveryCount(Message message) {
    try {
      return message.propertyExists("JMSXDeliveryCount")
          ? message.getIntProperty("JMSXDeliveryCount")
          : 1;
    } catch (JMSException e) {
      return 1;
    }
  }

  private static String messageId(Message message) {
    try {
      String correlation = message.getJMSCorrelationID();
      return correlation != null ? correlation : message.getJMSMessageID();
    } catch (JMSException e) {
      return "(unknown)";
    }
  }
}
