package io.github.faafo.worker.control;

import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.PooledSender;
import io.github.faafo.messaging.ResultMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
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
    long deadline = System.nanoTime() + retrySeconds * 1_000_000_000L;
    long pause = FIRST_PAUSE_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        sender.send(replyTo, correlationId, null, text);
        if (attempt > 1) {
          int attempts = attempt;
          LOG.info(() -> "replied for " + what + " at attempt " + attempts);
        }
        return;
      } catch (JMSException | RuntimeException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException(
              "cannot reply for " + what + " within " + retrySeconds + " s: " + e.getMessage(), e);
        }
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
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while replying for " + what, e);
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
    }
  }
}
