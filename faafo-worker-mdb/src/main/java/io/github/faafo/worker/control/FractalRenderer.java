package io.github.faafo.worker.control;

import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.messaging.TaskMessage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Turns one validated task into its PNG, thumbnail and checksum: the worker's whole job. */
public final class FractalRenderer {

  private FractalRenderer() {}

  /**
   * Renders the task. The Julia constant is the task's when it carries both {@code cx} and {@code
   * cy}, otherwise {@link JuliaConstant#pick} seeded from the task's UUID, so that a redelivered
   * task yields the same image. The task must have passed {@code TaskValidator}.
   *
   * @param thumbnailEdge the longer edge of the thumbnail, in pixels (at least 1)
   * @throws IllegalArgumentException when no constant can be picked for the task's rectangle
   */
  public static RenderedFractal render(TaskMessage task, int thumbnailEdge) {
    FractalParameters p = task.parameters();
    int width = p.width();
    int height = p.height();
    long start = System.nanoTime();
    double cx;
    double cy;
    if (p.cx() != null && p.cy() != null) {
      cx = p.cx();
      cy = p.cy();
    } else {
      double[] c =
          JuliaConstant.pick(
              p.xa(), p.xb(), p.ya(), p.yb(), p.iterations(), JuliaConstant.seedOf(task.uuid()));
      cx = c[0];
      cy = c[1];
    }
    int[] rgb =
        JuliaRenderer.render(width, height, p.iterations(), p.xa(), p.xb(), p.ya(), p.yb(), cx, cy);
    double durationSeconds = (System.nanoTime() - start) / 1e9;
    byte[] png = PngEncoder.encode(width, height, rgb);
    byte[] thumbnail = Thumbnails.png(width, height, rgb, thumbnailEdge);
    return new RenderedFractal(png, thumbnail, sha256Hex(png), png.length, cx, cy, durationSeconds);
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }
}
