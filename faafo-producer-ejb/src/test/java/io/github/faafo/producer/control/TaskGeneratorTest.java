package io.github.faafo.producer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.fractal.control.TaskLimits;
import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.messaging.TaskMessage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskGeneratorTest {

  private static final TaskRanges ORIGINAL =
      new TaskRanges(
          1, 10, 256, 1024, 256, 1024, 128, 512, -4.0, -1.0, 1.0, 4.0, -3.0, -0.5, 0.5, 3.0);

  @Test
  void everyTaskLiesWithinTheRanges() {
    TaskGenerator generator = new TaskGenerator(ORIGINAL, new SplittableRandom(1));
    Set<Integer> widths = new HashSet<>();
    Set<String> uuids = new HashSet<>();
    for (TaskMessage task : generator.next(20_000)) {
      FractalParameters t = task.parameters();
      assertTrue(t.width() >= 256 && t.width() <= 1024, "width " + t.width());
      assertTrue(t.height() >= 256 && t.height() <= 1024, "height " + t.height());
      assertTrue(t.iterations() >= 128 && t.iterations() <= 512, "iterations " + t.iterations());
      assertTrue(t.xa() >= -4.0 && t.xa() < -1.0, "xa " + t.xa());
      assertTrue(t.xb() >= 1.0 && t.xb() < 4.0, "xb " + t.xb());
      assertTrue(t.ya() >= -3.0 && t.ya() < -0.5, "ya " + t.ya());
      assertTrue(t.yb() >= 0.5 && t.yb() < 3.0, "yb " + t.yb());
      assertNull(t.cx());
      assertNull(t.cy());
      widths.add(t.width());
      uuids.add(task.uuid());
    }
    assertTrue(widths.contains(256) && widths.contains(1024), "both ends are reachable");
    assertEquals(20_000, uuids.size());
  }

  @Test
  void taskCountsCoverOneToTen() {
    TaskGenerator generator = new TaskGenerator(ORIGINAL, new SplittableRandom(2));
    Set<Integer> counts = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      counts.add(generator.taskCount());
    }
    assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), counts);
  }

  @Test
  void fixedRangesGiveFixedValues() {
    TaskRanges fixed = new TaskRanges(3, 3, 64, 64, 32, 32, 50, 50, -1, -1, 1, 1, -1, -1, 1, 1);
    List<TaskMessage> tasks = new TaskGenerator(fixed, new SplittableRandom(3)).next(3);
    assertEquals(64, tasks.get(0).parameters().width());
    assertEquals(-1.0, tasks.get(2).parameters().xa());
  }

  @Test
  void theOriginalsRangesInTheirOwnOrderAreTheSameRanges() {
    // the original's options: min-xa=-1.0, max-xa=-4.0, min-ya=-0.5, max-ya=-3.0
    TaskRanges asTheOriginalNamesThem =
        new TaskRanges(
            10, 1, 1024, 256, 1024, 256, 512, 128, -1.0, -4.0, 4.0, 1.0, -0.5, -3.0, 3.0, 0.5);
    assertEquals(ORIGINAL, asTheOriginalNamesThem);
  }

  @Test
  void rangesThatCanMakeRefusedTasksAreReported() {
    TaskValidator validator = new TaskValidator(TaskLimits.defaults());
    assertEquals(List.of(), ORIGINAL.problems(validator));
    TaskRanges overlapping =
        new TaskRanges(1, 2, 64, 64, 64, 64, 64, 64, -1, 2, 1, 3, -1, -0.5, 0.5, 1);
    List<String> problems = overlapping.problems(validator);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("xa"), problems.toString());
    TaskRanges tooLarge =
        new TaskRanges(0, 2, 64, 5000, 64, 64, 64, 64, -2, -1, 1, 2, -2, -1, 1, 2);
    List<String> more = tooLarge.problems(validator);
    assertTrue(more.stream().anyMatch(p -> p.contains("min-tasks")), more.toString());
    assertTrue(more.stream().anyMatch(p -> p.contains("width")), more.toString());
  }
}
