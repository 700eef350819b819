package io.github.faafo.producer.boundary;

import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.messaging.MalformedMessageException;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.Queues;
import io.github.faafo.messaging.RedeliveryException;
import io.github.faafo.messaging.TaskMessage;
import io.github.faafo.producer.control.FractalDispatcher;
import io.github.faafo.producer.control.FractalRecords;
import io.github.faafo.producer.control.ProducerMetrics;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes the tasks the broker dead-lettered after they failed on every delivery, logs each once and
 * marks its fractal failed, so that no record waits forever for a task nobody can render; a task
 * dead-lettered by the broker's delivery limit (not refused by a worker) is first sent again while
 * its record has dispatches left. A bundle ({@link io.github.faafo.producer.control.TaskBundling})
 * is not failed whole: each of its tasks is sent again alone, so that only a task that cannot be
 * processed on its own ends failed.
 */
@MessageDriven(
    messageListenerInterface = MessageListener.class,
    activationConfig = {
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Queues.TASKS_DEAD),
      @ActivationConfigProperty(
          propertyName = "maxSessions",
          propertyValue = Queues.TASKS_DEAD_SESSIONS)
    })
@TransactionManagement(TransactionManagementType.BEAN)
public class DeadLetterConsumer implements MessageListener {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Inject FractalRecords records;

  @Inject ProducerMetrics metrics;

  @Inject FractalDispatcher dispatcher;

  @Inject
  @ConfigProperty(name = "faafo.producer.max-attempts")
  int maxAttempts;

  @Override
  public void onMessage(Message message) {
    List<String> bundle = bundledUuids(message);
    if (!bundle.isEmpty()) {
      LOG.warning(
          () ->
              "a bundle of "
                  + bundle.size()
                  + " task(s) was dead-lettered ("
                  + Objects.requireNonNullElse(
                      deadLetterReason(message), "no worker could process it")
                  + "); each is sent again alone: "
                  + bundle);
      try {
        dispatcher.dispatchEachAlone(bundle);
      } catch (RuntimeException e) {
        throw new RedeliveryException(
            "cannot send a dead bundle's tasks again: " + e.getMessage(), e);
      }
      return;
    }
    String uuid = uuidOf(message);
    if (uuid == null) {
      LOG.severe(() -> "dead-lettered message " + messageId(message) + " names no task; dropped");
      return;
    }
    String why = deadLetterReason(message);
    if (why == null && sentAgain(uuid)) {
      return;
    }
    String reason =
        why == null
            ? "no worker could process the task; it was moved to " + Queues.TASKS_DEAD
            : "the task can never be processed (" + why + "); it was moved to " + Queues.TASKS_DEAD;
    LOG.severe(() -> "task " + uuid + " was dead-lettered: " + reason);
    try {
      if (records.fail(uuid, reason)) {
        metrics.failed();
      }
    } catch (RuntimeException e) {
      throw new RedeliveryException("cannot mark task " + uuid + " failed: " + e.getMessage(), e);
    }
  }

  private static String uuidOf(Message message) {
    try {
      if (message.getJMSCorrelationID() != null) {
        return message.getJMSCorrelationID();
      }
      if (message instanceof TextMessage text) {
        return MessageJson.fromJson(text.getText(), TaskMessage.class).uuid();
      }
    } catch (JMSException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /**
   * Sends a task the broker dead-lettered after its delivery limit once more, alone, while its
   * record has dispatches left ({@code faafo.producer.max-attempts}): the broker also counts a
   * delivery that failed through no fault of the task's (a consumer's connection to a cluster node
   * that died, a reply the broker could not take), so the limit alone does not prove that no worker
   * can render it. A task that fails on every dispatch ends failed after its last.
   */
  private boolean sentAgain(String uuid) {
    boolean sent;
    try {
      sent = dispatcher.dispatchAgain(uuid, maxAttempts);
    } catch (RuntimeException e) {
      throw new RedeliveryException("cannot send task " + uuid + " again: " + e.getMessage(), e);
    }
    if (sent) {
      metrics.redispatched();
      LOG.warning(
          () ->
              "task "
                  + uuid
                  + " was dead-lettered after the broker's delivery limit; sending it again (at"
                  + " most "
                  + maxAttempts
                  + " dispatches)");
    }
    return sent;
  }

  /**
   * The valid task ids of a bundle (a message without correlation id whose body is an array); none
   * for anything else.
   */
  private static List<String> bundledUuids(Message message) {
    try {
      if (message.getJMSCorrelationID() == null
          && message instanceof TextMessage text
          && MessageJson.isBundle(text.getText())) {
        return MessageJson.listFromJson(text.getText(), TaskMessage.class).stream()
            .map(TaskMessage::uuid)
            .filter(TaskValidator::isCanonicalUuid)
            .toList();
      }
    } catch (JMSException | RuntimeException e) {
      return List.of();
    }
    return List.of();
  }

  /** Why the adapter dead-lettered the message at once; null when the broker did, after retries. */
  private static String deadLetterReason(Message message) {
    try {
      return message.getStringProperty(MalformedMessageException.REASON_PROPERTY);
    } catch (JMSException e) {
      return null;
    }
  }

  private static String messageId(Message message) {
    try {
      return message.getJMSMessageID();
    } catch (JMSException e) {
      return "(unknown)";
    }
  }
}
