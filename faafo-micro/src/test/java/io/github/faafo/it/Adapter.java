package io.github.faafo.it;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads the resource adapter's consumer MBeans in the test's Payara Micro over JMX, as an
 * administrator's console would (the test attaches to the server's JVM on this machine).
 */
final class Adapter {

  private Adapter() {}

  /** The sum of {@code attribute} over the consumers of {@code queue} on the test's server. */
  static long consumerTotal(String queue, String attribute) throws Exception {
    List<ProcessHandle> servers =
        Services.testServers(Path.of(System.getProperty("micro.dir"))).toList();
    if (servers.size() != 1) {
      throw new IllegalStateException("expected one test server, found " + servers.size());
    }
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(servers.get(0).pid()));
    try (JMXConnector connector =
        JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
      MBeanServerConnection beans = connector.getMBeanServerConnection();
      Set<ObjectName> names =
          beans.queryNames(
              new ObjectName(
                  "io.github.faafo:type=InboundConsumer,queue=" + ObjectName.quote(queue) + ",*"),
              null);
      if (names.isEmpty()) {
        throw new IllegalStateException("no consumer MBean for " + queue);
      }
      long total = 0;
      for (ObjectName name : names) {
        total += ((Number) beans.getAttribute(name, attribute)).longValue();
      }
      return total;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the adapter's MBeans", e);
    } finally {
      vm.detach();
    }
  }
}
