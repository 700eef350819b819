package io.github.faafo.api.control;

import io.github.faafo.messaging.DispatchRequest;
import io.github.faafo.messaging.JmsLink;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.ResourceNames;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import java.util.logging.Logger;

/**
 * Tells the producer about a fractal a REST client created, so that it gets rendered. If the
 * broker is away the record stays pending and the producer's sweep dispatches it later.
 */
@ApplicationScoped
public class DispatchRequests {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  @Resource(lookup = ResourceNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = ResourceNames.DISPATCH_QUEUE)
  Queue dispatchQueue;

  private JmsLink link;

  @PostConstruct
  void open() {
    link = new JmsLink("api dispatch requests", connectionFactory, 4, connection -> {});
  }

  @PreDestroy
  void close() {
    link.close();
  }

  /** Asks for {@code uuid} to be rendered; never fails the caller. */
  public void request(String uuid) {
    try {
      link.send(dispatchQueue, uuid, null, MessageJson.toJson(new DispatchRequest(uuid)));
    } catch (JMSException e) {
      LOG.warning(
          () ->
              "cannot announce fractal "
                  + uuid
                  + " to the producer ("
                  + e.getMessage()
                  + "); its sweep will dispatch it");
    }
  }
}
