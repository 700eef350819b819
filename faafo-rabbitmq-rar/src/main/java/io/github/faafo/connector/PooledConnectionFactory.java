package io.github.faafo.connector;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import java.io.Serializable;
import javax.naming.Reference;

/**
 * The connector resource senders look up: each {@link #createContext()} borrows a connection from
 * the server's pool as a {@link JMSContext}, and closing that context gives it back. Only the
 * simplified API is offered (one non-transacted session a connection); the classic {@code
 * createConnection} would let a caller open sessions that outlive its loan.
 */
public class PooledConnectionFactory implements ConnectionFactory, Referenceable, Serializable {

  private static final long serialVersionUID = 1L;

  private final OutboundConnectionFactory connections;

  private final transient ConnectionManager manager;

  private Reference reference;

  PooledConnectionFactory(OutboundConnectionFactory connections, ConnectionManager manager) {
    this.connections = connections;
    this.manager = manager;
  }

  @Override
  public JMSContext createContext() {
    try {
      return (JMSContext) manager.allocateConnection(connections, null);
    } catch (ResourceException e) {
      throw new JMSRuntimeException(
          "no pooled connection to the broker: " + Failures.reason(e), null, e);
    }
  }

  /** The pool's connections all belong to the adapter's user; no other is taken. */
  @Override
  public JMSContext createContext(String userName, String password) {
    throw new JMSRuntimeException(
        "the faafo pooled connections use the resource adapter's user; call createContext()");
  }

  @Override
  public JMSContext createContext(String userName, String password, int sessionMode) {
    return createContext(userName, password);
  }

  @Override
  public JMSContext createContext(int sessionMode) {
    if (sessionMode != JMSContext.AUTO_ACKNOWLEDGE) {
      throw new JMSRuntimeException(
          "the faafo pooled connections are not transacted and only send: AUTO_ACKNOWLEDGE only");
    }
    return createContext();
  }

  @Override
  public Connection createConnection() throws JMSException {
    throw new JMSException(
        "the faafo pooled connection factory lends JMSContexts; call createContext()");
  }

  @Override
  public Connection createConnection(String userName, String password) throws JMSException {
    return createConnection();
  }

  @Override
  public void setReference(Reference reference) {
    this.reference = reference;
  }

  @Override
  public Reference getReference() {
    return reference;
  }
}
