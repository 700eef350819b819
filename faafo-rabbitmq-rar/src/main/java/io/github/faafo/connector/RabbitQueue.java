package io.github.faafo.connector;

import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Queue;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.util.Map;
import javax.naming.NamingException;
import javax.naming.Reference;

/**
 * A durable queue as an administered object, so that a sender declares it exactly as the
 * message-driven beans that consume it do (quorum type, dead-letter queue, delivery limit).
 */
public class RabbitQueue extends RMQDestination
    implements Queue, ResourceAdapterAssociation, Referenceable {

  private static final long serialVersionUID = 1L;

  private String name;

  private String deadLetterQueue = "";

  private transient RabbitResourceAdapter resourceAdapter;

  /** The server's JNDI reference to this object, where the server sets one (WildFly). */
  private Reference reference;

  public RabbitQueue() {
    setQueue(true);
    setAmqp(false);
    setAmqpExchangeName(QueueArguments.JMS_QUEUE_EXCHANGE);
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
    setDestinationName(name);
    setAmqpQueueName(name);
    setAmqpRoutingKey(name);
  }

  public String getDeadLetterQueue() {
    return deadLetterQueue;
  }

  public void setDeadLetterQueue(String deadLetterQueue) {
    this.deadLetterQueue = deadLetterQueue == null ? "" : deadLetterQueue;
  }

  @Override
  public Map<String, Object> getQueueDeclareArguments() {
    int limit =
        resourceAdapter == null
            ? RabbitResourceAdapter.DEFAULT_DELIVERY_LIMIT
            : resourceAdapter.getDeliveryLimit();
    return QueueArguments.of(deadLetterQueue, limit);
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
  public Reference getReference() throws NamingException {
    return reference != null ? reference : super.getReference();
  }

  @Override
  public boolean equals(Object other) {
    return super.equals(other);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
