package io.github.faafo.worker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThumbnailsTest {

  @ParameterizedTest
  @CsvSource({
    // width, height, maxEdge, expected width, expected height
    "1024, 1024, 256, 256, 256",
    "1000, 500, 200, 200, 100",
    "500, 1000, 200, 100, 200",
    "1001, 333, 100, 100, 33",
    "640, 480, 128, 128, 96",
    "1000, 3, 100, 100, 1",
    "3, 1000, 100, 1, 100",
    "300, 200, 300, 300, 200",
    "100, 50, 256, 100, 50",
    "2, 2, 1, 1, 1"
  })
  void keepsTheAspectRatioAndCapsTheLongerEdge(
      int width, int height, int maxEdge, int expectedWidth, int expectedHeight)
      throws IOException {
    int[] rgb = JuliaRenderer.render(width, height, 64, -2.0, 2.0, -1.5, 1.5, -0.8, 0.156);
    BufferedImage thumbnail = decode(Thumbnails.png(width, height, rgb, maxEdge));
    assertEquals(expectedWidth, thumbnail.getWidth());
    assertEquals(expectedHeight, thumbnail.getHeight());
    assertEquals(
        Math.min(maxEdge, Math.max(width, height)), Math.max(expectedWidth, expectedHeight));
  }

  @Test
  void anImageThatFitsKeepsEveryPixel() throws IOException {
    int[] rgb = JuliaRenderer.render(100, 50, 64, -2.0, 2.0, -1.5, 1.5, -0.8, 0.156);
    BufferedImage thumbnail = decode(Thumbnails.png(100, 50, rgb, 100));
    for (int y = 0; y < 50; y++) {
      for (int x = 0; x < 100; x++) {
        assertEquals(rgb[y * 100 + x], thumbnail.getRGB(x, y) & 0xffffff);
      }
    }
  }

  @Test
  void averagesEachBox() throws IOException {
    // 6 × 4 scaled to 3 × 2: every thumbnail pixel is the rounded mean of a 2 × 2 block.
    int width = 6;
    int height = 4;
    int[] rgb = new int[width * height];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (i * 37 % 256) << 16 | (i * 91 % 256) << 8 | (i * 13 % 256);
    }
    BufferedImage thumbnail = decode(Thumbnails.png(width, height, rgb, 3));
    assertEquals(3, thumbnail.getWidth());
    assertEquals(2, thumbnail.getHeight());
    for (int ty = 0; ty < 2; ty++) {
      for (int tx = 0; tx < 3; tx++) {
        int expected = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          int sum = 0;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              sum += rgb[(2 * ty + dy) * width + 2 * tx + dx] >> shift & 0xff;
            }
          }
          expected |= (sum + 2) / 4 << shift;
        }
        assertEquals(
            Integer.toHexString(expected),
            Integer.toHexString(thumbnail.getRGB(tx, ty) & 0xffffff),
            "pixel " + tx + ", " + ty);
      }
    }
  }

  @Test
  void aPlainImageStaysPlain() throws IOException {
    int[] rgb = new int[1000 * 700];
    Arrays.fill(rgb, 0x123456);
    BufferedImage thumbnail = decode(Thumbnails.png(1000, 700, rgb, 128));
    for (int y = 0; y < thumbnail.getHeight(); y++) {
      for (int x = 0; x < thumbnail.getWidth(); x++) {
        assertEquals(0x123456, thumbnail.getRGB(x, y) & 0xffffff);
      }
    }
  }

  @Test
  void rejectsAnEmptyEdge() {
    assertThrows(IllegalArgumentException.class, () -> Thumbnails.png(2, 2, new int[4], 0));
  }

  private static BufferedImage decode(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png));
  }
}
