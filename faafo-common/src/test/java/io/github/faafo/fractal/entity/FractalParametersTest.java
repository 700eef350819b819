package io.github.faafo.fractal.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FractalParametersTest {

  private static final FractalParameters PICKED =
      new FractalParameters(64, 32, 100, -2.0, 2.0, -1.0, 1.0, -0.8, 0.156);

  @Test
  void equalParametersAreOneValue() {
    FractalParameters same = new FractalParameters(64, 32, 100, -2.0, 2.0, -1.0, 1.0, -0.8, 0.156);
    assertEquals(PICKED, same);
    assertEquals(PICKED.hashCode(), same.hashCode());
    assertNotEquals(PICKED, PICKED.withConstant(-0.8, 0.157));
    assertNotEquals(PICKED, new FractalParameters(64, 32, 101, -2.0, 2.0, -1.0, 1.0, -0.8, 0.156));
  }

  @Test
  void aRequestWithoutConstantIsSatisfiedByTheConstantAWorkerPicked() {
    FractalParameters wanted = PICKED.withConstant(null, null);
    assertTrue(PICKED.satisfies(wanted));
    assertTrue(PICKED.satisfies(PICKED));
    assertFalse(PICKED.satisfies(PICKED.withConstant(0.3, 0.5)));
    assertFalse(
        PICKED.satisfies(new FractalParameters(64, 32, 100, -2.0, 2.5, -1.0, 1.0, null, null)));
  }

  @Test
  void workIsEveryPixelIteratedToTheLimitWithoutOverflow() {
    assertEquals(64L * 32 * 100, PICKED.work());
    assertEquals(
        4096L * 4096 * 10_000,
        new FractalParameters(4096, 4096, 10_000, -2.0, 2.0, -1.0, 1.0, null, null).work());
  }
}
