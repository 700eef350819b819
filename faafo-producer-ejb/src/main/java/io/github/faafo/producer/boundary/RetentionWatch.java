package io.github.faafo.producer.boundary;

import io.github.faafo.producer.control.ProducerLeases;
import io.github.faafo.producer.control.RetentionPolicy;
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
 * Applies the retention policy every {@code faafo.retention.interval-seconds}, on the node that
 * holds the sweep lease, so that a cluster prunes once.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionWatch {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Resource TimerService timers;

  @Inject RetentionPolicy policy;

  @Inject ProducerLeases leases;

  @Inject
  @ConfigProperty(name = "faafo.retention.interval-seconds")
  long intervalSeconds;

  @PostConstruct
  void schedule() {
    long interval = intervalSeconds * 1000;
    timers.createIntervalTimer(interval, interval, new TimerConfig("faafo retention", false));
  }

  @Timeout
  void prune() {
    if (!leases.holds(ProducerLeases.SWEEP)) {
      return; // the sweep's holder prunes
    }
    try {
      policy.prune();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "retention failed ({0}); next try in {1} s",
          new Object[] {e.getMessage(), intervalSeconds});
    }
  }
}
