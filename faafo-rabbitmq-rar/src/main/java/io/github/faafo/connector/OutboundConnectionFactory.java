package io.github.faafo.connector;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * The adapter's outbound side: makes the broker connections that the server pools (a connector
 * connection pool an administrator sizes, validates and flushes) and the {@link
 * PooledConnectionFactory} that senders look up. Each pooled connection is one AMQP connection with
 * one session, named {@value #CONNECTION_NAME} on the broker.
 */
public class OutboundConnectionFactory
    implements ManagedConnectionFactory,
        ValidatingManagedConnectionFactory,
        ResourceAdapterAssociation {

  private static final long serialVersionUID = 1L;

  /**
   * How the broker lists these connections ({@code rabbitmqctl list_connections
   * user_provided_name}).
   */
  static final String CONNECTION_NAME = "faafo outbound";

  private transient RabbitResourceAdapter resourceAdapter;

  private transient PrintWriter logWriter;

  @Override
  public Object createConnectionFactory(ConnectionManager manager) {
    return new PooledConnectionFactory(this, manager);
  }

  /** Outside a server there is no pool to take connections from. */
  @Override
  public Object createConnectionFactory() throws ResourceException {
    throw new NotSupportedException(
        "the faafo outbound connections are pooled by the application server only");
  }

  @Override
  public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
      throws ResourceException {
    if (resourceAdapter == null) {
      throw new ResourceAllocationException("not associated with the faafo resource adapter");
    }
    BrokerSettings settings = resourceAdapter.settings();
    try {
      Connection physical =
          settings
              .connectionFactory(
                  amqp -> amqp.getClientProperties().put("connection_name", CONNECTION_NAME))
              .createConnection();
      return new OutboundConnection(
          physical, settings.describe(), resourceAdapter.outboundConnections());
    } catch (JMSException | RuntimeException e) {
      ResourceAllocationException failed =
          new ResourceAllocationException(
              "cannot connect to the broker at " + settings.describe() + ": " + Failures.reason(e));
      failed.initCause(e);
      throw failed;
    }
  }

  /** Any connection of ours serves any request: there is one user, the adapter's. */
  @Override
  public ManagedConnection matchManagedConnections(
      Set connections, Subject subject, ConnectionRequestInfo info) {
    for (Object candidate : connections) {
      if (candidate instanceof OutboundConnection connection && connection.isUsable()) {
        return connection;
      }
    }
    return null;
  }

  /** The connections the broker closed, or whose session failed: the pool replaces them. */
  @Override
  public Set<ManagedConnection> getInvalidConnections(Set connections) {
    Set<ManagedConnection> invalid = new HashSet<>();
    for (Object candidate : connections) {
      if (candidate instanceof OutboundConnection connection && !connection.isUsable()) {
        invalid.add(connection);
      }
    }
    return invalid;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return resourceAdapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter adapter) {
    this.resourceAdapter = (RabbitResourceAdapter) adapter;
  }

  /** Connectors 2.1 (6.5.3.1): equal when they make equal connections, here: the same adapter. */
  @Override
  public boolean equals(Object other) {
    return other instanceof OutboundConnectionFactory that
        && Objects.equals(resourceAdapter, that.resourceAdapter);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(resourceAdapter);
  }
}
