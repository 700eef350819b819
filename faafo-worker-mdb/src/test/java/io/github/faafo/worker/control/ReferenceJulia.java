package io.github.faafo.worker.control;

/**
 * The original Python worker's loops transcribed as plainly as possible, one pixel at a time, to
 * check the fast renderer against.
 */
final class ReferenceJulia {

  private ReferenceJulia() {}

  /** {@code for i in range(iterations): if abs(z) > 2: break; z = z * z + c}, returning i. */
  static int escapeIndex(double re, double im, double cx, double cy, int iterations) {
    int i;
    for (i = 0; i < iterations; i++) {
      if (re * re + im * im > 4.0) {
        break;
      }
      // CPython's complex product (a.real*b.real - a.imag*b.imag, a.real*b.imag + a.imag*b.real),
      // then the complex sum with c.
      double productRe = re * re - im * im;
      double productIm = re * im + im * re;
      re = productRe + cx;
      im = productIm + cy;
    }
    // Python's loop variable keeps the last index when the loop runs out; Java's goes one further.
    return i == iterations ? iterations - 1 : i;
  }

  /** (i % 8 * 32, i % 16 * 16, i % 32 * 8), packed. */
  static int rgb(int i) {
    int red = i % 8 * 32;
    int green = i % 16 * 16;
    int blue = i % 32 * 8;
    return (red << 16) + (green << 8) + blue;
  }

  static int[] render(
      int width,
      int height,
      int iterations,
      double xa,
      double xb,
      double ya,
      double yb,
      double cx,
      double cy) {
    int[] image = new int[width * height];
    for (int y = 0; y < height; y++) {
      double zy = y * (yb - ya) / (height - 1) + ya;
      for (int x = 0; x < width; x++) {
        double zx = x * (xb - xa) / (width - 1) + xa;
        image[y * width + x] = rgb(escapeIndex(zx, zy, cx, cy, iterations));
      }
    }
    return image;
  }
}
