package io.github.faafo.producer.boundary;

import io.github.faafo.producer.control.ProducerLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renews this node's leases on their own timer, so that a batch waiting for its results never lets
 * a lease lapse: the sweep lease always, the generation lease when the producer timer is on.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LeaseKeeper {

  @Resource TimerService timers;

  @Inject ProducerLeases leases;

  @Inject
  @ConfigProperty(name = "faafo.producer.enabled")
  boolean generating;

  /**
   * Starts the timer, then tries the leases once. Outside a transaction, so that a first try that
   * fails (the database is away, or its tables are not made yet) cannot roll the timer's creation
   * back with it: the next renewal takes the leases.
   */
  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void schedule() {
    long interval = leases.renewSeconds() * 1000;
    timers.createIntervalTimer(interval, interval, new TimerConfig("faafo leases", false));
    renew();
  }

  @Timeout
  void renew() {
    leases.renew(ProducerLeases.SWEEP);
    if (generating) {
      leases.renew(ProducerLeases.GENERATION);
    }
  }

  @PreDestroy
  void release() {
    leases.releaseAll();
  }
}
