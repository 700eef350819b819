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
import java.util.List;
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
    send(replyTo, correlationId, result, "task " + result.uuid());
  }

  /** Sends the results of a bundle in one reply; a failure is thrown, as for one. */
  public void send(Destination replyTo, String correlationId, List<ResultMessage> results) {
    send(replyTo, correlationId, results, results.size() + " tasks");
  }

  private void send(Destination replyTo, String correlationId, Object reply, String what) {
    try {
      link.send(replyTo, correlationId, null, MessageJson.toJson(reply));
    } catch (JMSException e) {
      throw new IllegalStateException("cannot reply for " + what + ": " + e.getMessage(), e);
    }
  }
}
