package io.github.faafo.producer.control;

import io.github.faafo.fractal.control.Backlog;
import io.github.faafo.fractal.control.TaskLimits;
import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.TaskMessage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * One wake-up of the producer: generate a random number of tasks, dispatch them all, and wait for
 * their results, logging each step as the original did; skipped while too many fractals wait for
 * rendering ({@link Backlog}). It waits at most one interval: a timer callback that waits for the
 * reply timeout holds up the server's shutdown or reload as long (WildFly waited 60 s for one whose
 * workers had already stopped); a batch whose results are still on their way then holds off the
 * next one instead, so that batches still do not pile up.
 */
@ApplicationScoped
public class TaskProduction {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Inject Config config;

  @Inject FractalDispatcher dispatcher;

  @Inject ProducerMetrics metrics;

  @Inject FractalRecords records;

  @Inject ProducerLeases leases;

  private TaskRanges ranges;

  private Backlog backlog;

  private long waitSeconds;

  /** The replies of the last batch: the next one waits until they have all come (or timed out). */
  private volatile List<CompletableFuture<ResultMessage>> lastBatch = List.of();

  @PostConstruct
  void init() {
    ranges = TaskRanges.from(config);
    backlog = Backlog.from(config);
    waitSeconds = config.getValue("faafo.producer.interval-seconds", Long.class);
  }

  /** Why the configured ranges cannot make valid tasks; empty when they can. */
  public List<String> configurationProblems() {
    return ranges.problems(new TaskValidator(TaskLimits.from(config)));
  }

  /**
   * Generates and dispatches one batch, then waits until every task has its result or timed out.
   */
  public void runOnce() {
    long onTheirWay = lastBatch.stream().filter(reply -> !reply.isDone()).count();
    if (onTheirWay > 0) {
      LOG.info(
          () -> "the last batch still waits for " + onTheirWay + " result(s); no new batch yet");
      return;
    }
    TaskGenerator generator = new TaskGenerator(ranges, ThreadLocalRandom.current());
    int count = generator.taskCount();
    long pending = records.backlogRefusal(backlog, count);
    if (pending >= 0) {
      metrics.batchSkipped();
      LOG.warning(
          () ->
              "skipping this batch of "
                  + count
                  + " task(s): "
                  + pending
                  + " fractals wait for rendering (faafo.task.max-pending "
                  + backlog.maxPending()
                  + ")");
      return;
    }
    List<TaskMessage> tasks = generator.next(count);
    OptionalLong term = records.createGenerated(tasks, leases.node());
    if (term.isEmpty()) {
      metrics.batchFenced();
      LOG.warning(
          () ->
              "this node ("
                  + leases.node()
                  + ") no longer holds the generation lease: the database names another holder;"
                  + " its batch of "
                  + count
                  + " task(s) is dropped, nothing was stored");
      return;
    }
    LOG.info(
        () -> "generating " + count + " task(s) (generation lease term " + term.getAsLong() + ")");
    List<CompletableFuture<ResultMessage>> replies = new ArrayList<>(count);
    for (TaskMessage task : tasks) {
      metrics.generated();
      replies.add(
          dispatcher
              .sendGenerated(task)
              .whenComplete(
                  (result, failure) -> {
                    if (failure != null) {
                      LOG.warning(
                          () ->
                              "a task got no result in time ("
                                  + failure
                                  + "); it will be sent again");
                    }
                  }));
    }
    lastBatch = replies;
    try {
      CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
          .get(waitSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // each reply's outcome is logged above; the next wake-up waits for what is still on its way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
