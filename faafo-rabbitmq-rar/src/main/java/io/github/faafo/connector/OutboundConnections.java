package io.github.faafo.connector;

import jakarta.jms.JMSException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The pooled connections open now, in JMX as {@value #OBJECT_NAME}: the server's pool decides when
 * a connection goes, but only the adapter knows them all, so retiring every one at once (when they
 * stay open and stop delivering) is done here.
 */
final class OutboundConnections implements OutboundConnectionsMXBean {

  static final String OBJECT_NAME = "io.github.faafo:type=OutboundConnections";

  private static final Logger LOG = Logger.getLogger(OutboundConnections.class.getName());

  private final Set<OutboundConnection> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong retired = new AtomicLong();
  private MBeanRegistration registration;

  void opened(OutboundConnection connection) {
    open.add(connection);
  }

  void closed(OutboundConnection connection) {
    open.remove(connection);
  }

  @Override
  public int getOpen() {
    return open.size();
  }

  @Override
  public long getRetired() {
    return retired.get();
  }

  @Override
  public int retireAll(String reason) {
    int count = 0;
    for (OutboundConnection connection : open) {
      if (connection.retire(new JMSException(reason))) {
        count++;
      }
    }
    retired.addAndGet(count);
    int total = count;
    LOG.info(() -> total + " pooled connection(s) retired: " + reason);
    return count;
  }

  void register() {
    registration = MBeanRegistration.register(this, OBJECT_NAME);
  }

  void unregister() {
    if (registration != null) {
      registration.unregister();
    }
  }
}
