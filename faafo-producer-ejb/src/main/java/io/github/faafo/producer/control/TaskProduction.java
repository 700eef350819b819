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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * One wake-up of the producer: generate a random number of tasks, dispatch them all, and wait for
 * their results, logging each step as the original did; skipped while too many fractals wait for
 * rendering ({@link Backlog}).
 */
@ApplicationScoped
public class TaskProduction {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Inject Config config;

  @Inject FractalDispatcher dispatcher;

  @Inject ProducerMetrics metrics;

  @Inject FractalRecords records;

  private TaskRanges ranges;

  private Backlog backlog;

  @PostConstruct
  void init() {
    ranges = TaskRanges.from(config);
    backlog = Backlog.from(config);
  }

  /** Why the configured ranges cannot make valid tasks; empty when they can. */
  public List<String> configurationProblems() {
    return ranges.problems(new TaskValidator(TaskLimits.from(config)));
  }

  /**
   * Generates and dispatches one batch, then waits until every task has its result or timed out.
   */
  public void runOnce() {
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
    LOG.info(() -> "generating " + count + " task(s)");
    List<CompletableFuture<ResultMessage>> replies = new ArrayList<>(count);
    for (TaskMessage task : generator.next(count)) {
      metrics.generated();
      replies.add(dispatcher.dispatchNew(task));
    }
    for (CompletableFuture<ResultMessage> reply : replies) {
      try {
        reply.join();
      } catch (RuntimeException e) {
        LOG.warning(
            () -> "a task got no result in time (" + e.getMessage() + "); it will be sent again");
      }
    }
  }
}
