package io.github.faafo.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MalformedMessageExceptionTest {

  @Test
  void theNameTheBeansGiveTheAdapterIsThisClasssName() {
    assertEquals(MalformedMessageException.class.getName(), MalformedMessageException.CLASS_NAME);
  }
}
