package io.github.faafo.worker.control;

import io.github.faafo.messaging.JmsLink;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.ResourceNames;
import io.github.faafo.messaging.ResultMessage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends results to the temporary queue each task names as its reply-to, over one shared connection;
 * the destination is used as received, never declared again.
 */
@ApplicationScoped
public class ReplySender {

  @Inject
  @ConfigProperty(name = "faafo.worker.reply-sessions")
  int sessions;

  private JmsLink link;

  @PostConstruct
  void open() {
    link =
        new JmsLink("worker replies", ResourceNames.CONNECTION_FACTORY, sessions, connection -> {});
  }

  @PreDestroy
  void close() {
    link.close();
  }

  /** Sends {@code result}; a failure is thrown so that the task is delivered again. */
  public void send(Destination replyTo, String correlationId, ResultMessage result) {
    try {
      link.send(replyTo, correlationId, null, MessageJson.toJson(result));
    } catch (JMSException e) {
      throw new IllegalStateException(
          "cannot reply for task " + result.uuid() + ": " + e.getMessage(), e);
    }
  }
}
