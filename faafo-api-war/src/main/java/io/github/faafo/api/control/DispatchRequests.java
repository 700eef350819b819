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
import java.util.List;
import java.util.logging.Logger;

/**
 * Tells the producer about the fractals a REST client created, so that they get rendered. If the
 * broker is away the record stays pending and the producer's sweep dispatches it later. The
 * adapter's resources are looked up on first use, so the API deploys (and its readiness can say
 * what is missing) even when the resource adapter is not there.
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

  /**
   * Checks that the broker answers through this node's dispatch connection, opening it if it is not
   * open (a readiness probe then costs no new connection).
   *
   * @throws JMSException when the broker or the adapter's connection factory is not there
   */
  public void checkBroker() throws JMSException {
    link.open();
  }

  /** Asks for {@code uuid} to be rendered; never fails the caller. */
  public void request(String uuid) {
    request(List.of(uuid));
  }

  /** Asks for {@code uuids} to be rendered, in one message; never fails the caller. */
  public void request(List<String> uuids) {
    try {
      link.send(
          dispatchQueue(),
          uuids.size() == 1 ? uuids.get(0) : null,
          null,
          MessageJson.toJson(DispatchRequest.of(uuids)));
    } catch (JMSException e) {
      LOG.warning(
          () ->
              "cannot announce "
                  + (uuids.size() == 1 ? "fractal " + uuids.get(0) : uuids.size() + " fractals")
                  + " to the producer ("
                  + e.getMessage()
                  + "); its sweep will dispatch "
                  + (uuids.size() == 1 ? "it" : "them"));
    }
  }
}
