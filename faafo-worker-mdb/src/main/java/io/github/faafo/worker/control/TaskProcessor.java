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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Does a worker's job for one task message: checks it as the API would, renders the Julia set,
 * writes {@code <uuid>.png} to the storage directory and replies to the requestor with the image.
 */
@ApplicationScoped
public class TaskProcessor {

  private static final Logger LOG = Logger.getLogger("faafo.worker");

  @Inject Config config;

  @Inject
  @ConfigProperty(name = "faafo.worker.storage-dir")
  String storageDir;

  @Inject
  @ConfigProperty(name = "faafo.worker.thumbnail-size")
  int thumbnailSize;

  @Inject WorkerIdentity identity;

  @Inject ReplySender replies;

  @Inject WorkerMetrics metrics;

  private TaskValidator validator;

  @PostConstruct
  void init() {
    validator = new TaskValidator(TaskLimits.from(config));
  }

  /**
   * Processes one delivery of a task.
   *
   * @throws MalformedMessageException when the task cannot be read or is not acceptable
   * @throws UncheckedIOException when the image cannot be written
   */
  public void process(String body, Destination replyTo, String correlationId, int delivery) {
    TaskMessage task = MessageJson.fromJson(body, TaskMessage.class);
    check(task);
    LOG.info(
        () ->
            "processing task "
                + task.uuid()
                + (delivery > 1 ? " (delivery " + delivery + ")" : ""));
    RenderedFractal rendered = FractalRenderer.render(task, thumbnailSize);
    LOG.info(
        () ->
            String.format(
                Locale.ROOT,
                "task %s processed in %f seconds",
                task.uuid(),
                rendered.durationSeconds()));
    metrics.rendered(rendered.durationSeconds(), delivery);
    Path file = save(task.uuid(), rendered.png());
    LOG.info(() -> "saved result of task " + task.uuid() + " to file " + file);
    ResultMessage result =
        new ResultMessage(
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
    if (replyTo == null) {
      LOG.warning(() -> "task " + task.uuid() + " has no reply-to queue; nobody gets its result");
      return;
    }
    replies.send(replyTo, correlationId != null ? correlationId : task.uuid(), result);
  }

  private void check(TaskMessage task) {
    if (!TaskValidator.isCanonicalUuid(task.uuid())) {
      throw new MalformedMessageException("task has no valid uuid: " + task.uuid());
    }
    List<Violation> violations = validator.validate(task);
    if (!violations.isEmpty()) {
      throw new MalformedMessageException(
          "task " + task.uuid() + " is not acceptable: " + violations);
    }
  }

  /** Writes the PNG next to its final name and moves it there, so no reader sees half a file. */
  private Path save(String uuid, byte[] png) {
    try {
      Path dir = Path.of(storageDir);
      Files.createDirectories(dir);
      Path target = dir.resolve(uuid + ".png");
      Path partial = Files.createTempFile(dir, uuid, ".part");
      try {
        Files.write(partial, png);
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the image of task " + uuid + ": " + e, e);
    }
  }
}
