package io.github.faafo.bench;

import io.github.faafo.worker.control.PngEncoder;
import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PNG encoding plus SHA-256 of the 1024 × 1024 reference image: our encoder against {@code
 * ImageIO.write(image, "png", out)}, each benchmark in its own JVM.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PngBenchmark {

  private int[] rgb;
  private BufferedImage image;

  @Setup
  public void setUp() {
    rgb = Workload.image();
    image = Workload.bufferedImage(rgb);
  }

  /** Our encoder as the worker runs it: segments deflated on the common fork-join pool. */
  @Benchmark
  public String ours() {
    return sha256(PngEncoder.encode(Workload.WIDTH, Workload.HEIGHT, rgb));
  }

  /** Our encoder with a common pool of parallelism 0, so everything runs on the calling thread. */
  @Benchmark
  @Fork(jvmArgsAppend = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=0")
  public String oursOneThread() {
    return sha256(PngEncoder.encode(Workload.WIDTH, Workload.HEIGHT, rgb));
  }

  /** ImageIO as it comes: its default cache setting (a temporary file when one can be made). */
  @Benchmark
  public String imageIo() {
    return sha256(Workload.imageIoPng(image));
  }

  /** ImageIO with {@code setUseCache(false)}, its fastest way to write to memory. */
  @Benchmark
  public String imageIoNoCache() {
    ImageIO.setUseCache(false);
    return sha256(Workload.imageIoPng(image));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
