package io.github.faafo.producer.control;

import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.FractalParameters;
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
    int[] tasks = ordered(minTasks, maxTasks);
    int[] widths = ordered(minWidth, maxWidth);
    int[] heights = ordered(minHeight, maxHeight);
    int[] counts = ordered(minIterations, maxIterations);
    double[] xas = ordered(minXa, maxXa);
    double[] xbs = ordered(minXb, maxXb);
    double[] yas = ordered(minYa, maxYa);
    double[] ybs = ordered(minYb, maxYb);
    minTasks = tasks[0];
    maxTasks = tasks[1];
    minWidth = widths[0];
    maxWidth = widths[1];
    minHeight = heights[0];
    maxHeight = heights[1];
    minIterations = counts[0];
    maxIterations = counts[1];
    minXa = xas[0];
    maxXa = xas[1];
    minXb = xbs[0];
    maxXb = xbs[1];
    minYa = yas[0];
    maxYa = yas[1];
    minYb = ybs[0];
    maxYb = ybs[1];
  }

  private static int[] ordered(int a, int b) {
    return new int[] {Math.min(a, b), Math.max(a, b)};
  }

  private static double[] ordered(double a, double b) {
    return new double[] {Math.min(a, b), Math.max(a, b)};
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
    FractalParameters narrowest =
        new FractalParameters(
            minWidth, minHeight, minIterations, maxXa, minXb, maxYa, minYb, null, null);
    FractalParameters widest =
        new FractalParameters(
            maxWidth, maxHeight, maxIterations, minXa, maxXb, minYa, maxYb, null, null);
    for (FractalParameters extreme : List.of(narrowest, widest)) {
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
