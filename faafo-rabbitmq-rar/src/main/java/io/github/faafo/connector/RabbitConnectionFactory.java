package io.github.faafo.connector;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.Serializable;
import javax.naming.Reference;

/**
 * The RabbitMQ JMS client's connection factory as an administered object, configured from the
 * resource adapter's broker settings, so applications never hold broker credentials themselves. Its
 * connections are plain client connections: the caller owns them, may set message listeners and
 * temporary queues on them, and must close them.
 */
public class RabbitConnectionFactory
    implements ConnectionFactory, ResourceAdapterAssociation, Referenceable, Serializable {

  private static final long serialVersionUID = 1L;

  private transient RabbitResourceAdapter resourceAdapter;

  /** The server's JNDI reference to this object, where the server sets one (WildFly). */
  private Reference reference;

  private ConnectionFactory delegate() throws JMSException {
    if (resourceAdapter == null) {
      throw new JMSException("the faafo RabbitMQ connection factory is not bound to its adapter");
    }
    return resourceAdapter.settings().connectionFactory();
  }

  @Override
  public Connection createConnection() throws JMSException {
    return delegate().createConnection();
  }

  @Override
  public Connection createConnection(String userName, String password) throws JMSException {
    return delegate().createConnection(userName, password);
  }

  @Override
  public JMSContext createContext() {
    try {
      return delegate().createContext();
    } catch (JMSException e) {
      throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }
  }

  @Override
  public JMSContext createContext(String userName, String password) {
    try {
      return delegate().createContext(userName, password);
    } catch (JMSException e) {
      throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }
  }

  @Override
  public JMSContext createContext(String userName, String password, int sessionMode) {
    try {
      return delegate().createContext(userName, password, sessionMode);
    } catch (JMSException e) {
      throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }
  }

  @Override
  public JMSContext createContext(int sessionMode) {
    try {
      return delegate().createContext(sessionMode);
    } catch (JMSException e) {
      throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return resourceAdapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
    this.resourceAdapter = (RabbitResourceAdapter) adapter;
  }

  /**
   * Connectors 2.1 (13.4.2.3) wants an administered object that is associated with its adapter to
   * be {@link Referenceable}; WildFly's validator refuses the adapter otherwise.
   */
  @Override
  public void setReference(Reference reference) {
    this.reference = reference;
  }

  @Override
  public Reference getReference() {
    return reference;
  }
}
