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
  void takesTheCentreWhereNoConstantQualifies() {
    // Far outside radius 2, every candidate escapes at index 0.
    assertArrayEquals(
        JuliaConstant.centre(900, 1000, 900, 1000),
        JuliaConstant.pick(900, 1000, 900, 1000, 12, 1L));
    assertArrayEquals(new double[] {950, 950}, JuliaConstant.centre(900, 1000, 900, 1000));
    // With 11 iterations the index never exceeds 10.
    assertArrayEquals(new double[] {0.0, 0.0}, JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 11, 1L));
    // A sliver where every candidate has about the same count, outside the band.
    double[] sliver = JuliaConstant.pick(0.3, 0.3000000001, 0.5, 0.5000000001, 500, 7L);
    assertTrue(0.3 <= sliver[0] && sliver[0] <= 0.3000000001, "cx " + sliver[0]);
    assertTrue(0.5 <= sliver[1] && sliver[1] <= 0.5000000001, "cy " + sliver[1]);
  }

  @Test
  void aSearchWithManyIterationsDecidesAsTheFullCountWould() {
    // Capping a draw at 101 steps must not change which draw qualifies: same pick as a search
    // that counts all 5000 iterations (the reference below does).
    for (long seed = 0; seed < 50; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      double cx;
      double cy;
      do {
        cx = random.nextDouble() * 4 - 2;
        cy = random.nextDouble() * 3 - 1.5;
      } while (!qualifies(ReferenceJulia.escapeIndex(cx, cy, cx, cy, 5000)));
      assertArrayEquals(
          new double[] {cx, cy},
          JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 5000, seed),
          "seed " + seed);
    }
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
