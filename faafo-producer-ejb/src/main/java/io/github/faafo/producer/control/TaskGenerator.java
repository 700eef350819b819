package io.github.faafo.producer.control;

import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.messaging.TaskMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Draws random tasks within {@link TaskRanges}, as the original producer did on every wake-up. */
public final class TaskGenerator {

  private final TaskRanges ranges;
  private final RandomGenerator random;

  public TaskGenerator(TaskRanges ranges, RandomGenerator random) {
    this.ranges = ranges;
    this.random = random;
  }

  /** How many tasks this wake-up generates. */
  public int taskCount() {
    return between(ranges.minTasks(), ranges.maxTasks());
  }

  /** One random task with a fresh UUID and no Julia constant: the worker picks it. */
  public TaskMessage next() {
    return new TaskMessage(
        UUID.randomUUID().toString(),
        new FractalParameters(
            between(ranges.minWidth(), ranges.maxWidth()),
            between(ranges.minHeight(), ranges.maxHeight()),
            between(ranges.minIterations(), ranges.maxIterations()),
            between(ranges.minXa(), ranges.maxXa()),
            between(ranges.minXb(), ranges.maxXb()),
            between(ranges.minYa(), ranges.maxYa()),
            between(ranges.minYb(), ranges.maxYb()),
            null,
            null));
  }

  /** {@code count} random tasks. */
  public List<TaskMessage> next(int count) {
    List<TaskMessage> tasks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tasks.add(next());
    }
    return tasks;
  }

  private int between(int min, int max) {
    return min == max ? min : random.nextInt(min, max + 1);
  }

  private double between(double min, double max) {
    return min == max ? min : random.nextDouble(min, max);
  }
}
