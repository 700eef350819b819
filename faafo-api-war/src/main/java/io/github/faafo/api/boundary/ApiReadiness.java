package io.github.faafo.api.boundary;

import io.github.faafo.api.control.DispatchRequests;
import io.github.faafo.messaging.ResourceNames;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * This node is ready when the database and the broker answer and every message-driven bean expected
 * here ({@code faafo.health.consumer-queues}) has a live consumer on the resource adapter, as the
 * adapter's {@code io.github.faafo:type=InboundConsumer} MBeans tell; its data also say whether the
 * worker's storage directory takes image files. A resource adapter deployed late, or not at all,
 * leaves the beans without consumers while the server itself looks ready; this is what catches it.
 * The broker is asked through the API's own dispatch connection, so a probe opens no connection of
 * its own. MicroProfile Health on Payara Micro reports the checks of web modules only, so this one
 * check speaks for the producer and worker beside it.
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements HealthCheck {

  @Resource(lookup = ResourceNames.DATABASE)
  DataSource database;

  @Inject DispatchRequests dispatchRequests;

  @Inject
  @ConfigProperty(name = "faafo.health.consumer-queues")
  List<String> consumerQueues;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("faafo-api").up();
    try (Connection connection = database.getConnection()) {
      boolean valid = connection.isValid(2);
      response.withData("database", valid ? "answers" : "does not answer");
      if (!valid) {
        response.down();
      }
    } catch (Exception e) {
      response.down().withData("database", "unreachable: " + e.getClass().getSimpleName());
    }
    try {
      dispatchRequests.checkBroker();
      response.withData("broker", "answers");
    } catch (JMSException e) {
      response
          .down()
          .withData(
              "broker",
              e.getCause() instanceof NamingException
                  ? "no " + ResourceNames.SENDER_FACTORY + " on this server"
                  : "unreachable: " + e.getMessage());
    }
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    storageState(server).ifPresent(state -> response.withData("worker-storage", state));
    for (String queue : consumerQueues) {
      String state = consumerState(server, queue);
      response.withData(queue, state);
      if (!"connected".equals(state)) {
        response.down();
      }
    }
    return response.build();
  }

  /**
   * The image files of the worker beside this API (the worker's {@code ImageFiles} MBean), if one
   * runs here. Told, never DOWN: a directory that takes no more files fails no task, since the
   * image is kept in the database.
   */
  private static Optional<String> storageState(MBeanServer server) {
    try {
      ObjectName name = new ObjectName("io.github.faafo:type=WorkerStorage");
      if (!server.isRegistered(name)) {
        return Optional.empty();
      }
      String directory = (String) server.getAttribute(name, "Directory");
      if (Boolean.TRUE.equals(server.getAttribute(name, "Writable"))) {
        return Optional.of("writable: " + directory);
      }
      return Optional.of(
          String.format(
              "%s not writable since %s (%s): %s image file(s) kept in the database only",
              directory,
              server.getAttribute(name, "FailingSince"),
              server.getAttribute(name, "LastFailure"),
              server.getAttribute(name, "FilesNotWritten")));
    } catch (JMException e) {
      return Optional.of("unknown: " + e.getMessage());
    }
  }

  private static String consumerState(MBeanServer server, String queue) {
    try {
      Set<ObjectName> names =
          server.queryNames(
              new ObjectName(
                  "io.github.faafo:type=InboundConsumer,queue=" + ObjectName.quote(queue) + ",*"),
              null);
      if (names.isEmpty()) {
        return "no consumer: is the faafo resource adapter deployed before the modules?";
      }
      for (ObjectName name : names) {
        if (!Boolean.TRUE.equals(server.getAttribute(name, "Connected"))) {
          return "not connected to the broker";
        }
      }
      return "connected";
    } catch (JMException e) {
      return "unknown: " + e.getMessage();
    }
  }
}
