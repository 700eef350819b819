package io.github.faafo.messaging;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import java.util.logging.Logger;

/**
 * Sends text messages through the resource adapter's pooled connections ({@link
 * ResourceNames#SENDER_FACTORY}): each send borrows a connection from the server's connector pool
 * and gives it back, so the server sizes, validates and replaces them. A send that fails is tried
 * once more at once, on another connection: the broker closes a channel for an earlier sender's
 * error (a reply to a temporary queue whose exchange a broker restart took away) and the client
 * tells only the next sender, whose message never left; the failed connection is retired. A message
 * may thus arrive twice, which every receiver of faafo takes in its stride (a task renders again, a
 * second reply or dispatch request changes nothing). The factory is looked up on first use, and
 * again after a failure, so a sender made before server-config created the pool works as soon as it
 * exists.
 */
public final class PooledSender {

  private static final Logger LOG = Logger.getLogger(PooledSender.class.getName());

  private volatile ConnectionFactory factory;

  /** Sends {@code text} to {@code to}; {@code correlationId} and {@code replyTo} may be null. */
  public void send(Destination to, String correlationId, Destination replyTo, String text)
      throws JMSException {
    try {
      sendOnce(to, correlationId, replyTo, text);
    } catch (JMSException first) {
      LOG.fine(() -> "a send failed (" + first.getMessage() + "); trying once more");
      sendOnce(to, correlationId, replyTo, text);
    }
  }

  private void sendOnce(Destination to, String correlationId, Destination replyTo, String text)
      throws JMSException {
    try (JMSContext context = factory().createContext()) {
      JMSProducer producer = context.createProducer();
      if (correlationId != null) {
        producer.setJMSCorrelationID(correlationId);
      }
      if (replyTo != null) {
        producer.setJMSReplyTo(replyTo);
      }
      producer.send(to, text);
    } catch (JMSRuntimeException e) {
      throw failed(e);
    }
  }

  /** Borrows a connection and gives it back: fails when the pool cannot reach the broker. */
  public void check() throws JMSException {
    try (JMSContext context = factory().createContext()) {
      context.getMetaData();
    } catch (JMSRuntimeException e) {
      throw failed(e);
    }
  }

  private ConnectionFactory factory() throws JMSException {
    ConnectionFactory current = factory;
    if (current == null) {
      current = ServerResources.lookup(ResourceNames.SENDER_FACTORY, ConnectionFactory.class);
      factory = current;
    }
    return current;
  }

  private JMSException failed(JMSRuntimeException cause) {
    factory = null;
    JMSException failure = new JMSException(cause.getMessage(), cause.getErrorCode());
    failure.initCause(cause);
    return failure;
  }
}
