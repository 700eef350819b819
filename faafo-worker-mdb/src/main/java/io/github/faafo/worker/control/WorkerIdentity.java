package io.github.faafo.worker.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The name this node puts in {@code generated_by}: {@code faafo.worker.name} if set, otherwise the
 * host name, as the original did.
 */
@ApplicationScoped
public class WorkerIdentity {

  @Inject
  @ConfigProperty(name = "faafo.worker.name")
  Optional<String> configuredName;

  private String name;

  @PostConstruct
  void init() {
    name = configuredName.filter(n -> !n.isBlank()).orElseGet(WorkerIdentity::hostName);
  }

  public String name() {
    return name;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
