package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import jakarta.jms.JMSException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

  private static BrokerSettings hosts(String host) {
    return new BrokerSettings(
        "", host, 5672, "faafo vh", "guest", "p@ss:word", 30, 1000, BrokerTls.off());
  }

  @Test
  void oneHostStaysOneHost() throws Exception {
    BrokerSettings one = hosts("localhost");
    assertEquals(List.of("localhost:5672"), one.nodes());
    assertEquals("amqp://localhost:5672/faafo vh", one.describe());
    assertEquals("localhost", one.connectionFactory().getHost());
    RMQConnectionFactory withPort = hosts("rabbit-2:5673").connectionFactory();
    assertEquals("rabbit-2", withPort.getHost());
    assertEquals(5673, withPort.getPort());
  }

  @Test
  void aClusterIsEveryNodeInTurnWithItsOwnPortOrTheCommonOne() throws Exception {
    BrokerSettings cluster = hosts(" rabbit-1, rabbit-2:5673 ,rabbit-3,");
    assertEquals(List.of("rabbit-1:5672", "rabbit-2:5673", "rabbit-3:5672"), cluster.nodes());
    assertEquals("amqp://rabbit-1:5672,rabbit-2:5673,rabbit-3:5672/faafo vh", cluster.describe());
    assertEquals(
        List.of(
            "amqp://rabbit-1:5672/faafo%20vh",
            "amqp://rabbit-2:5673/faafo%20vh", "amqp://rabbit-3:5672/faafo%20vh"),
        cluster.connectionFactory().getUris());
  }

  @Test
  void aPasswordWithTheUriSeparatorsReachesTheBrokerUnchanged() {
    // nothing listens on port 1: the attempt must fail for that, not for the password's ":"
    for (String host : List.of("localhost:1", "localhost:1,127.0.0.1:1")) {
      JMSException refused =
          assertThrows(
              JMSException.class, () -> hosts(host).connectionFactory().createConnection());
      Throwable root = refused;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      assertInstanceOf(java.net.ConnectException.class, root, host + ": " + root);
    }
  }
}
