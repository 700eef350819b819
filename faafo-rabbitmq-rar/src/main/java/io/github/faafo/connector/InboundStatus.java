package io.github.faafo.connector;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What one inbound consumer shows as {@code io.github.faafo:type=InboundConsumer,queue=…,id=…}, so
 * that the applications' readiness checks and an administrator's JMX console see whether each
 * message-driven bean is fed.
 */
final class InboundStatus implements InboundConsumerStatusMXBean {

  private static final Logger LOG = Logger.getLogger(InboundStatus.class.getName());

  private final String queue;
  private final int sessions;
  private final AtomicLong failedDeliveries = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile boolean connected;
  private ObjectName name;

  InboundStatus(String queue, int sessions) {
    this.queue = queue;
    this.sessions = sessions;
  }

  void register() {
    try {
      name =
          new ObjectName(
              "io.github.faafo:type=InboundConsumer,queue="
                  + ObjectName.quote(queue)
                  + ",id="
                  + System.identityHashCode(this));
      ManagementFactory.getPlatformMBeanServer().registerMBean(this, name);
    } catch (JMException e) {
      LOG.warning(queue + ": cannot register its status MBean (" + Failures.reason(e) + ")");
      name = null;
    }
  }

  void unregister() {
    if (name == null) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (JMException e) {
      LOG.fine(() -> "unregistering " + name + " failed: " + e);
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
