package io.github.faafo.worker.control;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Picks the Julia constant the way the original worker did, but from a seed, so that a redelivered
 * task renders the very same image, and with a bounded, total search: where the original's rule has
 * no solution (a rectangle far outside the Mandelbrot set, or too few iterations) the constant is
 * the rectangle's centre, so that every task the API accepts can be rendered.
 */
public final class JuliaConstant {

  /** How many candidates {@link #pick} draws before it takes the rectangle's centre. */
  public static final int MAX_DRAWS = 100_000;

  /** The original's rule: the escape count of {@code z0 = c} lies strictly between these. */
  static final int LOWEST_EXCLUDED = 10;

  static final int HIGHEST_EXCLUDED = 100;

  private JuliaConstant() {}

  /**
   * Draws {@code c = cx + i·cy} uniformly in [xa, xb] × [ya, yb] until the escape count of {@code
   * z0 = c} (the loop index reached, as in the original) lies strictly between 10 and 100; when no
   * draw qualifies within {@link #MAX_DRAWS}, or {@code iterations} is too small for any count
   * above 10, the centre of the rectangle. A draw iterates at most 100 steps, since a count of 100
   * or more disqualifies it whatever {@code iterations} is: the worst case costs about ten million
   * steps.
   *
   * @return {@code {cx, cy}}
   */
  public static double[] pick(
      double xa, double xb, double ya, double yb, int iterations, long seed) {
    int steps = Math.min(iterations, HIGHEST_EXCLUDED + 1);
    if (steps > LOWEST_EXCLUDED + 1) {
      SplittableRandom random = new SplittableRandom(seed);
      for (int draw = 0; draw < MAX_DRAWS; draw++) {
        // The same expressions as the original: random() * (xb - xa) + xa, real part first.
        double cx = random.nextDouble() * (xb - xa) + xa;
        double cy = random.nextDouble() * (yb - ya) + ya;
        int i = JuliaRenderer.escapeCount(cx, cy, cx, cy, steps);
        if (i > LOWEST_EXCLUDED && i < HIGHEST_EXCLUDED) {
          return new double[] {cx, cy};
        }
      }
    }
    return centre(xa, xb, ya, yb);
  }

  /** The fallback constant: the middle of the task's rectangle. */
  public static double[] centre(double xa, double xb, double ya, double yb) {
    return new double[] {xa + (xb - xa) / 2, ya + (yb - ya) / 2};
  }

  /** The seed for a task: the two halves of its UUID, XOR-ed. */
  public static long seedOf(String uuid) {
    UUID parsed = UUID.fromString(uuid);
    return parsed.getMostSignificantBits() ^ parsed.getLeastSignificantBits();
  }
}
