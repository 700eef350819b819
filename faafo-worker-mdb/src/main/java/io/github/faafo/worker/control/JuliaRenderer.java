package io.github.faafo.worker.control;

import java.util.stream.IntStream;

/**
 * Renders Julia sets pixel for pixel as the original Python worker did, several times faster than a
 * plain per-pixel loop.
 *
 * <p>Pixel (x, y) starts at z = zx + i·zy with zx = x·(xb − xa)/(width − 1) + xa and zy = y·(yb −
 * ya)/(height − 1) + ya, evaluated left to right as in the original, and iterates z → z² + c while
 * |z| ≤ 2, at most {@code iterations} times. Its count i is the loop index reached, so {@code
 * iterations − 1} for a point that never escapes, and its colour is RGB (i mod 8 · 32, i mod 16 ·
 * 16, i mod 32 · 8). The arithmetic is CPython's complex arithmetic, operation for operation: re(z²
 * + c) = (x·x − y·y) + cx, im(z² + c) = (x·y + x·y) + cy, never a fused multiply-add (Java does not
 * contract), and |z| > 2 is tested as x·x + y·y > 4.
 *
 * <p>Speed: one pixel's escape loop is a chain of dependent multiplications and additions, so a
 * plain loop mostly waits for results. {@link #render} advances four pixels at once, in registers,
 * and gives a lane the next pixel of its band as soon as its own pixel escapes or reaches the
 * limit, which keeps the floating-point units busy: about twice a plain loop, and about twice gcc
 * -O3 -march=native on that loop (docs/benchmarks.md). The Vector API was measured and rejected: it
 * needs an incubator module, ran at about 100 M iterations/s on JDK 17 and merely matched this loop
 * on JDK 25. Images whose width × height × iterations reaches {@link #PARALLEL_THRESHOLD} are split
 * into bands of rows rendered on the common fork-join pool; the pixels do not depend on the split.
 */
public final class JuliaRenderer {

  /**
   * From this width × height × iterations on (an upper bound of the work, 4 Mi), {@link
   * #render(int, int, int, double, double, double, double, double, double)} uses the common
   * fork-join pool: at most a few milliseconds of work on one core, far above the cost of forking.
   */
  public static final long PARALLEL_THRESHOLD = 1L << 22;

  /** Pixels in one band of rows handed to the fork-join pool (rounded to whole rows). */
  private static final int BAND_PIXELS = 1 << 14;

  /** The colour of count i depends on i mod 32 only. */
  private static final int[] PALETTE = new int[32];

  static {
    for (int i = 0; i < PALETTE.length; i++) {
      PALETTE[i] = colour(i);
    }
  }

  private JuliaRenderer() {}

  /**
   * Renders the image, on the common fork-join pool when width × height × iterations reaches {@link
   * #PARALLEL_THRESHOLD}.
   *
   * @return packed {@code 0xRRGGBB} pixels, row-major (index {@code y * width + x})
   * @throws IllegalArgumentException when width or height is below 2, iterations below 1, or the
   *     image has more pixels than an array can hold
   */
  public static int[] render(
      int width,
      int height,
      int iterations,
      double xa,
      double xb,
      double ya,
      double yb,
      double cx,
      double cy) {
    boolean parallel = (long) width * height * iterations >= PARALLEL_THRESHOLD;
    return render(width, height, iterations, xa, xb, ya, yb, cx, cy, parallel);
  }

  /**
   * Renders the image on the calling thread alone ({@code parallel == false}) or on the common
   * fork-join pool too; the pixels are the same either way.
   *
   * @see #render(int, int, int, double, double, double, double, double, double)
   */
  public static int[] render(
      int width,
      int height,
      int iterations,
      double xa,
      double xb,
      double ya,
      double yb,
      double cx,
      double cy,
      boolean parallel) {
    if (width < 2 || height < 2) {
      throw new IllegalArgumentException(
          "width and height must be at least 2, not " + width + " × " + height);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, not " + iterations);
    }
    if ((long) width * height > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many pixels: " + width + " × " + height);
    }
    int[] out = new int[width * height];
    int limit = iterations - 1;
    if (limit == 0) {
      // Every pixel stops at loop index 0, whose colour is black: the array's zeros already.
      return out;
    }
    double[] xs = new double[width];
    for (int x = 0; x < width; x++) {
      xs[x] = x * (xb - xa) / (width - 1) + xa;
    }
    double[] ys = new double[height];
    for (int y = 0; y < height; y++) {
      ys[y] = y * (yb - ya) / (height - 1) + ya;
    }
    if (!parallel) {
      renderBand(out, xs, ys, width, 0, height, limit, cx, cy);
      return out;
    }
    int bandRows = Math.max(1, BAND_PIXELS / width);
    int bands = (height + bandRows - 1) / bandRows;
    IntStream.range(0, bands)
        .parallel()
        .forEach(
            band ->
                renderBand(
                    out,
                    xs,
                    ys,
                    width,
                    band * bandRows,
                    Math.min(height, (band + 1) * bandRows),
                    limit,
                    cx,
                    cy));
    return out;
  }

  /** The original's colour of escape count i, packed as {@code 0xRRGGBB}. */
  public static int colour(int i) {
    return (i % 8 * 32) << 16 | (i % 16 * 16) << 8 | i % 32 * 8;
  }

  /**
   * The escape count of one point, the plain way: the loop index reached by the original's {@code
   * for i in range(iterations)} loop started at z = zx + i·zy (iterations ≥ 1).
   */
  static int escapeCount(double zx, double zy, double cx, double cy, int iterations) {
    double x = zx;
    double y = zy;
    int i = 0;
    for (; i < iterations - 1; i++) {
      double xx = x * x;
      double yy = y * y;
      if (xx + yy > 4.0) {
        return i;
      }
      double xy = x * y;
      y = xy + xy + cy;
      x = xx - yy + cx;
    }
    return i;
  }

