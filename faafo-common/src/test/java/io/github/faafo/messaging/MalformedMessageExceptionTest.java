package io.github.faafo.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MalformedMessageExceptionTest {

  @Test
  void theNameTheBeansGiveTheAdapterIsThisClasssName() {
    assertEquals(MalformedMessageException.class.getName(), MalformedMessageException.CLASS_NAME);
  }

  /** The adapter (which does not depend on this module) writes it: SessionDeliveryTest pins it. */
  @Test
  void theDeadLetterReasonPropertyIsTheOneTheAdapterWrites() {
    assertEquals("FaafoDeadLetterReason", MalformedMessageException.REASON_PROPERTY);
  }
}
