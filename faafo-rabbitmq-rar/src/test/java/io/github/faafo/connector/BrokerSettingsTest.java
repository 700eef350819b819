package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

  private static BrokerSettings hosts(String host) {
    return new BrokerSettings("", host, 5672, "faafo vh", "guest", "p@ss:word", 30, 1000);
  }

  @Test
  void oneHostStaysOneHost() throws Exception {
    BrokerSettings one = hosts("localhost");
    assertEquals(List.of("localhost:5672"), one.nodes());
    assertEquals("amqp://localhost:5672/faafo vh", one.describe());
    assertEquals("localhost", one.connectionFactory().getHost());
  }

  @Test
  void aClusterIsEveryNodeInTurnWithItsOwnPortOrTheCommonOne() throws Exception {
    BrokerSettings cluster = hosts(" rabbit-1, rabbit-2:5673 ,rabbit-3,");
    assertEquals(List.of("rabbit-1:5672", "rabbit-2:5673", "rabbit-3:5672"), cluster.nodes());
    assertEquals("amqp://rabbit-1:5672,rabbit-2:5673,rabbit-3:5672/faafo vh", cluster.describe());
    assertEquals(
        List.of(
            "amqp://guest:p%40ss%3Aword@rabbit-1:5672/faafo%20vh",
            "amqp://guest:p%40ss%3Aword@rabbit-2:5673/faafo%20vh",
            "amqp://guest:p%40ss%3Aword@rabbit-3:5672/faafo%20vh"),
        cluster.connectionFactory().getUris());
  }
}
