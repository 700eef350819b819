package io.github.faafo.worker.control;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Picks the Julia constant the way the original worker did, but from a seed, so that a redelivered
 * task renders the very same image, and with a bounded search instead of an endless loop.
 */
public final class JuliaConstant {

  /** How many candidates {@link #pick} draws before it gives up. */
  public static final int MAX_DRAWS = 100_000;

  private JuliaConstant() {}

  /**
   * Draws {@code c = cx + i·cy} uniformly in [xa, xb] × [ya, yb] until the escape count of {@code
   * z0 = c} (the loop index reached, as in the original) lies strictly between 10 and 100.
   *
   * @return {@code {cx, cy}}
   * @throws IllegalArgumentException when no candidate qualifies within {@link #MAX_DRAWS} draws,
   *     or when {@code iterations} is below 12, which makes a count above 10 impossible
   */
  public static double[] pick(
      double xa, double xb, double ya, double yb, int iterations, long seed) {
    if (iterations < 12) {
      throw new IllegalArgumentException(
          "no Julia constant can have an escape count between 10 and 100 with "
              + iterations
              + " iterations; at least 12 are needed");
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      // The same expressions as the original: random() * (xb - xa) + xa, real part first.
      double cx = random.nextDouble() * (xb - xa) + xa;
      double cy = random.nextDouble() * (yb - ya) + ya;
      int i = JuliaRenderer.escapeCount(cx, cy, cx, cy, iterations);
      if (i > 10 && i < 100) {
        return new double[] {cx, cy};
      }
    }
    throw new IllegalArgumentException(
        "no Julia constant with an escape count between 10 and 100 found in "
            + MAX_DRAWS
            + " draws from ["
            + xa
            + ", "
            + xb
            + "] × ["
            + ya
            + ", "
            + yb
            + "] with "
            + iterations
            + " iterations");
  }

  /** The seed for a task: the two halves of its UUID, XOR-ed. */
  public static long seedOf(String uuid) {
    UUID parsed = UUID.fromString(uuid);
    return parsed.getMostSignificantBits() ^ parsed.getLeastSignificantBits();
  }
}
