package io.github.faafo.api.control;

import io.github.faafo.messaging.DispatchRequest;
import io.github.faafo.messaging.JmsLink;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.ResourceNames;
import io.github.faafo.messaging.ServerResources;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import java.util.logging.Logger;

/**
 * Tells the producer about a fractal a REST client created, so that it gets rendered. If the broker
 * is away the record stays pending and the producer's sweep dispatches it later. The adapter's
 * resources are looked up on first use, so the API deploys (and its readiness can say what is
 * missing) even when the resource adapter is not there.
 */
@ApplicationScoped
public class DispatchRequests {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  private final JmsLink link =
      new JmsLink("api dispatch requests", ResourceNames.CONNECTION_FACTORY, 4, connection -> {});
  private volatile Queue dispatchQueue;

  private Queue dispatchQueue() throws JMSException {
    if (dispatchQueue == null) {
      dispatchQueue = ServerResources.lookup(ResourceNames.DISPATCH_QUEUE, Queue.class);
    }
    return dispatchQueue;
  }

  @PreDestroy
  void close() {
    link.close();
  }

  /** Asks for {@code uuid} to be rendered; never fails the caller. */
  public void request(String uuid) {
    try {
      link.send(dispatchQueue(), uuid, null, MessageJson.toJson(new DispatchRequest(uuid)));
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
