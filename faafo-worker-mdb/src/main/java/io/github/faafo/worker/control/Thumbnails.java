package io.github.faafo.worker.control;

import java.util.Arrays;

/** Makes the small PNGs of the gallery grid, so that browsers need not scale full images down. */
public final class Thumbnails {

  private Thumbnails() {}

  /**
   * Scales the image down with a box filter (each thumbnail pixel is the rounded mean of the source
   * pixels it covers) so that its longer edge is {@code min(maxEdge, longer edge)}, keeping the
   * aspect ratio (the shorter edge is rounded, at least 1), and encodes it with {@link PngEncoder}.
   * An image that already fits is encoded as it is.
   *
   * @param rgb packed {@code 0xRRGGBB} pixels, row-major
   * @throws IllegalArgumentException when {@code maxEdge} is below 1 or the pixels do not match the
   *     size
   */
  public static byte[] png(int width, int height, int[] rgb, int maxEdge) {
    if (maxEdge < 1) {
      throw new IllegalArgumentException("maxEdge must be at least 1, not " + maxEdge);
    }
    if (width < 1 || height < 1 || (long) width * height != rgb.length) {
      throw new IllegalArgumentException(
          rgb.length + " pixels given for a " + width + " × " + height + " image");
    }
    int longer = Math.max(width, height);
    if (maxEdge >= longer) {
      return PngEncoder.encode(width, height, rgb);
    }
    int targetWidth;
    int targetHeight;
    if (width >= height) {
      targetWidth = maxEdge;
      targetHeight = (int) Math.max(1, Math.round((double) height * maxEdge / width));
    } else {
      targetHeight = maxEdge;
      targetWidth = (int) Math.max(1, Math.round((double) width * maxEdge / height));
    }
    return PngEncoder.encode(
        targetWidth, targetHeight, boxFilter(width, height, rgb, targetWidth, targetHeight));
  }

  /** Downscales by averaging the source pixels of each target pixel's box (target ≤ source). */
  static int[] boxFilter(int width, int height, int[] rgb, int targetWidth, int targetHeight) {
    // Box of target column tx: source columns [xStart[tx], xStart[tx + 1]), never empty.
    int[] xStart = new int[targetWidth + 1];
    for (int tx = 0; tx <= targetWidth; tx++) {
      xStart[tx] = (int) ((long) tx * width / targetWidth);
    }
    int[] out = new int[targetWidth * targetHeight];
    long[] sums = new long[3 * targetWidth];
    for (int ty = 0; ty < targetHeight; ty++) {
      int yFrom = (int) ((long) ty * height / targetHeight);
      int yTo = (int) ((long) (ty + 1) * height / targetHeight);
      Arrays.fill(sums, 0);
      for (int y = yFrom; y < yTo; y++) {
        int row = y * width;
        for (int tx = 0; tx < targetWidth; tx++) {
          long r = 0;
          long g = 0;
          long b = 0;
          for (int x = xStart[tx]; x < xStart[tx + 1]; x++) {
            int c = rgb[row + x];
            r += (c >> 16) & 0xff;
            g += (c >> 8) & 0xff;
            b += c & 0xff;
          }
          sums[3 * tx] += r;
          sums[3 * tx + 1] += g;
          sums[3 * tx + 2] += b;
        }
      }
      int rows = yTo - yFrom;
      for (int tx = 0; tx < targetWidth; tx++) {
        long count = (long) rows * (xStart[tx + 1] - xStart[tx]);
        long half = count / 2;
        int r = (int) ((sums[3 * tx] + half) / count);
        int g = (int) ((sums[3 * tx + 1] + half) / count);
        int b = (int) ((sums[3 * tx + 2] + half) / count);
        out[ty * targetWidth + tx] = r << 16 | g << 8 | b;
      }
    }
    return out;
  }
}
