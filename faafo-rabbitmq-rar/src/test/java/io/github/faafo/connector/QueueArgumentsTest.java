package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueArgumentsTest {

  @Test
  void aQueueWithADeadLetterQueueHasADeliveryLimit() {
    assertEquals(
        Map.of(
            "x-queue-type", "quorum",
            "x-delivery-limit", 5,
            "x-dead-letter-exchange", "jms.durable.queues",
            "x-dead-letter-routing-key", "faafo.tasks.dead"),
        QueueArguments.of("faafo.tasks.dead", 5));
  }

  @Test
  void aQueueWithoutOneIsAPlainQuorumQueue() {
    assertEquals(Map.of("x-queue-type", "quorum"), QueueArguments.of("", 5));
  }

  @Test
  void backoffDoublesUpToItsCap() {
    Backoff backoff = new Backoff(500, 15_000);
    assertEquals(500, backoff.delayMs(1));
    assertEquals(1_000, backoff.delayMs(2));
    assertEquals(8_000, backoff.delayMs(5));
    assertEquals(15_000, backoff.delayMs(6));
    assertEquals(15_000, backoff.delayMs(1_000));
  }
}
