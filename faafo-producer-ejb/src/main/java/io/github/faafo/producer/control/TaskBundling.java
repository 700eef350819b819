package io.github.faafo.producer.control;

import io.github.faafo.messaging.TaskMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which tasks sent together travel in one message: tiny ones (at most {@code
 * faafo.producer.bundle-max-work} pixels × iterations each), up to {@code
 * faafo.producer.bundle-max-tasks} per message, so that a batch of small fractals costs a few
 * messages, deliveries and replies instead of one of each per fractal; a larger task travels alone,
 * so that no task waits long behind another's render.
 */
@ApplicationScoped
public class TaskBundling {

  @Inject
  @ConfigProperty(name = "faafo.producer.bundle-max-tasks")
  int maxTasks;

  @Inject
  @ConfigProperty(name = "faafo.producer.bundle-max-work")
  long maxWork;

  TaskBundling() {}

  TaskBundling(int maxTasks, long maxWork) {
    this.maxTasks = maxTasks;
    this.maxWork = maxWork;
  }

  /** {@code tasks} as messages: each list is one message, a bundle when it holds several. */
  public List<List<TaskMessage>> group(List<TaskMessage> tasks) {
    List<List<TaskMessage>> messages = new ArrayList<>();
    List<TaskMessage> bundle = new ArrayList<>();
    for (TaskMessage task : tasks) {
      if (maxTasks < 2 || work(task) > maxWork) {
        messages.add(List.of(task));
        continue;
      }
      bundle.add(task);
      if (bundle.size() == maxTasks) {
        messages.add(bundle);
        bundle = new ArrayList<>();
      }
    }
    if (!bundle.isEmpty()) {
      messages.add(bundle);
    }
    return messages;
  }

  /** A task's work at most: every pixel iterated to the limit. */
  static long work(TaskMessage task) {
    return task.parameters().work();
  }
}
