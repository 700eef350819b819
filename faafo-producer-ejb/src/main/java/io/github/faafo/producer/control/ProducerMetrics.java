package io.github.faafo.producer.control;

import io.github.faafo.metrics.OptionalMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * The producer's MicroProfile metrics (application scope, at {@code /metrics}): tasks generated,
 * dispatched, dispatched again, completed and failed, handed off by the API of the same server,
 * batches skipped and fenced off, bundles of tasks sent, and the request/reply round trip. On
 * WildFly they go to its Micrometer registry ({@link OptionalMetrics}).
 */
@ApplicationScoped
public class ProducerMetrics {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Inject Instance<Object> beans;

  private OptionalMetrics registry;
  private Runnable generated;
  private Runnable dispatched;
  private Runnable redispatched;
  private Runnable completed;
  private Runnable failed;
  private Runnable batchSkipped;
  private Runnable batchFenced;
  private Runnable bundleSent;
  private LongConsumer handedOff;
  private Consumer<Duration> roundTrip;

  @PostConstruct
  void register() {
    registry = OptionalMetrics.of(() -> MetricRegistryHolder.registry(beans), beans);
    LOG.info("the producer's metrics are " + registry.describe());
    generated = registry.counter("faafo_tasks_generated");
    dispatched = registry.counter("faafo_tasks_dispatched");
    redispatched = registry.counter("faafo_tasks_redispatched");
    completed = registry.counter("faafo_tasks_completed");
    failed = registry.counter("faafo_tasks_failed");
    batchSkipped = registry.counter("faafo_batches_skipped");
    batchFenced = registry.counter("faafo_batches_fenced");
    bundleSent = registry.counter("faafo_task_bundles_sent");
    handedOff = registry.counterBy("faafo_tasks_handed_off");
    roundTrip = registry.timer("faafo_task_round_trip");
  }

  @PreDestroy
  void unregister() {
    registry.close();
  }

  /**
   * Shows whether this node holds each lease as the gauges {@code faafo_lease_generation_held} and
   * {@code faafo_lease_sweep_held} (1 or 0).
   */
  public void watchLeases(ProducerLeases leases) {
    for (String name : List.of(ProducerLeases.GENERATION, ProducerLeases.SWEEP)) {
      registry.gauge("faafo_lease_" + name + "_held", leases, l -> l.holds(name) ? 1 : 0);
    }
  }

  /** Shows {@code inFlight} as the gauge {@code faafo_tasks_in_flight}. */
  public void watchInFlight(TaskRequestor requestor) {
    registry.gauge("faafo_tasks_in_flight", requestor, TaskRequestor::inFlightCount);
  }

  public void generated() {
    generated.run();
  }

  public void dispatched() {
    dispatched.run();
  }

  public void redispatched() {
    redispatched.run();
  }

  public void completed() {
    completed.run();
  }

  /** The timer skipped its batch: too many fractals wait for rendering. */
  public void batchSkipped() {
    batchSkipped.run();
  }

  /** The timer's batch was dropped: the database names another holder of the generation lease. */
  public void batchFenced() {
    batchFenced.run();
  }

  /** Several tasks left in one message ({@link TaskBundling}). */
  public void bundleSent() {
    bundleSent.run();
  }

  /** The API of this server handed {@code tasks} over without a dispatch message. */
  public void handedOff(int tasks) {
    handedOff.accept(tasks);
  }

  public void failed() {
    failed.run();
  }

  public void roundTrip(Duration duration) {
    roundTrip.accept(duration);
  }
}
