package io.github.faafo.producer.control;

import org.eclipse.microprofile.config.Config;

/** The ranges random tasks are drawn from; the original's by default, each one configurable. */
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
