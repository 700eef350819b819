package io.github.faafo.metrics;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * MicroProfile Metrics where the server has them (Payara) and none where it has not (WildFly 38
 * dropped them), so the module deploys on both. It names MicroProfile Metrics types only inside its
 * methods, which run only when the API is there.
 */
public final class OptionalMetrics {

  private static final String REGISTRY_CLASS = "org.eclipse.microprofile.metrics.MetricRegistry";

  /** The application's {@code MetricRegistry}, or null when the server has none. */
  private final Object registry;

  private OptionalMetrics(Object registry) {
    this.registry = registry;
  }

  /**
   * Metrics kept in the registry that {@code registry} gives, which is asked only when the server
   * has the MicroProfile Metrics API (it may still answer null: then none are kept).
   */
  public static OptionalMetrics of(Supplier<Object> registry) {
    try {
      Class.forName(REGISTRY_CLASS, false, OptionalMetrics.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return new OptionalMetrics(null);
    }
    return new OptionalMetrics(registry.get());
  }

  public boolean present() {
    return registry != null;
  }

  public Runnable counter(String name) {
    LongConsumer counter = counterBy(name);
    return () -> counter.accept(1);
  }

  /** A counter that grows by the amount given. */
  public LongConsumer counterBy(String name) {
    if (registry == null) {
      return amount -> {};
    }
    Counter counter = ((MetricRegistry) registry).counter(name);
    return counter::inc;
  }

  public Consumer<Duration> timer(String name) {
    if (registry == null) {
      return duration -> {};
    }
    Timer timer = ((MetricRegistry) registry).timer(name);
    return timer::update;
  }

  public <T, R extends Number> void gauge(String name, T object, Function<T, R> value) {
    if (registry != null) {
      ((MetricRegistry) registry).gauge(name, object, value);
    }
  }
}
