package io.github.faafo.producer.control;

import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.messaging.TaskMessage;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The ranges random tasks are drawn from; the original's by default, each one configurable. A range
 * may be given in either order (the original's options name the x and y ranges the other way round:
 * {@code min-xa=-1.0}, {@code max-xa=-4.0}), so its values can be copied over by name.
 */
public record TaskRanges(
    int minTasks,
    int maxTasks,
    int minWidth,
    int maxWidth,
    int minHeight,
    int maxHeight,
    int minIterations,
    int maxIterations,
    double minXa,
    double maxXa,
    double minXb,
    double maxXb,
    double minYa,
    double maxYa,
    double minYb,
    double maxYb) {

  /** Puts each range in order, so that its minimum is not above its maximum. */
  public TaskRanges {
    int low;
    double lower;
    if (minTasks > maxTasks) {
      low = minTasks;
      minTasks = maxTasks;
      maxTasks = low;
    }
    if (minWidth > maxWidth) {
      low = minWidth;
      minWidth = maxWidth;
      maxWidth = low;
    }
    if (minHeight > maxHeight) {
      low = minHeight;
      minHeight = maxHeight;
      maxHeight = low;
    }
    if (minIterations > maxIterations) {
      low = minIterations;
      minIterations = maxIterations;
      maxIterations = low;
    }
    if (minXa > maxXa) {
      lower = minXa;
      minXa = maxXa;
      maxXa = lower;
    }
    if (minXb > maxXb) {
      lower = minXb;
      minXb = maxXb;
      maxXb = lower;
    }
    if (minYa > maxYa) {
      lower = minYa;
      minYa = maxYa;
      maxYa = lower;
    }
    if (minYb > maxYb) {
      lower = minYb;
      minYb = maxYb;
      maxYb = lower;
    }
  }

  /**
   * Why these ranges can make a task that the workers refuse (empty when every draw is valid): the
   * two extreme tasks, smallest with the narrowest rectangle and largest with the widest, must pass
   * {@code validator}, whose rules are bounds and orderings, and at least one task must be drawn.
   */
  public List<String> problems(TaskValidator validator) {
    List<String> problems = new ArrayList<>();
    if (minTasks < 1) {
      problems.add("min-tasks must be at least 1, not " + minTasks);
    }
    TaskMessage narrowest =
        new TaskMessage(
            null, minWidth, minHeight, minIterations, maxXa, minXb, maxYa, minYb, null, null);
    TaskMessage widest =
        new TaskMessage(
            null, maxWidth, maxHeight, maxIterations, minXa, maxXb, minYa, maxYb, null, null);
    for (TaskMessage extreme : List.of(narrowest, widest)) {
      for (Violation violation : validator.validate(extreme)) {
        problems.add(
            "a task drawn from these ranges can have "
                + violation.field()
                + " that "
                + violation.message());
      }
    }
    return problems;
  }

  /** Reads the {@code faafo.producer.*} range keys. */
  public static TaskRanges from(Config c) {
    return new TaskRanges(
        c.getValue("faafo.producer.min-tasks", Integer.class),
        c.getValue("faafo.producer.max-tasks", Integer.class),
        c.getValue("faafo.producer.min-width", Integer.class),
        c.getValue("faafo.producer.max-width", Integer.class),
        c.getValue("faafo.producer.min-height", Integer.class),
        c.getValue("faafo.producer.max-height", Integer.class),
        c.getValue("faafo.producer.min-iterations", Integer.class),
        c.getValue("faafo.producer.max-iterations", Integer.class),
        c.getValue("faafo.producer.min-xa", Double.class),
        c.getValue("faafo.producer.max-xa", Double.class),
        c.getValue("faafo.producer.min-xb", Double.class),
        c.getValue("faafo.producer.max-xb", Double.class),
        c.getValue("faafo.producer.min-ya", Double.class),
        c.getValue("faafo.producer.max-ya", Double.class),
        c.getValue("faafo.producer.min-yb", Double.class),
        c.getValue("faafo.producer.max-yb", Double.class));
  }
}
