package io.github.faafo.worker.control;

import io.github.faafo.fractal.control.TaskLimits;
import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.messaging.MalformedMessageException;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.TaskMessage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Destination;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Does a worker's job for one task message: checks it as the API would, renders the Julia set,
 * keeps a copy as {@code <uuid>.png} ({@link ImageFiles}) and replies to the requestor with the
 * image; for a bundle of tasks, each in turn, and one reply with all their results.
 */
@ApplicationScoped
public class TaskProcessor {

  private static final Logger LOG = Logger.getLogger("faafo.worker");

  @Inject Config config;

  @Inject
  @ConfigProperty(name = "faafo.worker.thumbnail-size")
  int thumbnailSize;

  @Inject WorkerIdentity identity;

  @Inject ReplySender replies;

  @Inject ImageFiles files;

  @Inject WorkerMetrics metrics;

  private TaskValidator validator;

  @PostConstruct
  void init() {
    validator = new TaskValidator(TaskLimits.from(config));
  }

  /**
   * Processes one delivery of a task or a bundle of tasks.
   *
   * @throws MalformedMessageException when the message cannot be read or a task in it is not
   *     acceptable (then none of a bundle's tasks is rendered)
   */
  public void process(String body, Destination replyTo, String correlationId, int delivery) {
    boolean bundle = MessageJson.isBundle(body);
    List<TaskMessage> tasks = MessageJson.listFromJson(body, TaskMessage.class);
    tasks.forEach(this::check);
    List<ResultMessage> results = new ArrayList<>(tasks.size());
    for (TaskMessage task : tasks) {
      results.add(render(task, delivery));
    }
    if (replyTo == null) {
      LOG.warning(
          () ->
              "task(s) "
                  + tasks.stream().map(TaskMessage::uuid).toList()
                  + " have no reply-to queue; nobody gets their results");
      return;
    }
    if (bundle) {
      replies.send(replyTo, correlationId, results);
    } else {
      replies.send(
          replyTo, correlationId != null ? correlationId : tasks.get(0).uuid(), results.get(0));
    }
  }

  private ResultMessage render(TaskMessage task, int delivery) {
    LOG.info(
        () ->
            "processing task "
                + task.uuid()
                + (delivery > 1 ? " (delivery " + delivery + ")" : ""));
    RenderedFractal rendered = FractalRenderer.render(task, thumbnailSize);
    LOG.info(
        () ->
            "task "
                + task.uuid()
                + " processed in "
                + sixDecimals(rendered.durationSeconds())
                + " seconds");
    metrics.rendered(rendered.durationSeconds(), delivery);
    files
        .keep(task.uuid(), rendered.png())
        .ifPresent(
            file -> LOG.info(() -> "saved result of task " + task.uuid() + " to file " + file));
    return new ResultMessage(
        task.uuid(),
        rendered.durationSeconds(),
        rendered.checksum(),
        rendered.size(),
        identity.name(),
        rendered.cx(),
        rendered.cy(),
        delivery,
        rendered.png(),
        rendered.thumbnail());
  }

  /**
   * {@code seconds} as the original's {@code %f} writes it (six decimals, half up), without the
   * cost of {@code String.format} on every task.
   */
  static String sixDecimals(double seconds) {
    return BigDecimal.valueOf(seconds).setScale(6, RoundingMode.HALF_UP).toPlainString();
  }

  private void check(TaskMessage task) {
    if (!TaskValidator.isCanonicalUuid(task.uuid())) {
      throw new MalformedMessageException("task has no valid uuid: " + task.uuid());
    }
    List<Violation> violations = validator.validate(task.parameters());
    if (!violations.isEmpty()) {
      throw new MalformedMessageException(
          "task " + task.uuid() + " is not acceptable: " + violations);
    }
  }
}
