package io.github.faafo.producer.control;

import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.TaskMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * Sends fractals to the workers: new random ones from the timer, ones a REST client created, and
 * stuck ones again. A record is committed as dispatched before its task leaves, so its reply always
 * finds it.
 */
@ApplicationScoped
public class FractalDispatcher {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Inject FractalRecords records;

  @Inject TaskRequestor requestor;

  /** Sends a generated task, whose record {@link FractalRecords#createGenerated} stored. */
  public CompletableFuture<ResultMessage> sendGenerated(TaskMessage task) {
    LOG.info(() -> "generated task: " + MessageJson.toJson(task));
    return requestor.request(task);
  }

  /** Sends the pending record {@code uuid} (again); nothing if it is no longer pending. */
  public Optional<CompletableFuture<ResultMessage>> dispatch(String uuid) {
    if (requestor.isInFlight(uuid)) {
      return Optional.empty();
    }
    return records.markDispatched(uuid).map(requestor::request);
  }

  /**
   * Sends the pending record {@code uuid} once more, alone, unless it was dispatched {@code
   * maxAttempts} times already; true when it was sent.
   */
  public boolean dispatchAgain(String uuid, int maxAttempts) {
    Optional<TaskMessage> task = records.markDispatched(uuid, maxAttempts);
    task.ifPresent(requestor::request);
    return task.isPresent();
  }

  /**
   * Sends each of the records {@code uuids} that is still pending once more, alone in its message,
   * even when it waits for a reply here (its bundle was dead-lettered: that reply never comes).
   */
  public void dispatchEachAlone(List<String> uuids) {
    for (String uuid : uuids) {
      dispatchAgain(uuid, Integer.MAX_VALUE);
    }
  }

  /**
   * Sends those of the records {@code uuids} that are still pending and not waiting for a reply
   * here, marked as dispatched in one transaction (tiny ones bundled, {@link TaskBundling}).
   */
  public void dispatchAll(List<String> uuids) {
    List<String> waiting = uuids.stream().filter(uuid -> !requestor.isInFlight(uuid)).toList();
    if (waiting.size() == 1) {
      dispatch(waiting.get(0));
    } else if (!waiting.isEmpty()) {
      requestor.requestAll(records.markAllDispatched(waiting));
    }
  }
}
