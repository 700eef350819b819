package io.github.faafo.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The name of this node, as its worker signs {@code generated_by} and its metrics are tagged on
 * servers that keep one registry for all nodes: {@code faafo.worker.name} if set, otherwise the
 * host name, as the original did.
 */
public final class NodeName {

  public static final String PROPERTY = "faafo.worker.name";

  private NodeName() {}

  /** The name that the application's configuration gives. */
  public static String current() {
    return of(ConfigProvider.getConfig());
  }

  public static String of(Config config) {
    return config
        .getOptionalValue(PROPERTY, String.class)
        .filter(name -> !name.isBlank())
        .orElseGet(NodeName::hostName);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
