package io.github.faafo.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How long a test may wait for rendering it caused, derived from that work: a fixed allowance for a
 * slow or busy machine (a cold JIT, the other core taken) plus, per task, the pipeline's own cost
 * and the task's iterations at a rate far below the renderer's (about 700 million a second on one
 * core). A deadline only bounds a failure; a passing test waits just as long as its work takes.
 */
final class Deadline {

  /**
   * How often a wait looks again (Awaitility's default, set by {@link CleanSlate}; Awaitility's own
   * is a tenth of a second): a wait still ends within half a second of what it awaits, and its
   * looks (API requests, queries, rabbitmqctl calls) leave the CPU to the work awaited.
   */
  static final Duration POLL = Duration.ofMillis(500);

  private static final Duration ALLOWANCE = Duration.ofSeconds(60);
  private static final long MILLIS_PER_TASK = 100;
  private static final long ITERATIONS_PER_MILLI = 100_000;

  private Deadline() {}

  static Duration forRendering(long tasks, long width, long height, long iterations) {
    long perTask = MILLIS_PER_TASK + width * height * iterations / ITERATIONS_PER_MILLI;
    return ALLOWANCE.plusMillis(tasks * perTask);
  }

  /**
   * Waits for {@code condition}, looking every {@code poll}; when it does not come within {@code
   * atMost}, fails with {@code state}, what the system showed then, so that a failure in CI says
   * more than which wait ran out.
   */
  static void awaitOrExplain(
      String what,
      Duration atMost,
      Duration poll,
      Callable<Boolean> condition,
      Supplier<String> state) {
    try {
      await().atMost(atMost).pollInterval(poll).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no " + what + " within " + atMost + "; " + state.get(), e);
    }
  }
}
