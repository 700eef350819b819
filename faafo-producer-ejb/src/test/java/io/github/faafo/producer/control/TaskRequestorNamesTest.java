package io.github.faafo.producer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The adapter's MBean the requestor calls, pinned on both sides (the adapter's SharedNamesTest).
 */
class TaskRequestorNamesTest {

  @Test
  void theOutboundConnectionsMBeanIsTheOneTheAdapterRegisters() {
    assertEquals("io.github.faafo:type=OutboundConnections", TaskRequestor.OUTBOUND_CONNECTIONS);
  }
}
