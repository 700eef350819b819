package io.github.faafo.connector;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/**
 * What one inbound consumer shows as {@code io.github.faafo:type=InboundConsumer,queue=…,id=…}, so
 * that the applications' readiness checks and an administrator's JMX console see whether each
 * message-driven bean is fed.
 */
final class InboundStatus implements InboundConsumerStatusMXBean {

  private final String queue;
  private final int sessions;
  private final AtomicLong failedDeliveries = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile boolean connected;
  private MBeanRegistration registration;

  InboundStatus(String queue, int sessions) {
    this.queue = queue;
    this.sessions = sessions;
  }

  void register() {
    registration =
        MBeanRegistration.register(
            this,
            "io.github.faafo:type=InboundConsumer,queue="
                + ObjectName.quote(queue)
                + ",id="
                + System.identityHashCode(this));
  }

  void unregister() {
    if (registration != null) {
      registration.unregister();
    }
  }

  void connected(boolean now) {
    connected = now;
  }

  void deliveryFailed() {
    failedDeliveries.incrementAndGet();
  }

  void deadLettered() {
    deadLettered.incrementAndGet();
  }

  @Override
  public String getQueue() {
    return queue;
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public int getSessions() {
    return sessions;
  }

  @Override
  public long getFailedDeliveries() {
    return failedDeliveries.get();
  }

  @Override
  public long getDeadLettered() {
    return deadLettered.get();
  }
}
