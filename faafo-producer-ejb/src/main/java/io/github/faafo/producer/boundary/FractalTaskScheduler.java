package io.github.faafo.producer.boundary;

import io.github.faafo.producer.control.ProducerLeases;
import io.github.faafo.producer.control.TaskProduction;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wakes the producer every {@code faafo.producer.interval-seconds}; a programmatic, non-persistent
 * timer because {@code @Schedule} cannot read MicroProfile Config. Switched off with {@code
 * faafo.producer.enabled=false}, as on worker-only nodes. Of several nodes with the timer on, only
 * the one holding the generation lease ({@link ProducerLeases}) generates, so a cluster makes one
 * batch per interval.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class FractalTaskScheduler {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Resource TimerService timers;

  @Inject TaskProduction production;

  @Inject ProducerLeases leases;

  @Inject
  @ConfigProperty(name = "faafo.producer.enabled")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "faafo.producer.interval-seconds")
  long intervalSeconds;

  @PostConstruct
  void schedule() {
    if (!enabled) {
      LOG.info("producer timer is off (faafo.producer.enabled=false)");
      return;
    }
    List<String> problems = production.configurationProblems();
    if (!problems.isEmpty()) {
      LOG.severe(
          () ->
              "producer timer NOT started: its faafo.producer.* ranges would make tasks the workers"
                  + " refuse: "
                  + String.join("; ", problems)
                  + " (see docs/configuration.md)");
      return;
    }
    long interval = intervalSeconds * 1000;
    timers.createIntervalTimer(interval, interval, new TimerConfig("faafo producer", false));
    LOG.info(() -> "producer generates tasks every " + intervalSeconds + " s");
  }

  /**
   * One batch. A failure (database or broker away) is logged and the timer keeps going: a timeout
   * that throws is retried once and then the server drops the timer for good.
   */
  @Timeout
  void wakeUp() {
    if (!leases.holds(ProducerLeases.GENERATION)) {
      return; // another node generates this interval's batch (docs/scaling.md)
    }
    try {
      production.runOnce();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "generating tasks failed ({0}); next try in {1} s",
          new Object[] {e.getMessage(), intervalSeconds});
    }
  }
}
