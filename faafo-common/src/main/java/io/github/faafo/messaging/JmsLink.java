package io.github.faafo.messaging;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One long-lived connection to the broker with a small pool of sending sessions, reopened on the
 * next use after the broker went away: the producer's requestor's, whose temporary reply queue and
 * listener live on it (other senders borrow the adapter's pooled connections, {@link
 * PooledSender}). JMS sessions are single-threaded, so each send borrows one; opening a connection
 * per message would cost a TCP and AMQP handshake every time. The connection factory is looked up
 * by its JNDI name at each connect, so a link made before server-config created the factory works
 * as soon as it exists.
 */
public class JmsLink implements AutoCloseable {

  /** Set-up that must happen on every new connection, such as a reply consumer. */
  @FunctionalInterface
  public interface ConnectionSetup {
    void prepare(Connection connection) throws JMSException;
  }

  private static final Logger LOG = Logger.getLogger(JmsLink.class.getName());

  private final String name;
  private final String factoryName;
  private final int poolSize;
  private final ConnectionSetup setup;
  private final Object lock = new Object();

  private Connection connection;
  private BlockingQueue<Sender> idle;
  private long generation;
  private long openedNanos;
  private boolean closed;
  private volatile Runnable whenLost = () -> {};

  public JmsLink(String name, String factoryName, int poolSize, ConnectionSetup setup) {
    this.name = name;
    this.factoryName = factoryName;
    this.poolSize = poolSize;
    this.setup = setup;
  }

  /** A session with an anonymous producer, tagged with the connection it belongs to. */
  private record Sender(Session session, MessageProducer producer, long generation) {}

  /** Sends a text message; {@code replyTo} may be {@code null}. */
  public void send(Destination to, String correlationId, Destination replyTo, String text)
      throws JMSException {
    Sender sender = borrow();
    try {
      TextMessage message = sender.session().createTextMessage(text);
      message.setJMSCorrelationID(correlationId);
      if (replyTo != null) {
        message.setJMSReplyTo(replyTo);
      }
      sender.producer().send(to, message);
      giveBack(sender);
    } catch (JMSException | RuntimeException e) {
      broken(sender.generation(), e);
      throw e;
    }
  }

  /**
   * Opens the connection now if it is not open, so that its set-up runs; an open one is reused, and
   * no sending session is taken, so this never waits for a busy sender.
   */
  public void open() throws JMSException {
    synchronized (lock) {
      if (closed) {
        throw new JMSException(name + ": link is closed");
      }
      if (connection == null) {
        connect();
      }
    }
  }

  /**
   * Runs {@code action} each time the connection is found broken (on the thread that found it: the
   * client's, or a sender's), after it was dropped; not when the link is closed.
   */
  public void whenLost(Runnable action) {
    whenLost = action;
  }

  /**
   * Drops the open connection as broken if it was opened before {@code nanos} ({@link
   * System#nanoTime}), for a user that found it no longer delivers what it sent from then on; the
   * next send (or whoever {@link #whenLost} wakes) opens a new one.
   */
  public void resetIfOpenedBefore(long nanos, String reason) {
    long current;
    synchronized (lock) {
      if (connection == null || openedNanos - nanos > 0) {
        return;
      }
      current = generation;
    }
    broken(current, new JMSException(reason));
  }

  /** True while a connection is open. */
  public boolean isOpen() {
    synchronized (lock) {
      return connection != null;
    }
  }

  private Sender borrow() throws JMSException {
    BlockingQueue<Sender> pool;
    long current;
    synchronized (lock) {
      if (closed) {
        throw new JMSException(name + ": link is closed");
      }
      if (connection == null) {
        connect();
      }
      pool = idle;
      current = generation;
    }
    try {
      Sender sender = pool.poll(30, TimeUnit.SECONDS);
      if (sender == null) {
        throw new JMSException(name + ": no sending session free within 30 s");
      }
      if (sender.generation() != current) {
        return borrow();
      }
      return sender;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JMSException(name + ": interrupted while waiting for a session");
    }
  }

  private void giveBack(Sender sender) {
    synchronized (lock) {
      if (sender.generation() == generation && idle != null) {
        idle.offer(sender);
      }
    }
  }

  private void connect() throws JMSException {
    Connection fresh =
        ServerResources.lookup(factoryName, ConnectionFactory.class).createConnection();
    try {
      long next = generation + 1;
      BlockingQueue<Sender> pool = new ArrayBlockingQueue<>(poolSize);
      for (int i = 0; i < poolSize; i++) {
        Session session = fresh.createSession(false, Session.AUTO_ACKNOWLEDGE);
        pool.add(new Sender(session, session.createProducer(null), next));
      }
      fresh.setExceptionListener(e -> broken(next, e));
      setup.prepare(fresh);
      fresh.start();
      connection = fresh;
      idle = pool;
      generation = next;
      openedNanos = System.nanoTime();
      LOG.info(() -> name + ": connected to the broker");
    } catch (JMSException | RuntimeException e) {
      closeQuietly(fresh);
      throw e;
    }
  }

  /** Drops the connection of {@code brokenGeneration}; the next send opens a new one. */
  private void broken(long brokenGeneration, Exception cause) {
    Connection old;
    synchronized (lock) {
      if (brokenGeneration != generation || connection == null) {
        return;
      }
      old = connection;
      connection = null;
      idle = null;
      generation++;
    }
    LOG.warning(name + ": connection to the broker lost (" + cause.getMessage() + ")");
    closeQuietly(old);
    whenLost.run();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (JMSException | RuntimeException e) {
      LOG.fine(() -> "closing a broken connection failed: " + e);
    }
  }

  @Override
  public void close() {
    Connection old;
    synchronized (lock) {
      closed = true;
      old = connection;
      connection = null;
      idle = null;
      generation++;
    }
    if (old != null) {
      closeQuietly(old);
    }
  }
}
