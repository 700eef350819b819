package io.github.faafo.worker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The render time in the worker's log line reads as the original's {@code %f} wrote it. */
class TaskProcessorTest {

  @Test
  void sixDecimalsWritesWhatPercentFWrites() {
    double[] edges = {
      0, 0.5, 1e-7, 4.9999995e-7, 5e-7, 0.0000005, 0.1234565, 0.9999995, 2.5e-3, 12.0
    };
    for (double seconds : edges) {
      assertEquals(
          String.format(Locale.ROOT, "%f", seconds),
          TaskProcessor.sixDecimals(seconds),
          () -> "for " + seconds);
    }
    Random random = new Random(13);
    for (int i = 0; i < 200_000; i++) {
      // render times: nanoseconds of System.nanoTime() over 1e9, from microseconds to minutes
      double seconds = Math.floor(random.nextDouble() * Math.pow(10, 3 + random.nextInt(9))) / 1e9;
      assertEquals(
          String.format(Locale.ROOT, "%f", seconds),
          TaskProcessor.sixDecimals(seconds),
          () -> "for " + seconds);
    }
  }
}
