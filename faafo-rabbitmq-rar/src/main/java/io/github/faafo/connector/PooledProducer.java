package io.github.faafo.connector;

import static io.github.faafo.connector.ContextHandle.unchecked;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.ObjectMessage;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@link JMSProducer} of a pooled {@link ContextHandle}: keeps the headers, properties and
 * delivery options a sender sets, and sends through its pooled connection's one producer, so a
 * failed send reaches the pool. Asynchronous sends are refused, as Jakarta Messaging requires in
 * the container.
 */
final class PooledProducer implements JMSProducer {

  /** The producer-wide options of one send. */
  record Options(
      int deliveryMode,
      int priority,
      long timeToLive,
      long deliveryDelay,
      boolean disableMessageId,
      boolean disableMessageTimestamp) {}

  private final ContextHandle handle;
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private int deliveryMode = DeliveryMode.PERSISTENT;
  private int priority = Message.DEFAULT_PRIORITY;
  private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
  private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
  private boolean disableMessageId;
  private boolean disableMessageTimestamp;
  private String correlationId;
  private byte[] correlationIdBytes;
  private String type;
  private Destination replyTo;

  PooledProducer(ContextHandle handle) {
    this.handle = handle;
  }

  @Override
  public JMSProducer send(Destination destination, Message message) {
    if (message == null) {
      throw new MessageFormatRuntimeException("no message to send");
    }
    unchecked(
        () -> {
          for (Map.Entry<String, Object> property : properties.entrySet()) {
            message.setObjectProperty(property.getKey(), property.getValue());
          }
          if (correlationIdBytes != null) {
            message.setJMSCorrelationIDAsBytes(correlationIdBytes);
          } else if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
          }
          if (type != null) {
            message.setJMSType(type);
          }
          if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
          }
          if (message.getJMSReplyTo() instanceof ReplyQueue reply) {
            // the temporary queue that serves it now travels, not the administered object
            message.setJMSReplyTo(reply.current());
          }
          return message;
        });
    handle
        .connection()
        .send(
            destination,
            message,
            new Options(
                deliveryMode,
                priority,
                timeToLive,
                deliveryDelay,
                disableMessageId,
                disableMessageTimestamp));
    return this;
  }

  @Override
  public JMSProducer send(Destination destination, String body) {
    return send(destination, handle.createTextMessage(body));
  }

  @Override
  public JMSProducer send(Destination destination, Map<String, Object> body) {
    MapMessage message = handle.createMapMessage();
    if (body != null) {
      unchecked(
          () -> {
            for (Map.Entry<String, Object> entry : body.entrySet()) {
              message.setObject(entry.getKey(), entry.getValue());
            }
            return message;
          });
    }
    return send(destination, message);
  }

  @Override
  public JMSProducer send(Destination destination, byte[] body) {
    BytesMessage message = handle.createBytesMessage();
    if (body != null) {
      unchecked(
          () -> {
            message.writeBytes(body);
            return message;
          });
    }
    return send(destination, message);
  }

  @Override
  public JMSProducer send(Destination destination, Serializable body) {
    ObjectMessage message = handle.createObjectMessage(body);
    return send(destination, message);
  }

  @Override
  public JMSProducer setDisableMessageID(boolean value) {
    disableMessageId = value;
    return this;
  }

  @Override
  public boolean getDisableMessageID() {
    return disableMessageId;
  }

  @Override
  public JMSProducer setDisableMessageTimestamp(boolean value) {
    disableMessageTimestamp = value;
    return this;
  }

  @Override
  public boolean getDisableMessageTimestamp() {
    return disableMessageTimestamp;
  }

  @Override
  public JMSProducer setDeliveryMode(int deliveryMode) {
    if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
      throw new JMSRuntimeException("no such delivery mode: " + deliveryMode);
    }
    this.deliveryMode = deliveryMode;
    return this;
  }

  @Override
  public int getDeliveryMode() {
    return deliveryMode;
  }

  @Override
  public JMSProducer setPriority(int priority) {
    if (priority < 0 || priority > 9) {
      throw new JMSRuntimeException("a priority is 0 to 9, not " + priority);
    }
    this.priority = priority;
    return this;
  }

  @Override
  public int getPriority() {
    return priority;
  }

  @Override
  public JMSProducer setTimeToLive(long timeToLive) {
    this.timeToLive = timeToLive;
    return this;
  }

  @Override
  public long getTimeToLive() {
    return timeToLive;
  }

  @Override
  public JMSProducer setDeliveryDelay(long deliveryDelay) {
    this.deliveryDelay = deliveryDelay;
    return this;
  }

  @Override
  public long getDeliveryDelay() {
    return deliveryDelay;
  }

  /** Jakarta Messaging forbids a completion listener in the container: sends are synchronous. */
  @Override
  public JMSProducer setAsync(CompletionListener completionListener) {
    if (completionListener != null) {
      throw new JMSRuntimeException(
          "asynchronous sends are not available on a pooled faafo connection");
    }
    return this;
  }

  @Override
  public CompletionListener getAsync() {
    return null;
  }

  @Override
  public JMSProducer setProperty(String name, boolean value) {
    return setProperty(name, (Object) value);
  }

  @Override
  public JMSProducer setProperty(String name, byte value) {
    return setProperty(name, (Object) value);
  }

  @Override
  public JMSProducer setProperty(String name, short value) {
    return setProperty(name, (Object) value);
  }

  @Override
  public JMSProducer setProperty(String name, int value) {
    return setProperty(name, (Object) value);
  }

  @Override
  public JMSProducer setProperty(String name, long value) {
    return setProperty(name, (Object) value);
  }

  @Override
  public JMSProducer setProperty(String name, float value) {
    return setProperty(name, (Object) value);
  }

  @Override
  public JMSProducer setProperty(String name, double value) {
    return setProperty(name, (Object) value);
  }

  @Override
  public JMSProducer setProperty(String name, String value) {
    return setProperty(name, (Object) value);
  }

  @Override
  public JMSProducer setProperty(String name, Object value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a message property needs a name");
    }
    if (value != null
        && !(value instanceof Boolean || value instanceof Number || value instanceof String)) {
      throw new MessageFormatRuntimeException(
          "a message property holds a boolean, a number or a string, not " + value.getClass());
    }
    properties.put(name, value);
    return this;
  }

  @Override
  public JMSProducer clearProperties() {
    properties.clear();
    return this;
  }

  @Override
  public boolean propertyExists(String name) {
    return properties.containsKey(name);
  }

  /**
   * The typed getters convert as a message's do (a string "7" reads as the int 7, and so on), so
   * they read the value back from a message that holds it.
   */
  private Message holding(String name) {
    Message probe = handle.createMessage();
    Object value = properties.get(name);
    if (value != null) {
      unchecked(
          () -> {
            probe.setObjectProperty(name, value);
            return probe;
          });
    }
    return probe;
  }

  @Override
  public boolean getBooleanProperty(String name) {
    return unchecked(() -> holding(name).getBooleanProperty(name));
  }

  @Override
  public byte getByteProperty(String name) {
    return unchecked(() -> holding(name).getByteProperty(name));
  }

  @Override
  public short getShortProperty(String name) {
    return unchecked(() -> holding(name).getShortProperty(name));
  }

  @Override
  public int getIntProperty(String name) {
    return unchecked(() -> holding(name).getIntProperty(name));
  }

  @Override
  public long getLongProperty(String name) {
    return unchecked(() -> holding(name).getLongProperty(name));
  }

  @Override
  public float getFloatProperty(String name) {
    return unchecked(() -> holding(name).getFloatProperty(name));
  }

  @Override
  public double getDoubleProperty(String name) {
    return unchecked(() -> holding(name).getDoubleProperty(name));
  }

  @Override
  public String getStringProperty(String name) {
    return unchecked(() -> holding(name).getStringProperty(name));
  }

  @Override
  public Object getObjectProperty(String name) {
    return properties.get(name);
  }

  @Override
  public Set<String> getPropertyNames() {
    return Collections.unmodifiableSet(properties.keySet());
  }

  @Override
  public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationId) {
    this.correlationIdBytes = correlationId == null ? null : correlationId.clone();
    this.correlationId = null;
    return this;
  }

  @Override
  public byte[] getJMSCorrelationIDAsBytes() {
    return correlationIdBytes == null ? null : correlationIdBytes.clone();
  }

  @Override
  public JMSProducer setJMSCorrelationID(String correlationId) {
    this.correlationId = correlationId;
    this.correlationIdBytes = null;
    return this;
  }

  @Override
  public String getJMSCorrelationID() {
    return correlationId;
  }

  @Override
  public JMSProducer setJMSType(String type) {
    this.type = type;
    return this;
  }

  @Override
  public String getJMSType() {
    return type;
  }

  @Override
  public JMSProducer setJMSReplyTo(Destination replyTo) {
    this.replyTo = replyTo;
    return this;
  }

  @Override
  public Destination getJMSReplyTo() {
    return replyTo;
  }
}
