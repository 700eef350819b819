package io.github.faafo.worker.control;

import io.github.faafo.failure.Retry;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.PooledSender;
import io.github.faafo.messaging.ResultMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Destination;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends results to the temporary queue each task names as its reply-to, through the resource
 * adapter's pooled connections; the destination is used as received, never declared again. While
 * the broker cannot take a reply (a node of the cluster just died), it tries again with back-off
 * for {@code faafo.worker.reply-retry-seconds} before it fails the delivery: every failed delivery
 * counts against the task queue's delivery limit, and the sessions of all workers would otherwise
 * use it up within a second and dead-letter a task that nothing is wrong with.
 */
@ApplicationScoped
public class ReplySender {

  private static final Logger LOG = Logger.getLogger("faafo.worker");

  private static final long FIRST_PAUSE_MILLIS = 100;

  private static final long LONGEST_PAUSE_MILLIS = 2_000;

  @Inject
  @ConfigProperty(name = "faafo.worker.reply-retry-seconds")
  long retrySeconds;

  private final PooledSender sender = new PooledSender();

  /** Sends {@code result}; a failure is thrown so that the task is delivered again. */
  public void send(Destination replyTo, String correlationId, ResultMessage result) {
    send(replyTo, correlationId, result, "task " + result.uuid());
  }

  /** Sends the results of a bundle in one reply; a failure is thrown, as for one. */
  public void send(Destination replyTo, String correlationId, List<ResultMessage> results) {
    send(replyTo, correlationId, results, results.size() + " tasks");
  }

  private void send(Destination replyTo, String correlationId, Object reply, String what) {
    String text = MessageJson.toJson(reply);
    int[] failures = {0};
    try {
      new Retry(Duration.ofSeconds(retrySeconds), FIRST_PAUSE_MILLIS, LONGEST_PAUSE_MILLIS)
          .until(
              () -> {
                sender.send(replyTo, correlationId, null, text);
                return null;
              },
              (attempt, e, pause) -> {
                failures[0] = attempt;
                if (attempt == 1) {
                  LOG.warning(
                      () ->
                          "cannot reply for "
                              + what
                              + " ("
                              + e.getMessage()
                              + "); trying again for up to "
                              + retrySeconds
                              + " s");
                }
              });
    } catch (Retry.GaveUp gaveUp) {
      throw new IllegalStateException(
          gaveUp.interrupted()
              ? "interrupted while replying for " + what
              : "cannot reply for "
                  + what
                  + " within "
                  + retrySeconds
                  + " s: "
                  + gaveUp.getCause().getMessage(),
          gaveUp.getCause());
    }
    if (failures[0] > 0) {
      int attempts = failures[0] + 1;
      LOG.info(() -> "replied for " + what + " at attempt " + attempts);
    }
  }
}
