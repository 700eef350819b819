package io.github.faafo.worker.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JuliaRendererTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // width, height, iterations, xa, xb, ya, yb, cx, cy
        Arguments.of(2, 2, 255, -2.0, 2.0, -1.5, 1.5, -0.8, 0.156),
        Arguments.of(2, 2, 1, -2.0, 2.0, -1.5, 1.5, -0.8, 0.156),
        Arguments.of(2, 9, 100, -0.5, 0.5, -1.0, 1.0, -0.8, 0.156),
        Arguments.of(9, 2, 100, -1.0, 1.0, -0.5, 0.5, -0.8, 0.156),
        Arguments.of(3, 3, 50, -1.0, 1.0, -1.0, 1.0, 0.0, 0.0),
        Arguments.of(5, 4, 2, -2.0, 2.0, -1.5, 1.5, 0.3, -0.5),
        Arguments.of(7, 5, 12, -2.0, 2.0, -1.5, 1.5, 0.285, 0.01),
        Arguments.of(64, 64, 1, -1.5, 1.5, -1.5, 1.5, -0.8, 0.156),
        Arguments.of(257, 131, 255, -2.0, 2.0, -1.5, 1.5, -0.4, 0.6),
        Arguments.of(131, 257, 300, -1.5, 1.5, -1.5, 1.5, -0.8, 0.156),
        Arguments.of(200, 150, 1000, -0.3, 0.3, -0.2, 0.25, -0.7269, 0.1889),
        // everything escapes at once, and nothing ever escapes
        Arguments.of(33, 17, 255, 5.0, 9.0, 5.0, 7.0, -0.8, 0.156),
        Arguments.of(33, 17, 77, -0.5, 0.5, -0.5, 0.5, 0.0, 0.0),
        // several parallel bands of rows, in both orientations
        Arguments.of(4096, 9, 64, -2.0, 2.0, -1.5, 1.5, -0.8, 0.156),
        Arguments.of(2, 20_000, 64, -1.0, 1.0, -1.5, 1.5, -0.8, 0.156),
        Arguments.of(1024, 1024, 512, -1.5, 1.5, -1.5, 1.5, -0.8, 0.156));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesThePlainLoopPixelForPixel(
      int width,
      int height,
      int iterations,
      double xa,
      double xb,
      double ya,
      double yb,
      double cx,
      double cy) {
    int[] expected = ReferenceJulia.render(width, height, iterations, xa, xb, ya, yb, cx, cy);
    assertArrayEquals(
        expected, JuliaRenderer.render(width, height, iterations, xa, xb, ya, yb, cx, cy));
    assertArrayEquals(
        expected, JuliaRenderer.render(width, height, iterations, xa, xb, ya, yb, cx, cy, false));
    assertArrayEquals(
        expected, JuliaRenderer.render(width, height, iterations, xa, xb, ya, yb, cx, cy, true));
  }

  @Test
  void coloursKnownEscapeCounts() {
    // c = 0 and real starting points 0, 1, 2, 3 (height 2 with ya = yb keeps zy = 0):
    // 0 and 1 never escape (i = iterations - 1 = 39), 2 escapes after one step (4 > 2), 3 at once.
    int[] image = JuliaRenderer.render(4, 2, 40, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0);
    int[] row = {0xe07038, 0xe07038, 0x201008, 0x000000};
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 4; x++) {
        assertEquals(row[x], image[y * 4 + x], "pixel " + x + ", " + y);
      }
    }
  }

  @Test
  void colourFormula() {
    assertEquals(0x000000, JuliaRenderer.colour(0));
    assertEquals(0x201008, JuliaRenderer.colour(1));
    assertEquals(0xe07038, JuliaRenderer.colour(7));
    assertEquals(0x008040, JuliaRenderer.colour(8));
    assertEquals(0x000080, JuliaRenderer.colour(16));
    assertEquals(0xe0f0f8, JuliaRenderer.colour(31));
    assertEquals(0x000000, JuliaRenderer.colour(32));
    assertEquals(0x603018, JuliaRenderer.colour(99)); // 3·32, 3·16, 3·8
    assertEquals(0xe0f0f8, JuliaRenderer.colour(511));
  }

  @Test
  void escapeCountsOfRealPoints() {
    // z → z² from 1.2: 1.2, 1.44, 2.0736 > 2, so the loop breaks at index 2.
    assertEquals(2, JuliaRenderer.escapeCount(1.2, 0.0, 0.0, 0.0, 100));
    assertEquals(3, JuliaRenderer.escapeCount(1.1, 0.0, 0.0, 0.0, 100));
    assertEquals(0, JuliaRenderer.escapeCount(2.5, 0.0, 0.0, 0.0, 100));
    assertEquals(99, JuliaRenderer.escapeCount(0.0, 0.0, 0.0, 0.0, 100));
    assertEquals(0, JuliaRenderer.escapeCount(0.0, 0.0, 0.0, 0.0, 1));
    assertEquals(2, JuliaRenderer.escapeCount(1.2, 0.0, 0.0, 0.0, 3));
    assertEquals(1, JuliaRenderer.escapeCount(1.2, 0.0, 0.0, 0.0, 2));
  }

  @Test
  void rejectsWhatCannotBeRendered() {
    assertThrows(
        IllegalArgumentException.class,
        () -> JuliaRenderer.render(1, 10, 10, -1.0, 1.0, -1.0, 1.0, 0.0, 0.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> JuliaRenderer.render(10, 1, 10, -1.0, 1.0, -1.0, 1.0, 0.0, 0.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> JuliaRenderer.render(10, 10, 0, -1.0, 1.0, -1.0, 1.0, 0.0, 0.0));
  }
}
