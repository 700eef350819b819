package io.github.faafo.producer.control;

import io.github.faafo.failure.CauseChain;
import io.github.faafo.failure.Retry;
import io.github.faafo.messaging.ResultMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores worker results in the database, those that arrive together in one transaction, retrying
 * with back-off while the database is away, so that a result that arrives during a database restart
 * is not lost.
 */
@ApplicationScoped
public class ResultStore {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  private static final long FIRST_PAUSE_MILLIS = 250;

  private static final long LONGEST_PAUSE_MILLIS = 5_000;

  @Inject FractalRecords records;

  @Inject ProducerMetrics metrics;

  @Inject
  @ConfigProperty(name = "faafo.producer.store-retry-seconds")
  long retrySeconds;

  /**
   * Stores {@code results} in one transaction; if that fails (the database is away, or one of them
   * cannot be stored), stores each on its own as {@link #store(ResultMessage)} does, so that one
   * result never holds back the others.
   */
  public void storeAll(List<ResultMessage> results) {
    if (results.size() == 1) {
      store(results.get(0));
      return;
    }
    List<FractalRecords.Outcome> outcomes;
    try {
      outcomes = records.completeAll(results);
    } catch (RuntimeException e) {
      LOG.warning(
          () ->
              "cannot store "
                  + results.size()
                  + " results together ("
                  + CauseChain.rootMessage(e)
                  + "); storing them one by one");
      results.forEach(this::store);
      return;
    }
    for (int i = 0; i < results.size(); i++) {
      if (outcomes.get(i) == FractalRecords.Outcome.STORED) {
        metrics.completed();
      }
      report(results.get(i), outcomes.get(i));
    }
  }

  /** Stores {@code result}, trying until it is stored or the retry time is used up. */
  public void store(ResultMessage result) {
    try {
      FractalRecords.Outcome outcome =
          new Retry(Duration.ofSeconds(retrySeconds), FIRST_PAUSE_MILLIS, LONGEST_PAUSE_MILLIS)
              .until(
                  () -> records.complete(result),
                  (attempt, e, pause) ->
                      LOG.warning(
                          () ->
                              "cannot store the result of task "
                                  + result.uuid()
                                  + " (attempt "
                                  + attempt
                                  + ": "
                                  + CauseChain.rootMessage(e)
                                  + "); retrying in "
                                  + pause
                                  + " ms"));
      if (outcome == FractalRecords.Outcome.STORED) {
        metrics.completed();
      }
      report(result, outcome);
    } catch (Retry.GaveUp gaveUp) {
      LOG.severe(
          () ->
              "giving up storing the result of task "
                  + result.uuid()
                  + " ("
                  + CauseChain.rootMessage(gaveUp)
                  + (gaveUp.interrupted() ? ", interrupted" : "")
                  + "); it will be dispatched again");
    }
  }

  private static void report(ResultMessage result, FractalRecords.Outcome outcome) {
    switch (outcome) {
      case STORED -> LOG.info(() -> "task " + result.uuid() + " processed: " + result.summary());
      case DUPLICATE ->
          LOG.info(() -> "task " + result.uuid() + " was already done; duplicate result ignored");
      case CONFLICTING_DUPLICATE ->
          LOG.warning(
              () ->
                  "task "
                      + result.uuid()
                      + " was already done with another checksum; result "
                      + result.checksum()
                      + " ignored");
      case UNKNOWN ->
          LOG.info(() -> "task " + result.uuid() + " has no record (deleted?); result ignored");
    }
  }
}
