package io.github.faafo.producer.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The producer's MicroProfile metrics (application scope, at {@code /metrics}): tasks generated,
 * dispatched, dispatched again, completed and failed, and the request/reply round trip.
 */
@ApplicationScoped
public class ProducerMetrics {

  @Inject MetricRegistry registry;

  private Counter generated;
  private Counter dispatched;
  private Counter redispatched;
  private Counter completed;
  private Counter failed;
  private Timer roundTrip;

  @PostConstruct
  void register() {
    generated = registry.counter("faafo_tasks_generated");
    dispatched = registry.counter("faafo_tasks_dispatched");
    redispatched = registry.counter("faafo_tasks_redispatched");
    completed = registry.counter("faafo_tasks_completed");
    failed = registry.counter("faafo_tasks_failed");
    roundTrip = registry.timer("faafo_task_round_trip");
  }

  /** Shows {@code inFlight} as the gauge {@code faafo_tasks_in_flight}. */
  public void watchInFlight(TaskRequestor requestor) {
    registry.gauge("faafo_tasks_in_flight", requestor, TaskRequestor::inFlightCount);
  }

  public void generated() {
    generated.inc();
  }

  public void dispatched() {
    dispatched.inc();
  }

  public void redispatched() {
    redispatched.inc();
  }

  public void completed() {
    completed.inc();
  }

  public void failed() {
    failed.inc();
  }

  public void roundTrip(Duration duration) {
    roundTrip.update(duration);
  }
}
