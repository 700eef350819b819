package io.github.faafo.connector;

import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.Serializable;
import java.util.Objects;
import javax.naming.Reference;

/**
 * A node's reply queue as an administered object: senders set it as {@code JMSReplyTo}, and each
 * send through the adapter's pooled connections puts the temporary queue that the consumer of the
 * same {@code name} holds at that moment in its place (the consumer's bean declares itself with
 * {@code temporary=true}). {@link #getQueueName()} tells a sender which queue that is now, so it
 * can see that a reconnect replaced the queue and send again what waited for a reply on the old
 * one.
 */
public class ReplyQueue implements Queue, ResourceAdapterAssociation, Referenceable, Serializable {

  private static final long serialVersionUID = 1L;

  private String name;

  private transient RabbitResourceAdapter resourceAdapter;

  /** The server's JNDI reference to this object, where the server sets one (WildFly). */
  private Reference reference;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** The broker's name of the temporary queue that serves this one now. */
  @Override
  public String getQueueName() throws JMSException {
    try {
      return current().getQueueName();
    } catch (JMSRuntimeException e) {
      throw new JMSException(e.getMessage(), e.getErrorCode());
    }
  }

  /** The temporary queue that serves this one now; fails while its consumer is not connected. */
  RMQDestination current() {
    if (resourceAdapter == null) {
      throw new JMSRuntimeException("reply queue " + name + " is not bound to its adapter");
    }
    return resourceAdapter
        .temporaryQueues()
        .current(name)
        .orElseThrow(
            () ->
                new JMSRuntimeException(
                    "reply queue "
                        + name
                        + " has no temporary queue now: its consumer is not connected to the"
                        + " broker"));
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return resourceAdapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
    this.resourceAdapter = (RabbitResourceAdapter) adapter;
  }

  /** Connectors 2.1 (13.4.2.3): an associated administered object must be referenceable. */
  @Override
  public void setReference(Reference reference) {
    this.reference = reference;
  }

  @Override
  public Reference getReference() {
    return reference;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReplyQueue that && Objects.equals(name, that.name);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }

  @Override
  public String toString() {
    return "reply queue " + name;
  }
}
