package io.github.faafo.connector;

import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands the messages of one client-acknowledged session to one bean instance, one at a time. A
 * message is acknowledged only after the bean returned normally; one the bean says can never be
 * processed goes to the dead-letter queue at once; after any other failure the session is given
 * back to its consumer to be replaced after a short, growing pause, which returns the message to
 * the broker (it delivers it again, and dead-letters it after the queue's delivery limit).
 */
final class SessionDelivery implements MessageListener {

  private static final Logger LOG = Logger.getLogger(SessionDelivery.class.getName());
  private static final Method ON_MESSAGE = onMessageMethod();
  private static final long MAX_REDELIVERY_DELAY_MS = 5_000;

  /**
   * The string property that carries why a message was dead-lettered at once; the applications read
   * it under the same name (MalformedMessageException.REASON_PROPERTY in faafo-common).
   */
  static final String REASON_PROPERTY = "FaafoDeadLetterReason";

  private final Session session;
  private final MessageEndpointFactory factory;
  private final RabbitActivationSpec spec;
  private final InboundStatus status;
  private final AdapterThreads threads;
  private final Consumer<SessionDelivery> replace;
  private MessageEndpoint endpoint;

  SessionDelivery(
      Session session,
      MessageEndpointFactory factory,
      RabbitActivationSpec spec,
      InboundStatus status,
      AdapterThreads threads,
      Consumer<SessionDelivery> replace) {
    this.session = session;
    this.factory = factory;
    this.spec = spec;
    this.status = status;
    this.threads = threads;
    this.replace = replace;
  }

  private static Method onMessageMethod() {
    try {
      return MessageListener.class.getMethod("onMessage", Message.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
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

  /**
   * Moves a message the bean can never process to the dead-letter queue with the reason (string
   * property {@value #REASON_PROPERTY}), then acknowledges it: it holds no session in back-off.
   * False when there is no dead-letter queue or the move fails; the message is then redelivered as
   * after any failure, so it is never lost.
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
        producer.send(copyWithReason(message, Failures.reason(failure)));
      } finally {
        producer.close();
      }
      message.acknowledge();
    } catch (JMSException | RuntimeException e) {
      LOG.warning(
          queue()
              + ": cannot move message "
              + Failures.messageId(message)
              + " to "
              + deadLetterQueue
              + " ("
              + Failures.reason(e)
              + "); it will be delivered again");
      return false;
    }
    status.deadLettered();
    LOG.warning(
        queue()
            + ": message "
            + Failures.messageId(message)
            + " can never be processed ("
            + Failures.reason(failure)
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

  private void redeliverLater(Message message, Throwable failure) {
    status.deliveryFailed();
    int count = deliveryCount(message);
    long delay = Math.min(MAX_REDELIVERY_DELAY_MS, 100L << Math.min(count, 10));
    LOG.warning(
        queue()
            + ": delivery "
            + count
            + " of message "
            + Failures.messageId(message)
            + " failed ("
            + Failures.reason(failure)
            + "); the broker will deliver it again in "
            + delay
            + " ms");
    threads.later(() -> replace.accept(this), delay);
  }

  /** Releases the bean instance and closes the session, returning an unacknowledged message. */
  void close() {
    release();
    try {
      session.close();
    } catch (JMSException | RuntimeException e) {
      LOG.log(Level.FINE, "closing a session failed", e);
    }
  }

  /** Gives the bean instance back to the container. */
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

  private String queue() {
    return spec.getDestination();
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
}
