package io.github.faafo.it;

import java.net.MalformedURLException;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every integration test class shares: the system on a fresh Payara Micro (the API WAR as the
 * test archive, the other modules beside it, see arquillian.xml) over an empty database, virtual
 * host and storage ({@link CleanSlate}), and a client for its API.
 */
@ExtendWith({CleanSlate.class, ArquillianExtension.class})
abstract class SystemIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.api();
  }

  @ArquillianResource URL base;

  Api api;

  /**
   * The API on the loopback address: Payara Micro reports its URL with the first address of the
   * machine's interfaces, which may be a link that a server check made and removes meanwhile (the
   * WildFly check's own network, bin/partition-net); it listens on every address.
   */
  @BeforeEach
  void connect() throws MalformedURLException {
    base = new URL(base.getProtocol(), "localhost", base.getPort(), base.getFile());
    api = new Api(base);
  }
}
