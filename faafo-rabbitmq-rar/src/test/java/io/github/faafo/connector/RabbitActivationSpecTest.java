package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RabbitActivationSpecTest {

  static class Unprocessable extends RuntimeException {
    Unprocessable() {
      super("never");
    }
  }

  static class Narrower extends Unprocessable {}

  @Test
  void aNamedExceptionItsSubclassesAndCausesAreUnprocessable() {
    RabbitActivationSpec spec = new RabbitActivationSpec();
    spec.setDeadLetterOn(" java.lang.ArithmeticException , " + Unprocessable.class.getName());
    assertTrue(spec.isUnprocessable(new Unprocessable()));
    assertTrue(spec.isUnprocessable(new Narrower()));
    assertTrue(spec.isUnprocessable(new IllegalStateException("wrapped", new Unprocessable())));
    assertTrue(spec.isUnprocessable(new ArithmeticException()));
    assertFalse(spec.isUnprocessable(new IllegalStateException("transient")));
    assertFalse(spec.isUnprocessable(new RuntimeException("never")));
  }

  @Test
  void withoutDeadLetterOnEveryFailureIsRedelivered() {
    RabbitActivationSpec spec = new RabbitActivationSpec();
    assertFalse(spec.isUnprocessable(new Unprocessable()));
    spec.setDeadLetterOn(null);
    assertFalse(spec.isUnprocessable(new Unprocessable()));
  }
}
