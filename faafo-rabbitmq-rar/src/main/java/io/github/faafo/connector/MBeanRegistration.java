package io.github.faafo.connector;

import java.lang.management.ManagementFactory;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * One MBean of the adapter in the platform MBean server, where the applications' readiness checks
 * and an administrator's JMX console find it; a name that cannot be registered is logged, never
 * fatal (the adapter works without its MBeans).
 */
final class MBeanRegistration {

  private static final Logger LOG = Logger.getLogger(MBeanRegistration.class.getName());

  private final ObjectName name;

  private MBeanRegistration(ObjectName name) {
    this.name = name;
  }

  /** Registers {@code bean} as {@code name}; what {@link #unregister} later takes away. */
  static MBeanRegistration register(Object bean, String name) {
    try {
      ObjectName objectName = new ObjectName(name);
      ManagementFactory.getPlatformMBeanServer().registerMBean(bean, objectName);
      return new MBeanRegistration(objectName);
    } catch (JMException e) {
      LOG.warning("cannot register the MBean " + name + " (" + Failures.reason(e) + ")");
      return new MBeanRegistration(null);
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
}
