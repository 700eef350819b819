package io.github.faafo.worker.control;

import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * MicroProfile Metrics where the server has them (Payara) and none where it has not (WildFly 38
 * dropped them), so the module deploys on both. It names MicroProfile Metrics types only inside its
 * methods, which run only when the API is there.
 */
final class OptionalMetrics {

  private static final String REGISTRY_CLASS = "org.eclipse.microprofile.metrics.MetricRegistry";

  /** The application's {@code MetricRegistry}, or null when the server has none. */
  private final Object registry;

  private OptionalMetrics(Object registry) {
    this.registry = registry;
  }

  /** The application registry as {@code @Inject MetricRegistry} gives it, if the server has one. */
  static OptionalMetrics lookup(Instance<Object> beans) {
    try {
      Class.forName(REGISTRY_CLASS, false, OptionalMetrics.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return new OptionalMetrics(null);
    }
    return new OptionalMetrics(registry(beans));
  }

  private static Object registry(Instance<Object> beans) {
    Instance<MetricRegistryHolder> holders = beans.select(MetricRegistryHolder.class);
    return holders.isResolvable() ? holders.get().registry : null;
  }

  boolean present() {
    return registry != null;
  }

  Runnable counter(String name) {
    if (registry == null) {
      return () -> {};
    }
    Counter counter = ((MetricRegistry) registry).counter(name);
    return counter::inc;
  }

  Consumer<Duration> timer(String name) {
    if (registry == null) {
      return duration -> {};
    }
    Timer timer = ((MetricRegistry) registry).timer(name);
    return timer::update;
  }

  <T, R extends Number> void gauge(String name, T object, Function<T, R> value) {
    if (registry != null) {
      ((MetricRegistry) registry).gauge(name, object, value);
    }
  }
}