  /**
   * Renders rows [fromRow, toRow) with four interleaved lanes. A lane holds one pixel: its index p
   * (−1 when idle), its z = x + i·y and n, the steps done. The inner loop advances all lanes until
   * one of them escapes or the most advanced one reaches {@code limit} (= iterations − 1; the count
   * is then limit whether or not the last z escapes); then every finished lane writes its colour
   * and takes the next pixel. Idle lanes hold NaN, which never compares greater than 4.
   */
  private static void renderBand(
      int[] out,
      double[] xs,
      double[] ys,
      int width,
      int fromRow,
      int toRow,
      int limit,
      double cx,
      double cy) {
    final int end = toRow * width;
    int next = fromRow * width;
    int nextX = 0;
    int nextY = fromRow;
    int active = 0;
    int p0 = -1;
    int n0 = 0;
    double x0 = Double.NaN;
    double y0 = Double.NaN;
    if (next < end) {
      p0 = next++;
      x0 = xs[nextX];
      y0 = ys[nextY];
      active++;
      if (++nextX == width) {
        nextX = 0;
        nextY++;
      }
    }
    int p1 = -1;
    int n1 = 0;
    double x1 = Double.NaN;
    double y1 = Double.NaN;
    if (next < end) {
      p1 = next++;
      x1 = xs[nextX];
      y1 = ys[nextY];
      active++;
      if (++nextX == width) {
        nextX = 0;
        nextY++;
      }
    }
    int p2 = -1;
    int n2 = 0;
    double x2 = Double.NaN;
    double y2 = Double.NaN;
    if (next < end) {
      p2 = next++;
      x2 = xs[nextX];
      y2 = ys[nextY];
      active++;
      if (++nextX == width) {
        nextX = 0;
        nextY++;
      }
    }
    int p3 = -1;
    int n3 = 0;
    double x3 = Double.NaN;
    double y3 = Double.NaN;
    if (next < end) {
      p3 = next++;
      x3 = xs[nextX];
      y3 = ys[nextY];
      active++;
      if (++nextX == width) {
        nextX = 0;
        nextY++;
      }
    }
    while (active > 0) {
      int steps = limit - Math.max(Math.max(n0, n1), Math.max(n2, n3));
      int s = 0;
      for (; s < steps; s++) {
        double a0 = x0 * x0;
        double b0 = y0 * y0;
        double a1 = x1 * x1;
        double b1 = y1 * y1;
        double a2 = x2 * x2;
        double b2 = y2 * y2;
        double a3 = x3 * x3;
        double b3 = y3 * y3;
        if (a0 + b0 > 4.0 | a1 + b1 > 4.0 | a2 + b2 > 4.0 | a3 + b3 > 4.0) {
          break;
        }
        double c0 = x0 * y0;
        y0 = c0 + c0 + cy;
        x0 = a0 - b0 + cx;
        double c1 = x1 * y1;
        y1 = c1 + c1 + cy;
        x1 = a1 - b1 + cx;
        double c2 = x2 * y2;
        y2 = c2 + c2 + cy;
        x2 = a2 - b2 + cx;
        double c3 = x3 * y3;
        y3 = c3 + c3 + cy;
        x3 = a3 - b3 + cx;
      }
      if (p0 >= 0) {
        n0 += s;
        if (n0 == limit || x0 * x0 + y0 * y0 > 4.0) {
          out[p0] = PALETTE[n0 & 31];
          n0 = 0;
          if (next < end) {
            p0 = next++;
            x0 = xs[nextX];
            y0 = ys[nextY];
            if (++nextX == width) {
              nextX = 0;
              nextY++;
            }
          } else {
            p0 = -1;
            x0 = Double.NaN;
            y0 = Double.NaN;
            active--;
          }
        }
      }
      if (p1 >= 0) {
        n1 += s;
        if (n1 == limit || x1 * x1 + y1 * y1 > 4.0) {
          out[p1] = PALETTE[n1 & 31];
          n1 = 0;
          if (next < end) {
            p1 = next++;
            x1 = xs[nextX];
            y1 = ys[nextY];
            if (++nextX == width) {
              nextX = 0;
              nextY++;
            }
          } else {
            p1 = -1;
            x1 = Double.NaN;
            y1 = Double.NaN;
            active--;
          }
        }
      }
      if (p2 >= 0) {
        n2 += s;
        if (n2 == limit || x2 * x2 + y2 * y2 > 4.0) {
          out[p2] = PALETTE[n2 & 31];
          n2 = 0;
          if (next < end) {
            p2 = next++;
            x2 = xs[nextX];
            y2 = ys[nextY];
            if (++nextX == width) {
              nextX = 0;
              nextY++;
            }
          } else {
            p2 = -1;
            x2 = Double.NaN;
            y2 = Double.NaN;
            active--;
          }
        }
      }
      if (p3 >= 0) {
        n3 += s;
        if (n3 == limit || x3 * x3 + y3 * y3 > 4.0) {
          out[p3] = PALETTE[n3 & 31];
          n3 = 0;
          if (next < end) {
            p3 = next++;
            x3 = xs[nextX];
            y3 = ys[nextY];
            if (++nextX == width) {
              nextX = 0;
              nextY++;
            }
          } else {
            p3 = -1;
            x3 = Double.NaN;
            y3 = Double.NaN;
            active--;
          }
        }
      }
    }
  }
}
