package io.github.faafo.connector;

/**
 * What an inbound consumer tells the platform MBean server, so that the applications' readiness
 * checks and an administrator's JMX console see whether each message-driven bean is fed.
 */
public interface InboundConsumerStatusMXBean {

  /** The queue consumed. */
  String getQueue();

  /** True while the consumer has a live connection with all its sessions. */
  boolean isConnected();

  /** Concurrent deliveries (sessions). */
  int getSessions();

  /** Deliveries that failed and were handed back to the broker, to come again after a back-off. */
  long getFailedDeliveries();

  /** Messages the bean said can never be processed, moved to the dead-letter queue at once. */
  long getDeadLettered();
}
