package io.github.faafo.worker.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PngEncoderTest {

  /** {@code n} pixels of {@code n} different colours. */
  static int[] distinct(int n) {
    return IntStream.range(0, n).map(i -> (i << 8) | 7).toArray();
  }

  static Stream<Arguments> images() {
    return Stream.of(
        Arguments.of("1 × 1 random", 1, 1, random(1, 1)),
        Arguments.of("2 × 2 random", 2, 2, random(2, 2)),
        Arguments.of("1 × 300 random", 1, 300, random(1, 300)),
        Arguments.of("300 × 1 random", 300, 1, random(300, 1)),
        Arguments.of("97 × 61 random", 97, 61, random(97, 61)),
        Arguments.of("rows longer than a segment", 100_000, 3, random(100_000, 3)),
        Arguments.of("255 × 1030 gradient", 255, 1030, gradient(255, 1030)),
        Arguments.of(
            "1024 × 1024 fractal",
            1024,
            1024,
            JuliaRenderer.render(1024, 1024, 512, -1.5, 1.5, -1.5, 1.5, -0.8, 0.156)),
        Arguments.of(
            "600 × 400 fractal",
            600,
            400,
            JuliaRenderer.render(600, 400, 255, -2.0, 2.0, -1.5, 1.5, -0.4, 0.6)),
        Arguments.of("256 colours", 16, 16, distinct(256)),
        Arguments.of("257 colours", 257, 1, distinct(257)));
  }

  /** Many fractals of random sizes, rectangles and constants: palette images, pixel for pixel. */
  static Stream<Arguments> fractals() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261130L);
    return IntStream.range(0, 40)
        .mapToObj(
            i -> {
              int width = random.nextInt(2, 300);
              int height = random.nextInt(2, 300);
              double xa = random.nextDouble(-2, 0);
              double ya = random.nextDouble(-2, 0);
              int[] rgb =
                  JuliaRenderer.render(
                      width,
                      height,
                      random.nextInt(1, 600),
                      xa,
                      xa + random.nextDouble(0.001, 2),
                      ya,
                      ya + random.nextDouble(0.001, 2),
                      random.nextDouble(-1, 1),
                      random.nextDouble(-1, 1));
              return Arguments.of("fractal " + i, width, height, rgb);
            });
  }

  /** Every image of both sources above. */
  static Stream<Arguments> allImages() {
    return Stream.concat(images(), fractals());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allImages")
  void aPaletteFoundInChunksIsTheOnePassPalette(String name, int width, int height, int[] rgb) {
    byte[] onePass = new byte[rgb.length];
    int[] expected = PngEncoder.paletteOf(rgb, onePass, rgb.length);
    for (int chunk : new int[] {1, 7, 1_000, 65_536}) {
      byte[] chunked = new byte[rgb.length];
      int[] palette = PngEncoder.paletteOf(rgb, chunked, chunk);
      assertArrayEquals(expected, palette, "palette in chunks of " + chunk);
      if (expected != null) {
        assertArrayEquals(onePass, chunked, "indices in chunks of " + chunk);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fractals")
  void fractalsArePaletteImagesWithTheSamePixels(String name, int width, int height, int[] rgb)
      throws IOException, DataFormatException {
    chunksAndZlibStreamAreWellFormed(name, width, height, rgb);
    imageIoReadsBackEveryPixel(name, width, height, rgb);
    assertEquals(3, PngEncoder.encode(width, height, rgb)[25], "colour type");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void imageIoReadsBackEveryPixel(String name, int width, int height, int[] rgb)
      throws IOException {
    BufferedImage decoded =
        ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(width, height, rgb)));
    assertEquals(width, decoded.getWidth());
    assertEquals(height, decoded.getHeight());
    assertEquals(3, decoded.getColorModel().getNumComponents());
    assertEquals(8, decoded.getColorModel().getComponentSize(0));
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int expected = rgb[y * width + x];
        int actual = decoded.getRGB(x, y) & 0xffffff;
        if (expected != actual) {
          assertEquals(
              Integer.toHexString(expected), Integer.toHexString(actual), "pixel " + x + ", " + y);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void chunksAndZlibStreamAreWellFormed(String name, int width, int height, int[] rgb)
      throws DataFormatException {
    ByteBuffer png = ByteBuffer.wrap(PngEncoder.encode(width, height, rgb));
    long colours = IntStream.of(rgb).map(c -> c & 0xFFFFFF).distinct().count();
    boolean palette = colours <= 256;
    int bytesPerPixel = palette ? 1 : 3;
    byte[] signature = new byte[8];
    png.get(signature);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, signature);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    StringBuilder types = new StringBuilder();
    while (png.hasRemaining()) {
      int length = png.getInt();
      byte[] typeAndData = new byte[4 + length];
      png.get(typeAndData);
      CRC32 crc = new CRC32();
      crc.update(typeAndData);
      assertEquals((int) crc.getValue(), png.getInt(), "CRC");
      String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
      types.append(type).append(' ');
      if (type.equals("IHDR")) {
        ByteBuffer header = ByteBuffer.wrap(typeAndData, 4, length);
        assertEquals(width, header.getInt());
        assertEquals(height, header.getInt());
        assertEquals(8, header.get(), "bit depth");
        assertEquals(palette ? 3 : 2, header.get(), "colour type");
      } else if (type.equals("PLTE")) {
        assertEquals(3 * colours, length, "three bytes a palette entry");
      } else if (type.equals("IDAT")) {
        idat.write(typeAndData, 4, length);
      }
    }
    assertEquals(palette ? "IHDR PLTE IDAT IEND " : "IHDR IDAT IEND ", types.toString());

    // Inflater checks the zlib stream's Adler-32, which the encoder combined from its segments.
    byte[] raw = new byte[(bytesPerPixel * width + 1) * height + 1];
    Inflater inflater = new Inflater();
    inflater.setInput(idat.toByteArray());
    int length = 0;
    while (!inflater.finished() && length < raw.length) {
      int n = inflater.inflate(raw, length, raw.length - length);
      assertTrue(n > 0 || inflater.finished(), "inflater is stuck");
      length += n;
    }
    assertTrue(inflater.finished());
    assertEquals(0, inflater.getRemaining(), "bytes after the zlib stream");
    inflater.end();
    assertEquals((bytesPerPixel * width + 1) * height, length);
  }

  @Test
  void combinesAdler32LikeZlib() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      byte[] data = new byte[random.nextInt(1, 300_000)];
      random.nextBytes(data);
      int split = random.nextInt(data.length + 1);
      Adler32 whole = new Adler32();
      whole.update(data);
      Adler32 first = new Adler32();
      first.update(data, 0, split);
      Adler32 second = new Adler32();
      second.update(data, split, data.length - split);
      assertEquals(
          whole.getValue(),
          PngEncoder.combineAdler32(first.getValue(), second.getValue(), data.length - split));
    }
  }

  @Test
  void ignoresTheTopByteAndIsDeterministic() throws IOException {
    int[] rgb = random(40, 30);
    int[] withAlpha = rgb.clone();
    for (int i = 0; i < withAlpha.length; i++) {
      withAlpha[i] |= 0xff000000;
    }
    byte[] png = PngEncoder.encode(40, 30, rgb);
    assertArrayEquals(png, PngEncoder.encode(40, 30, withAlpha));
    assertArrayEquals(png, PngEncoder.encode(40, 30, rgb.clone()));
  }

  @Test
  void rejectsMismatchedPixels() {
    assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(3, 3, new int[8]));
    assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(0, 3, new int[0]));
  }

  private static int[] random(int width, int height) {
    int[] rgb = new int[width * height];
    SplittableRandom random = new SplittableRandom(width * 31L + height);
    Arrays.setAll(rgb, i -> random.nextInt(1 << 24));
    return rgb;
  }

  private static int[] gradient(int width, int height) {
    int[] rgb = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        rgb[y * width + x] = x << 16 | (y & 0xff) << 8 | (x + y) & 0xff;
      }
    }
    return rgb;
  }
}
