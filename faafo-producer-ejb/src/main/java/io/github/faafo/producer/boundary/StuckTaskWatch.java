package io.github.faafo.producer.boundary;

import io.github.faafo.producer.control.ProducerLeases;
import io.github.faafo.producer.control.StuckTaskRecovery;
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
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the stuck-task sweep every {@code faafo.producer.sweep-interval-seconds}, on the one node
 * that holds the sweep lease, so that two nodes never send the same stuck task again at once.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StuckTaskWatch {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Resource TimerService timers;

  @Inject StuckTaskRecovery recovery;

  @Inject ProducerLeases leases;

  @Inject
  @ConfigProperty(name = "faafo.producer.sweep-interval-seconds")
  long intervalSeconds;

  @PostConstruct
  void schedule() {
    long interval = intervalSeconds * 1000;
    timers.createIntervalTimer(interval, interval, new TimerConfig("faafo stuck tasks", false));
  }

  @Timeout
  void sweep() {
    if (!leases.holds(ProducerLeases.SWEEP)) {
      return; // another node sweeps
    }
    try {
      recovery.sweep();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "stuck-task sweep failed ({0}); next sweep in {1} s",
          new Object[] {e.getMessage(), intervalSeconds});
    }
  }
}
