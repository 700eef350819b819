package io.github.faafo.it;

/**
 * The original's picture (docs/architecture.md, the worker), computed the slow, obvious way, to
 * check the pixels the system served against.
 */
final class Julia {

  private Julia() {}

  static int rgb(
      int x,
      int y,
      int width,
      int height,
      int iterations,
      double xa,
      double xb,
      double ya,
      double yb,
      double cx,
      double cy) {
    double zx = x * (xb - xa) / (width - 1) + xa;
    double zy = y * (yb - ya) / (height - 1) + ya;
    int i;
    for (i = 0; i < iterations; i++) {
      if (Math.hypot(zx, zy) > 2.0) {
        break;
      }
      double next = zx * zx - zy * zy + cx;
      zy = 2 * zx * zy + cy;
      zx = next;
    }
    if (i == iterations) {
      i = iterations - 1;
    }
    return (i % 8 * 32) << 16 | (i % 16 * 16) << 8 | (i % 32 * 8);
  }
}
