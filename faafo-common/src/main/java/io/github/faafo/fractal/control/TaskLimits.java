package io.github.faafo.fractal.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.Config;

/**
 * The bounds a task must respect, so that nobody can use the renderer to burn the machine. Read
 * from MicroProfile Config ({@code faafo.task.*}) by the API and by every worker; the defaults are
 * written once, in {@code META-INF/microprofile-config.properties}.
 */
public record TaskLimits(
    int minSize,
    int maxSize,
    int maxIterations,
    long maxWork,
    double maxCoordinate,
    double maxConstant) {

  /** Reads the {@code faafo.task.*} keys. */
  public static TaskLimits from(Config config) {
    return of(key -> config.getValue(key, String.class));
  }

  /**
   * The defaults of faafo's {@code META-INF/microprofile-config.properties} (sizes 2…4096 pixels,
   * 1…10000 iterations, width × height × iterations ≤ 2^30), for code that runs without
   * MicroProfile Config.
   */
  public static TaskLimits defaults() {
    try {
      Enumeration<URL> files =
          TaskLimits.class.getClassLoader().getResources("META-INF/microprofile-config.properties");
      while (files.hasMoreElements()) {
        Properties file = new Properties();
        try (InputStream in = files.nextElement().openStream()) {
          file.load(in);
        }
        if (file.containsKey("faafo.task.min-size")) {
          return of(file::getProperty);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no faafo.task.* defaults on the class path");
  }

  private static TaskLimits of(UnaryOperator<String> value) {
    return new TaskLimits(
        Integer.parseInt(value.apply("faafo.task.min-size").trim()),
        Integer.parseInt(value.apply("faafo.task.max-size").trim()),
        Integer.parseInt(value.apply("faafo.task.max-iterations").trim()),
        Long.parseLong(value.apply("faafo.task.max-work").trim()),
        Double.parseDouble(value.apply("faafo.task.max-coordinate").trim()),
        Double.parseDouble(value.apply("faafo.task.max-constant").trim()));
  }
}
