package io.github.faafo.connector;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one message-driven bean consumes: a queue (or a temporary queue of its own, a node's reply
 * queue), how many messages it handles at once, and where messages go that fail on every delivery.
 * Set through the bean's activation config.
 */
public class RabbitActivationSpec implements ActivationSpec {

  private String destination;

  private String deadLetterQueue = "";

  private Integer maxSessions = 2;

  private String deadLetterOn = "";

  private Boolean temporary = false;

  private RabbitResourceAdapter resourceAdapter;

  public String getDestination() {
    return destination;
  }

  public void setDestination(String destination) {
    this.destination = destination;
  }

  public String getDeadLetterQueue() {
    return deadLetterQueue;
  }

  public void setDeadLetterQueue(String deadLetterQueue) {
    this.deadLetterQueue = deadLetterQueue == null ? "" : deadLetterQueue;
  }

  public String getDeadLetterOn() {
    return deadLetterOn;
  }

  public void setDeadLetterOn(String deadLetterOn) {
    this.deadLetterOn = deadLetterOn == null ? "" : deadLetterOn;
  }

  /**
   * True when {@code failure}, a cause of it, or a superclass of either is named in deadLetterOn.
   */
  boolean isUnprocessable(Throwable failure) {
    Set<String> names =
        Arrays.stream(deadLetterOn.split(","))
            .map(String::trim)
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toSet());
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
        if (names.contains(type.getName())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * True: the bean consumes a temporary queue that its consumer makes on each connection, offered
   * to senders by the {@link ReplyQueue} of the same name; {@code destination} is then that name,
   * not a queue of the broker.
   */
  public Boolean getTemporary() {
    return temporary;
  }

  public void setTemporary(Boolean temporary) {
    this.temporary = Boolean.TRUE.equals(temporary);
  }

  boolean isTemporary() {
    return Boolean.TRUE.equals(temporary);
  }

  public Integer getMaxSessions() {
    return maxSessions;
  }

  public void setMaxSessions(Integer maxSessions) {
    this.maxSessions = maxSessions;
  }

  @Override
  public void validate() throws InvalidPropertyException {
    if (destination == null || destination.isBlank()) {
      throw new InvalidPropertyException("activation property 'destination' is required");
    }
    if (isTemporary() && !deadLetterQueue.isBlank()) {
      throw new InvalidPropertyException(
          "activation property 'deadLetterQueue' has no meaning for a temporary queue ("
              + destination
              + ")");
    }
    if (maxSessions == null || maxSessions < 1) {
      throw new InvalidPropertyException(
          "activation property 'maxSessions' must be at least 1, was " + maxSessions);
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

  @Override
  public String toString() {
    return (isTemporary() ? "temporary queue " : "")
        + destination
        + " ("
        + maxSessions
        + " sessions)";
  }
}
