package io.github.faafo.producer.control;

import io.github.faafo.fractal.entity.Fractal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds pending fractals whose reply never came (the requestor died, the reply queue went with its
 * connection, a send was lost) and dispatches them again, or marks them failed after the configured
 * number of attempts. Also dispatches records the API created but could not announce.
 */
@ApplicationScoped
public class StuckTaskRecovery {

  private static final Logger LOG = Logger.getLogger("faafo.producer");
  private static final int BATCH = 200;

  @Inject FractalRecords records;

  @Inject FractalDispatcher dispatcher;

  @Inject TaskRequestor requestor;

  @Inject ProducerMetrics metrics;

  @Inject
  @ConfigProperty(name = "faafo.producer.reply-timeout-seconds")
  long replyTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "faafo.producer.max-attempts")
  int maxAttempts;

  @Inject
  @ConfigProperty(name = "faafo.producer.dispatch-grace-seconds")
  long dispatchGraceSeconds;

  /** One sweep over the table. */
  public void sweep() {
    LocalDateTime now = Fractal.now();
    for (Fractal stuck : records.findStuck(now.minusSeconds(replyTimeoutSeconds), BATCH)) {
      if (requestor.isInFlight(stuck.getUuid())) {
        continue;
      }
      if (stuck.getAttempts() >= maxAttempts) {
        String reason =
            "no result after "
                + stuck.getAttempts()
                + " attempt(s) of "
                + replyTimeoutSeconds
                + " s each";
        if (records.fail(stuck.getUuid(), reason)) {
          metrics.failed();
          LOG.warning(() -> "task " + stuck.getUuid() + " failed: " + reason);
        }
      } else {
        LOG.info(
            () ->
                "task "
                    + stuck.getUuid()
                    + " got no result within "
                    + replyTimeoutSeconds
                    + " s; dispatching it again (attempt "
                    + (stuck.getAttempts() + 1)
                    + " of "
                    + maxAttempts
                    + ")");
        metrics.redispatched();
        dispatcher.dispatch(stuck.getUuid());
      }
    }
    for (Fractal waiting :
        records.findUndispatched(now.minusSeconds(dispatchGraceSeconds), BATCH)) {
      LOG.info(() -> "task " + waiting.getUuid() + " was never dispatched; dispatching it now");
      dispatcher.dispatch(waiting.getUuid());
    }
  }
}
