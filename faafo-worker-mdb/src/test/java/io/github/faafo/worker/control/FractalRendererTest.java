package io.github.faafo.worker.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.messaging.TaskMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FractalRendererTest {

  private static final String UUID = "5d2c4a9e-8a7b-4c1f-9e3d-2b6f0a1c7e84";

  @Test
  void rendersTheGivenConstant() throws IOException, NoSuchAlgorithmException {
    TaskMessage task =
        new TaskMessage(
            UUID, new FractalParameters(320, 200, 255, -2.0, 2.0, -1.5, 1.5, -0.4, 0.6));
    RenderedFractal result = FractalRenderer.render(task, 64);

    assertEquals(-0.4, result.cx());
    assertEquals(0.6, result.cy());
    assertPixels(
        ReferenceJulia.render(320, 200, 255, -2.0, 2.0, -1.5, 1.5, -0.4, 0.6), 320, result.png());
    assertEquals(result.png().length, result.size());
    assertEquals(sha256(result.png()), result.checksum());
    assertTrue(result.checksum().matches("[0-9a-f]{64}"), result.checksum());
    assertTrue(result.durationSeconds() >= 0.0);
    BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(result.thumbnail()));
    assertEquals(64, thumbnail.getWidth());
    assertEquals(40, thumbnail.getHeight());
  }

  @Test
  void picksTheConstantFromTheUuidWhenNoneIsGiven() throws IOException {
    TaskMessage task =
        new TaskMessage(
            UUID, new FractalParameters(160, 120, 255, -2.0, 2.0, -1.5, 1.5, null, null));
    RenderedFractal result = FractalRenderer.render(task, 256);

    double[] c = JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 255, JuliaConstant.seedOf(UUID));
    assertEquals(c[0], result.cx());
    assertEquals(c[1], result.cy());
    assertPixels(
        ReferenceJulia.render(160, 120, 255, -2.0, 2.0, -1.5, 1.5, c[0], c[1]), 160, result.png());
    // An image that fits the thumbnail edge is its own thumbnail.
    assertArrayEquals(result.png(), result.thumbnail());

    RenderedFractal again = FractalRenderer.render(task, 256);
    assertEquals(result.checksum(), again.checksum());
    assertArrayEquals(result.png(), again.png());
  }

  /**
   * The gallery's "render again" relies on this: a new record (another uuid) with the same
   * parameters and constant gives the same bytes, so the same checksum, whether rendered on one
   * thread or on the fork-join pool.
   */
  @Test
  void theSameParametersAndConstantUnderAnotherIdGiveTheSameChecksum() {
    double xa = -0.40625;
    double xb = -0.001953125;
    double ya = -0.2998046875;
    double yb = 0.0029296875;
    TaskMessage first =
        new TaskMessage(UUID, new FractalParameters(640, 480, 1500, xa, xb, ya, yb, -0.8, 0.156));
    TaskMessage again =
        new TaskMessage(
            "0f9e1c2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f",
            new FractalParameters(640, 480, 1500, xa, xb, ya, yb, -0.8, 0.156));
    assertTrue(
        640L * 480 * 1500 >= JuliaRenderer.PARALLEL_THRESHOLD, "large enough to run in parallel");

    RenderedFractal one = FractalRenderer.render(first, 64);
    RenderedFractal two = FractalRenderer.render(again, 64);

    assertEquals(one.checksum(), two.checksum());
    assertArrayEquals(one.png(), two.png());
    assertArrayEquals(
        JuliaRenderer.render(640, 480, 1500, xa, xb, ya, yb, -0.8, 0.156, false),
        JuliaRenderer.render(640, 480, 1500, xa, xb, ya, yb, -0.8, 0.156, true));
  }

  @Test
  void halfAConstantIsNoConstant() {
    TaskMessage task =
        new TaskMessage(UUID, new FractalParameters(40, 30, 255, -2.0, 2.0, -1.5, 1.5, 0.3, null));
    RenderedFractal result = FractalRenderer.render(task, 16);
    double[] c = JuliaConstant.pick(-2.0, 2.0, -1.5, 1.5, 255, JuliaConstant.seedOf(UUID));
    assertEquals(c[0], result.cx());
    assertEquals(c[1], result.cy());
  }

  private static void assertPixels(int[] expected, int width, byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(width, image.getWidth());
    assertEquals(expected.length / width, image.getHeight());
    int[] actual = image.getRGB(0, 0, width, image.getHeight(), null, 0, width);
    for (int i = 0; i < actual.length; i++) {
      actual[i] &= 0xffffff;
    }
    assertArrayEquals(expected, actual);
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    StringBuilder hex = new StringBuilder();
    for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }
}
