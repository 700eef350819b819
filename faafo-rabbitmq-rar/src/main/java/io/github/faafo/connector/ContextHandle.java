package io.github.faafo.connector;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;

/**
 * What a sender holds while it uses a pooled connection: the JMS 2 simplified API over that
 * connection's session, for sending. {@link #close} gives the connection back to the pool. What
 * would outlive the loan or needs a listener of its own (consumers, browsers, temporary
 * destinations, exception listeners, client ids, further contexts) is refused: replies and
 * deliveries come through the adapter's inbound side.
 */
final class ContextHandle implements JMSContext {

  private volatile OutboundConnection connection;

  ContextHandle(OutboundConnection connection) {
    this.connection = connection;
  }

  /** The pool took the connection back: this handle can do nothing more. */
  void invalidate() {
    connection = null;
  }

  /** The server moved this handle to another pooled connection. */
  void moveTo(OutboundConnection other) {
    OutboundConnection old = connection;
    if (old != null && old != other) {
      old.release(this);
    }
    connection = other;
  }

  /** The pooled connection this handle holds; fails once the handle was closed. */
  OutboundConnection connection() {
    OutboundConnection current = connection;
    if (current == null) {
      throw new IllegalStateRuntimeException("this pooled JMSContext is closed");
    }
    return current;
  }

  /** A call of the classic API that may throw {@link JMSException}. */
  @FunctionalInterface
  interface JmsCall<T> {
    T call() throws JMSException;
  }

  /** Runs {@code call}, its {@link JMSException} turned into the simplified API's runtime one. */
  static <T> T unchecked(JmsCall<T> call) {
    try {
      return call.call();
    } catch (JMSException e) {
      throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }
  }

  private Session session() {
    return connection().session();
  }

  private static IllegalStateRuntimeException forSendingOnly(String what) {
    return new IllegalStateRuntimeException(
        what
            + " is not available on a pooled faafo connection, which is for sending; messages"
            + " are received through the resource adapter's message-driven beans");
  }

  @Override
  public void close() {
    OutboundConnection current = connection;
    connection = null;
    if (current != null) {
      current.closed(this);
    }
  }

  @Override
  public JMSProducer createProducer() {
    connection();
    return new PooledProducer(this);
  }

  @Override
  public TextMessage createTextMessage() {
    return unchecked(() -> session().createTextMessage());
  }

  @Override
  public TextMessage createTextMessage(String text) {
    return unchecked(() -> session().createTextMessage(text));
  }

  @Override
  public BytesMessage createBytesMessage() {
    return unchecked(() -> session().createBytesMessage());
  }

  @Override
  public MapMessage createMapMessage() {
    return unchecked(() -> session().createMapMessage());
  }

  @Override
  public Message createMessage() {
    return unchecked(() -> session().createMessage());
  }

  @Override
  public ObjectMessage createObjectMessage() {
    return unchecked(() -> session().createObjectMessage());
  }

  @Override
  public ObjectMessage createObjectMessage(Serializable object) {
    return unchecked(() -> session().createObjectMessage(object));
  }

  @Override
  public StreamMessage createStreamMessage() {
    return unchecked(() -> session().createStreamMessage());
  }

  @Override
  public Queue createQueue(String queueName) {
    return unchecked(() -> session().createQueue(queueName));
  }

  @Override
  public Topic createTopic(String topicName) {
    return unchecked(() -> session().createTopic(topicName));
  }

  @Override
  public String getClientID() {
    return unchecked(() -> connection().clientId());
  }

  @Override
  public ConnectionMetaData getMetaData() {
    return unchecked(() -> connection().metaData());
  }

  @Override
  public boolean getTransacted() {
    return false;
  }

  @Override
  public int getSessionMode() {
    return AUTO_ACKNOWLEDGE;
  }

  @Override
  public boolean getAutoStart() {
    connection();
    return true;
  }

  @Override
  public ExceptionListener getExceptionListener() {
    return null;
  }

  /** Nothing to start: the connection only sends. */
  @Override
  public void start() {
    connection();
  }

  @Override
  public void setAutoStart(boolean autoStart) {
    connection();
  }

  /** Nothing to acknowledge, commit, roll back or recover: nothing is received here. */
  @Override
  public void acknowledge() {
    connection();
  }

  @Override
  public void commit() {
    throw new IllegalStateRuntimeException("a pooled faafo JMSContext is not transacted");
  }

  @Override
  public void rollback() {
    throw new IllegalStateRuntimeException("a pooled faafo JMSContext is not transacted");
  }

  @Override
  public void recover() {
    connection();
  }

  @Override
  public void stop() {
    throw forSendingOnly("stop()");
  }

  @Override
  public void setClientID(String clientID) {
    throw forSendingOnly("setClientID()");
  }

  @Override
  public void setExceptionListener(ExceptionListener listener) {
    throw forSendingOnly("setExceptionListener()");
  }

  @Override
  public JMSContext createContext(int sessionMode) {
    throw forSendingOnly("createContext()");
  }

  @Override
  public JMSConsumer createConsumer(Destination destination) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public JMSConsumer createConsumer(Destination destination, String selector) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public JMSConsumer createConsumer(Destination destination, String selector, boolean noLocal) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public JMSConsumer createDurableConsumer(Topic topic, String name) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public JMSConsumer createDurableConsumer(
      Topic topic, String name, String selector, boolean noLocal) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String selector) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public JMSConsumer createSharedConsumer(
      Topic topic, String sharedSubscriptionName, String selector) {
    throw forSendingOnly("a consumer");
  }

  @Override
  public QueueBrowser createBrowser(Queue queue) {
    throw forSendingOnly("a browser");
  }

  @Override
  public QueueBrowser createBrowser(Queue queue, String selector) {
    throw forSendingOnly("a browser");
  }

  @Override
  public TemporaryQueue createTemporaryQueue() {
    throw forSendingOnly("a temporary queue");
  }

  @Override
  public TemporaryTopic createTemporaryTopic() {
    throw forSendingOnly("a temporary topic");
  }

  @Override
  public void unsubscribe(String name) {
    throw forSendingOnly("unsubscribe()");
  }
}
