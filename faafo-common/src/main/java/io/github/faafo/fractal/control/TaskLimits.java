package io.github.faafo.fractal.control;

import org.eclipse.microprofile.config.Config;

/**
 * The bounds a task must respect, so that nobody can use the renderer to burn the machine. Read
 * from MicroProfile Config by the API and by every worker.
 */
public record TaskLimits(
    int minSize,
    int maxSize,
    int maxIterations,
    long maxWork,
    double maxCoordinate,
    double maxConstant) {

  /** Defaults: sizes 2…4096 pixels, 1…10000 iterations, width × height × iterations ≤ 2^30. */
  public static final TaskLimits DEFAULTS = new TaskLimits(2, 4096, 10_000, 1L << 30, 1_000.0, 2.0);

  /** Reads {@code faafo.task.*} keys, falling back to {@link #DEFAULTS} for each missing one. */
  public static TaskLimits from(Config config) {
    return new TaskLimits(
        config.getOptionalValue("faafo.task.min-size", Integer.class).orElse(DEFAULTS.minSize),
        config.getOptionalValue("faafo.task.max-size", Integer.class).orElse(DEFAULTS.maxSize),
        config
            .getOptionalValue("faafo.task.max-iterations", Integer.class)
            .orElse(DEFAULTS.maxIterations),
        config.getOptionalValue("faafo.task.max-work", Long.class).orElse(DEFAULTS.maxWork),
        config
            .getOptionalValue("faafo.task.max-coordinate", Double.class)
            .orElse(DEFAULTS.maxCoordinate),
        config
            .getOptionalValue("faafo.task.max-constant", Double.class)
            .orElse(DEFAULTS.maxConstant));
  }
}
