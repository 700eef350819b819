package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The names the adapter shares with the applications, which do not depend on its classes: each is
 * pinned here and on the other side (faafo-common's MalformedMessageExceptionTest, the producer's
 * TaskRequestorNamesTest), so that changing one side alone fails a test.
 */
class SharedNamesTest {

  @Test
  void theDeadLetterReasonPropertyIsTheOneTheBeansRead() {
    assertEquals("FaafoDeadLetterReason", SessionDelivery.REASON_PROPERTY);
  }

  @Test
  void theOutboundConnectionsMBeanIsTheOneTheProducerRetires() {
    assertEquals("io.github.faafo:type=OutboundConnections", OutboundConnections.OBJECT_NAME);
  }
}
