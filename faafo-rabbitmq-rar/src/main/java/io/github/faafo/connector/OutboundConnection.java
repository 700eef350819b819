package io.github.faafo.connector;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * One pooled broker connection with its one session and anonymous producer, lent to a sender
 * through a {@link ContextHandle}. When the broker closes it, or a send on it fails, the server's
 * pool is told ({@code CONNECTION_ERROR_OCCURRED}) and drops it; validation refuses it too. It
 * takes part in no transaction: the client has no XA, so a send is done when it returns. (The
 * client's own {@code JMSContext} cannot serve here: it keeps its session locked to the first
 * thread that used it, and a pooled connection serves many.)
 */
class OutboundConnection implements ManagedConnection {

  private static final Logger LOG = Logger.getLogger(OutboundConnection.class.getName());

  private final Connection physical;
  private final Session session;
  private final MessageProducer producer;
  private final String broker;
  private final OutboundConnections open;
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
  private final Set<ContextHandle> handles = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean broken = new AtomicBoolean();
  private PrintWriter logWriter;

  /**
   * Opens the connection's session and producer, and counts it among the {@code open}; closes the
   * connection if they fail.
   */
  OutboundConnection(Connection physical, String broker, OutboundConnections open)
      throws JMSException {
    this.physical = physical;
    this.broker = broker;
    this.open = open;
    try {
      session = physical.createSession(false, Session.AUTO_ACKNOWLEDGE);
      producer = session.createProducer(null);
      physical.setExceptionListener(this::lost);
    } catch (JMSException | RuntimeException e) {
      closeQuietly();
      throw e;
    }
    open.opened(this);
  }

  String clientId() throws JMSException {
    return physical.getClientID();
  }

  ConnectionMetaData metaData() throws JMSException {
    return physical.getMetaData();
  }

  /** The session, to make messages with. */
  Session session() {
    return session;
  }

  /**
   * Sends {@code message} as the handle's producer set it up; a failure marks this connection
   * broken, so the pool replaces it, and is thrown.
   */
  void send(Destination to, Message message, PooledProducer.Options options) {
    try {
      producer.setDisableMessageID(options.disableMessageId());
      producer.setDisableMessageTimestamp(options.disableMessageTimestamp());
      producer.setDeliveryDelay(options.deliveryDelay());
      producer.send(to, message, options.deliveryMode(), options.priority(), options.timeToLive());
    } catch (JMSException | RuntimeException e) {
      lost(e);
      throw e instanceof JMSRuntimeException runtime
          ? runtime
          : new JMSRuntimeException(
              "cannot send to " + to + ": " + Failures.reason(e),
              e instanceof JMSException jms ? jms.getErrorCode() : null,
              e);
    }
  }

  /** False once the broker closed the connection or a send on it failed. */
  boolean isUsable() {
    return !broken.get();
  }

  private void lost(Exception cause) {
    if (retire(cause)) {
      LOG.warning(
          () ->
              "a pooled connection to the broker at "
                  + broker
                  + " was lost ("
                  + Failures.reason(cause)
                  + "); the server's pool replaces it");
    }
  }

  /**
   * Marks this connection broken for {@code cause} and tells the pool, which drops it; false when
   * it was broken already.
   */
  boolean retire(Exception cause) {
    if (!broken.compareAndSet(false, true)) {
      return false;
    }
    ConnectionEvent event =
        new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, cause);
    listeners.forEach(listener -> listener.connectionErrorOccurred(event));
    return true;
  }

  /** A handle was closed by its user: the connection goes back to the pool. */
  void closed(ContextHandle handle) {
    if (!handles.remove(handle)) {
      return;
    }
    ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
    event.setConnectionHandle(handle);
    listeners.forEach(listener -> listener.connectionClosed(event));
  }

  @Override
  public Object getConnection(Subject subject, ConnectionRequestInfo info) {
    ContextHandle handle = new ContextHandle(this);
    handles.add(handle);
    return handle;
  }

  /** Back in the pool: handles still open are invalidated, the connection stays open. */
  @Override
  public void cleanup() {
    handles.forEach(ContextHandle::invalidate);
    handles.clear();
  }

  @Override
  public void destroy() {
    open.closed(this);
    cleanup();
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      physical.close();
    } catch (JMSException | RuntimeException e) {
      LOG.fine(() -> "closing a pooled connection failed: " + Failures.reason(e));
    }
  }

  @Override
  public void associateConnection(Object connection) throws ResourceException {
    if (!(connection instanceof ContextHandle handle)) {
      throw new ResourceException("not a handle of the faafo outbound connections: " + connection);
    }
    handle.moveTo(this);
    handles.add(handle);
  }

  /** Forgets a handle that moved to another connection. */
  void release(ContextHandle handle) {
    handles.remove(handle);
  }

  @Override
  public void addConnectionEventListener(ConnectionEventListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeConnectionEventListener(ConnectionEventListener listener) {
    listeners.remove(listener);
  }

  @Override
  public XAResource getXAResource() throws ResourceException {
    throw new NotSupportedException("the RabbitMQ JMS client has no XA; sends are not transacted");
  }

  @Override
  public LocalTransaction getLocalTransaction() throws ResourceException {
    throw new NotSupportedException("the faafo outbound connections take part in no transaction");
  }

  @Override
  public ManagedConnectionMetaData getMetaData() {
    return new ManagedConnectionMetaData() {
      @Override
      public String getEISProductName() {
        return "RabbitMQ";
      }

      @Override
      public String getEISProductVersion() {
        try {
          return metaData().getProviderVersion();
        } catch (JMSException | RuntimeException e) {
          return "";
        }
      }

      @Override
      public int getMaxConnections() {
        return 0;
      }

      @Override
      public String getUserName() {
        return "";
      }
    };
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }
}
