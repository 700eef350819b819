package io.github.faafo.metrics;

import io.github.faafo.node.NodeName;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The application's metrics in what the server offers: MicroProfile Metrics on Payara, Micrometer
 * on WildFly (its micrometer subsystem, which dropped MicroProfile Metrics), none elsewhere, so the
 * modules deploy on both. Each backend names its API's types only in its own nested class, which
 * loads only when the API is there.
 */
public final class OptionalMetrics {

  private static final String MICROPROFILE_REGISTRY =
      "org.eclipse.microprofile.metrics.MetricRegistry";
  private static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  /** The Micrometer tag that tells the nodes apart in the one registry an admin collects. */
  public static final String NODE_TAG = "faafo_node";

  private final Backend backend;

  private OptionalMetrics(Backend backend) {
    this.backend = backend;
  }

  /**
   * Metrics kept in the MicroProfile registry that {@code microProfile} gives (asked only when the
   * server has that API; it may answer null), otherwise in the Micrometer registry among {@code
   * beans} (WildFly's, when its micrometer subsystem is configured), otherwise none.
   */
  public static OptionalMetrics of(Supplier<Object> microProfile, Instance<Object> beans) {
    if (loads(MICROPROFILE_REGISTRY)) {
      Object registry = microProfile.get();
      if (registry != null) {
        return new OptionalMetrics(new MicroProfileBackend(registry));
      }
    }
    if (loads(MICROMETER_REGISTRY)) {
      Instance<?> registries = beans.select(classOf(MICROMETER_REGISTRY));
      if (registries.isResolvable()) {
        return new OptionalMetrics(new MicrometerBackend(registries.get(), NodeName.current()));
      }
    }
    return new OptionalMetrics(null);
  }

  /** Where the metrics are kept, for the log. */
  public String describe() {
    return backend == null
        ? "not kept: this server has neither MicroProfile Metrics nor a Micrometer registry"
        : backend.describe();
  }

  public Runnable counter(String name) {
    LongConsumer counter = counterBy(name);
    return () -> counter.accept(1);
  }

  /** A counter that grows by the amount given. */
  public LongConsumer counterBy(String name) {
    return backend == null ? amount -> {} : backend.counter(name);
  }

  public Consumer<Duration> timer(String name) {
    return backend == null ? duration -> {} : backend.timer(name);
  }

  public <T, R extends Number> void gauge(String name, T object, Function<T, R> value) {
    if (backend != null) {
      backend.gauge(name, object, value);
    }
  }

  /**
   * Takes this module's meters out of a registry that outlives the deployment (Micrometer's on
   * WildFly), so that a redeployed module's gauges do not read the old one's objects.
   */
  public void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static boolean loads(String className) {
    try {
      Class.forName(className, false, OptionalMetrics.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static Class<?> classOf(String className) {
    try {
      return Class.forName(className, false, OptionalMetrics.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(className + " loaded a moment ago", e);
    }
  }

  /** One metrics API behind {@link OptionalMetrics}. */
  private interface Backend {
    String describe();

    LongConsumer counter(String name);

    Consumer<Duration> timer(String name);

    <T, R extends Number> void gauge(String name, T object, Function<T, R> value);

    void close();
  }

  /** Payara's MicroProfile Metrics: the application registry, at {@code /metrics}. */
  private static final class MicroProfileBackend implements Backend {
    private final MetricRegistry registry;

    MicroProfileBackend(Object registry) {
      this.registry = (MetricRegistry) registry;
    }

    @Override
    public String describe() {
      return "kept in MicroProfile Metrics (application scope, /metrics)";
    }

    @Override
    public LongConsumer counter(String name) {
      return registry.counter(name)::inc;
    }

    @Override
    public Consumer<Duration> timer(String name) {
      return registry.timer(name)::update;
    }

    @Override
    public <T, R extends Number> void gauge(String name, T object, Function<T, R> value) {
      registry.gauge(name, object, value);
    }

    @Override
    public void close() {
      // the application's registry goes with the application
    }
  }

  /** WildFly's Micrometer registry, shared by the server's deployments: each meter is tagged. */
  private static final class MicrometerBackend implements Backend {
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final io.micrometer.core.instrument.Tags tags;
    private final String node;
    private final List<io.micrometer.core.instrument.Meter> meters = new ArrayList<>();

    MicrometerBackend(Object registry, String node) {
      this.registry = (io.micrometer.core.instrument.MeterRegistry) registry;
      this.tags = io.micrometer.core.instrument.Tags.of(NODE_TAG, node);
      this.node = node;
    }

    @Override
    public String describe() {
      return "kept in the server's Micrometer registry, tagged " + NODE_TAG + "=" + node;
    }

    @Override
    public LongConsumer counter(String name) {
      io.micrometer.core.instrument.Counter counter =
          kept(io.micrometer.core.instrument.Counter.builder(name).tags(tags).register(registry));
      return counter::increment;
    }

    @Override
    public Consumer<Duration> timer(String name) {
      return kept(io.micrometer.core.instrument.Timer.builder(name).tags(tags).register(registry))
          ::record;
    }

    @Override
    public <T, R extends Number> void gauge(String name, T object, Function<T, R> value) {
      kept(
          io.micrometer.core.instrument.Gauge.builder(
                  name, object, o -> value.apply(o).doubleValue())
              .tags(tags)
              .strongReference(true)
              .register(registry));
    }

    @Override
    public synchronized void close() {
      meters.forEach(registry::remove);
      meters.clear();
    }

    private synchronized <M extends io.micrometer.core.instrument.Meter> M kept(M meter) {
      meters.add(meter);
      return meter;
    }
  }
}
