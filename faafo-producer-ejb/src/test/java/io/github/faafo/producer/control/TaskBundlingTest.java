package io.github.faafo.producer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.messaging.TaskMessage;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskBundlingTest {

  private static TaskMessage task(String uuid, int side, int iterations) {
    return new TaskMessage(
        uuid, new FractalParameters(side, side, iterations, -2.0, 2.0, -2.0, 2.0, null, null));
  }

  @Test
  void tinyTasksTravelTogetherUpToTheLimitAndLargerOnesAlone() {
    TaskBundling bundling = new TaskBundling(3, 64 * 64 * 64);
    TaskMessage big = task("big", 65, 64);
    List<TaskMessage> tiny = IntStream.range(0, 7).mapToObj(i -> task("t" + i, 64, 64)).toList();
    List<TaskMessage> all =
        List.of(
            tiny.get(0),
            tiny.get(1),
            big,
            tiny.get(2),
            tiny.get(3),
            tiny.get(4),
            tiny.get(5),
            tiny.get(6));
    assertEquals(
        List.of(
            List.of(big),
            List.of(tiny.get(0), tiny.get(1), tiny.get(2)),
            List.of(tiny.get(3), tiny.get(4), tiny.get(5)),
            List.of(tiny.get(6))),
        bundling.group(all));
  }

  @Test
  void aLimitOfOneSendsEveryTaskAlone() {
    TaskBundling bundling = new TaskBundling(1, Long.MAX_VALUE);
    List<TaskMessage> tasks = List.of(task("a", 8, 8), task("b", 8, 8));
    assertEquals(List.of(List.of(tasks.get(0)), List.of(tasks.get(1))), bundling.group(tasks));
  }

  @Test
  void workIsPixelsTimesIterationsWithoutOverflow() {
    assertEquals(4_000L * 4_000 * 100_000, TaskBundling.work(task("w", 4_000, 100_000)));
  }
}
