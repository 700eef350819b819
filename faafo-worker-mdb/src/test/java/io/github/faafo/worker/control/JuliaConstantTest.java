package io.github.faafo.worker.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JuliaConstantTest {

  @Test
  void sameSeedSameConstant() {
    double[] first = JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 255, 42L);
    assertArrayEquals(first, JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 255, 42L));
    assertNotEquals(first[0], JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 255, 43L)[0]);
  }

  @Test
  void everyPickEscapesBetween10And100AndLiesInTheRectangle() {
    double[][] rectangles = {{-2.0, 2.0, -1.5, 1.5}, {-1.0, 0.5, 0.0, 1.0}, {-0.8, -0.7, 0.1, 0.2}};
    int[] iterationCounts = {12, 100, 255, 5000};
    for (double[] r : rectangles) {
      for (int iterations : iterationCounts) {
        for (long seed = 0; seed < 100; seed++) {
          double[] c = JuliaConstant.pick(r[0], r[1], r[2], r[3], iterations, seed);
          int i = ReferenceJulia.escapeIndex(c[0], c[1], c[0], c[1], iterations);
          assertTrue(i > 10 && i < 100, "escape index " + i + " for seed " + seed);
          assertTrue(r[0] <= c[0] && c[0] <= r[1], "cx " + c[0]);
          assertTrue(r[2] <= c[1] && c[1] <= r[3], "cy " + c[1]);
        }
      }
    }
  }

  @Test
  void takesTheFirstQualifyingDrawLikeTheOriginal() {
    // random() * (xb - xa) + xa for the real part, then the same for the imaginary part.
    long seed = 20240229L;
    SplittableRandom random = new SplittableRandom(seed);
    double cx;
    double cy;
    int draws = 0;
    do {
      cx = random.nextDouble() * (2.0 - -2.0) + -2.0;
      cy = random.nextDouble() * (1.5 - -1.5) + -1.5;
      draws++;
    } while (!qualifies(ReferenceJulia.escapeIndex(cx, cy, cx, cy, 255)));
    assertArrayEquals(new double[] {cx, cy}, JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 255, seed));
    assertTrue(draws >= 1);
  }

  @Test
  void givesUpWhereNoConstantQualifies() {
    // Far outside radius 2, every candidate escapes at index 0.
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JuliaConstant.pick(10.0, 10.001, 10.0, 10.001, 255, 1L));
    assertTrue(e.getMessage().contains("no Julia constant"), e.getMessage());
    // With 11 iterations the index never exceeds 10.
    assertThrows(
        IllegalArgumentException.class, () -> JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 11, 1L));
  }

  @Test
  void seedComesFromTheUuid() {
    String uuid = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    UUID parsed = UUID.fromString(uuid);
    assertEquals(
        parsed.getMostSignificantBits() ^ parsed.getLeastSignificantBits(),
        JuliaConstant.seedOf(uuid));
    assertEquals(JuliaConstant.seedOf(uuid), JuliaConstant.seedOf(uuid));
    assertNotEquals(
        JuliaConstant.seedOf(uuid), JuliaConstant.seedOf("1b4e28ba-2fa1-11d2-883f-0016d3cca428"));
    assertThrows(IllegalArgumentException.class, () -> JuliaConstant.seedOf("not a uuid"));
  }

  private static boolean qualifies(int i) {
    return i > 10 && i < 100;
  }
}
