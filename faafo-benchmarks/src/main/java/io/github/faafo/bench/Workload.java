package io.github.faafo.bench;

import io.github.faafo.worker.control.JuliaRenderer;
import io.github.faafo.worker.control.PngEncoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The reference workload shared by the benchmarks and julia.c, and the facts the benchmark script
 * needs to turn times into rates: the Julia set for c = −0.8 + 0.156i, 1024 × 1024 pixels, 512
 * iterations, region [−1.5, 1.5]².
 */
public final class Workload {

  public static final int WIDTH = 1024;
  public static final int HEIGHT = 1024;
  public static final int ITERATIONS = 512;
  public static final double XA = -1.5;
  public static final double XB = 1.5;
  public static final double YA = -1.5;
  public static final double YB = 1.5;
  public static final double CX = -0.8;
  public static final double CY = 0.156;

  private Workload() {}

  /** The rendered reference image, packed RGB. */
  public static int[] image() {
    return JuliaRenderer.render(WIDTH, HEIGHT, ITERATIONS, XA, XB, YA, YB, CX, CY);
  }

  /**
   * The plain scalar loop, the same as julia.c's: escape indices, and in {@code steps[0]} the
   * number of z → z² + c steps taken (the work the M iterations/s figures count).
   */
  static int[] plainCounts(long[] steps) {
    int[] counts = new int[WIDTH * HEIGHT];
    long total = 0;
    for (int y = 0; y < HEIGHT; y++) {
      double zy0 = y * (YB - YA) / (HEIGHT - 1) + YA;
      for (int x = 0; x < WIDTH; x++) {
        double zx = x * (XB - XA) / (WIDTH - 1) + XA;
        double zy = zy0;
        int i;
        for (i = 0; i < ITERATIONS; i++) {
          if (zx * zx + zy * zy > 4.0) {
            break;
          }
          double t = zx * zx - zy * zy + CX;
          zy = 2.0 * zx * zy + CY;
          zx = t;
        }
        total += i;
        counts[y * WIDTH + x] = Math.min(i, ITERATIONS - 1);
      }
    }
    steps[0] = total;
    return counts;
  }

  /** FNV-1a over the escape indices, as julia.c prints it, to show both computed the same. */
  static long hash(int[] counts) {
    long h = 0xcbf29ce484222325L;
    for (int c : counts) {
      h ^= c;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Wraps packed RGB pixels, without copying, as the image {@code ImageIO.write} is given. */
  static BufferedImage bufferedImage(int[] rgb) {
    int[] masks = {0xff0000, 0xff00, 0xff};
    WritableRaster raster =
        Raster.createPackedRaster(
            new DataBufferInt(rgb, rgb.length), WIDTH, HEIGHT, WIDTH, masks, null);
    return new BufferedImage(
        new DirectColorModel(24, masks[0], masks[1], masks[2]), raster, false, null);
  }

  static byte[] imageIoPng(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints {@code key value} lines for run-render-bench.sh. */
  public static void main(String[] args) {
    long[] steps = new long[1];
    int[] counts = plainCounts(steps);
    int[] rgb = image();
    for (int i = 0; i < counts.length; i++) {
      if (JuliaRenderer.colour(counts[i]) != rgb[i]) {
        throw new IllegalStateException("renderer and plain loop differ at pixel " + i);
      }
    }
    System.out.println("steps " + steps[0]);
    System.out.println("hash " + Long.toUnsignedString(hash(counts), 16));
    System.out.println("png_ours " + PngEncoder.encode(WIDTH, HEIGHT, rgb).length);
    System.out.println("png_imageio " + imageIoPng(bufferedImage(rgb)).length);
  }
}
