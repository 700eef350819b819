package io.github.faafo.bench;

import io.github.faafo.worker.control.JuliaRenderer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to render the reference workload; run-render-bench.sh divides {@link Workload}'s step count
 * by it to get M iterations/s. Short warm-up: the loops are compiled within the first second.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RenderBenchmark {

  // Fields, not constants, so that the JIT cannot fold the workload into the code.
  int width = Workload.WIDTH;
  int height = Workload.HEIGHT;
  int iterations = Workload.ITERATIONS;
  double xa = Workload.XA;
  double xb = Workload.XB;
  double ya = Workload.YA;
  double yb = Workload.YB;
  double cx = Workload.CX;
  double cy = Workload.CY;

  /** Our renderer on the calling thread only. */
  @Benchmark
  public int[] oneThread() {
    return JuliaRenderer.render(width, height, iterations, xa, xb, ya, yb, cx, cy, false);
  }

  /** Our renderer on the common fork-join pool (all cores), as the worker runs it. */
  @Benchmark
  public int[] allThreads() {
    return JuliaRenderer.render(width, height, iterations, xa, xb, ya, yb, cx, cy, true);
  }

  /** The plain one-pixel-at-a-time loop, julia.c's loop in Java, for comparison. */
  @Benchmark
  public int[] plainLoop() {
    return Workload.plainCounts(new long[1]);
  }
}
